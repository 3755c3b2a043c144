"""The approval mode `mentee_requests` became `mentee_accepts`: stored programs and runs are
rewritten by the migration, and a pending own request counts as its author's acceptance, on
SQLite and on PostgreSQL."""

import asyncio
import json
from pathlib import Path
from uuid import uuid4

import pytest
from alembic import command
from sqlalchemy import Uuid, bindparam, text

from kit.db import create_engine
from kit.migrations import alembic_config
from matching.app import DEFINITION


async def _migrate_old_settings(url: str) -> dict[str, object]:
    """Programs and a run stored at revision 0003, read back after upgrading to head."""
    config = alembic_config(DEFINITION.migrations_dir, url)
    await asyncio.to_thread(command.upgrade, config, "0003")
    old, other, run = uuid4(), uuid4(), uuid4()
    own_request, proposal, decided = uuid4(), uuid4(), uuid4()
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            for program_id, approval in ((old, "mentee_requests"), (other, "admin_assigns")):
                await connection.execute(
                    text(
                        "INSERT INTO programs (id, org_id, name, format, status, admin_user_ids,"
                        " settings, checkin_cadence, goal_templates) VALUES (:id, 'acme', 'P',"
                        " 'one_to_one', 'enrolling', '[]', :settings, 'biweekly', '[]')"
                    ).bindparams(bindparam("id", type_=Uuid())),
                    {"id": program_id, "settings": json.dumps({"approval": approval})},
                )
            await connection.execute(
                text(
                    "INSERT INTO matching_runs (id, org_id, program_id, mode, status, settings,"
                    " report, pairs, unmatched, fairness, created_by) VALUES (:id, 'acme', :p,"
                    " 'optimal', 'draft', :settings, '{}', '[]', '[]', '{}', 'ada')"
                ).bindparams(bindparam("id", type_=Uuid()), bindparam("p", type_=Uuid())),
                {"id": run, "p": old, "settings": json.dumps({"approval": "mentee_requests"})},
            )
            ids = bindparam("id", type_=Uuid()), bindparam("p", type_=Uuid())
            mentee, mentor = uuid4(), uuid4()
            for person, user, role in ((mentee, "amy", "mentee"), (mentor, "max", "mentor")):
                await connection.execute(
                    text(
                        "INSERT INTO participants (id, org_id, program_id, user_id, role,"
                        " display_name) VALUES (:id, 'acme', :p, :user, :role, :user)"
                    ).bindparams(*ids),
                    {"id": person, "p": old, "user": user, "role": role},
                )
            for match_id, status, proposed_by in (
                (own_request, "proposed", "amy"),
                (proposal, "proposed", "ada"),
                (decided, "declined", "amy"),
            ):
                await connection.execute(
                    text(
                        "INSERT INTO matches (id, org_id, program_id, mentor_participant_id,"
                        " mentee_participant_id, mentor_user_id, mentee_user_id, status, score,"
                        " explanation, awaiting, proposed_by) VALUES (:id, 'acme', :p, :mentor,"
                        " :mentee, 'max', 'amy', :status, 50, '{}', '[]', :by)"
                    ).bindparams(
                        *ids,
                        bindparam("mentor", type_=Uuid()),
                        bindparam("mentee", type_=Uuid()),
                    ),
                    {
                        "id": match_id,
                        "p": old,
                        "mentor": mentor,
                        "mentee": mentee,
                        "status": status,
                        "by": proposed_by,
                    },
                )
        await asyncio.to_thread(command.upgrade, config, "head")
        async with engine.connect() as connection:
            found: dict[str, object] = {}
            for table, row_id in (("programs", old), ("programs", other), ("matching_runs", run)):
                stored = await connection.scalar(
                    text(f"SELECT settings FROM {table} WHERE id = :id").bindparams(
                        bindparam("id", type_=Uuid())
                    ),
                    {"id": row_id},
                )
                settings = json.loads(stored) if isinstance(stored, str) else stored
                found[f"{table}:{'old' if row_id != other else 'other'}"] = settings["approval"]
            for name, match_id in (
                ("own_request", own_request),
                ("proposal", proposal),
                ("decided", decided),
            ):
                stored = await connection.scalar(
                    text("SELECT accepted_by FROM matches WHERE id = :id").bindparams(
                        bindparam("id", type_=Uuid())
                    ),
                    {"id": match_id},
                )
                found[name] = json.loads(stored) if isinstance(stored, str) else stored
            # SQLite recreated the participants table under the matches that reference it.
            found["participants"] = await connection.scalar(
                text(
                    "SELECT count(*) FROM participants p JOIN matches m"
                    " ON m.mentee_participant_id = p.id OR m.mentor_participant_id = p.id"
                )
            )
        await asyncio.to_thread(command.downgrade, config, "0003")
        await asyncio.to_thread(command.upgrade, config, "head")
        return found
    finally:
        await engine.dispose()


EXPECTED = {
    "programs:old": "mentee_accepts",
    "programs:other": "admin_assigns",
    "matching_runs:old": "mentee_accepts",
    "own_request": ["amy"],
    "proposal": [],
    "decided": [],
    "participants": 6,
}


@pytest.mark.embedded
async def test_stored_mentee_requests_becomes_mentee_accepts_on_sqlite(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'matching.db'}"
    assert await _migrate_old_settings(url) == EXPECTED


@pytest.mark.integration
async def test_stored_mentee_requests_becomes_mentee_accepts_on_postgresql(
    database_url: str,
) -> None:
    assert await _migrate_old_settings(database_url) == EXPECTED
