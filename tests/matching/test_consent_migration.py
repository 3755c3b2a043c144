"""The approval mode `mentee_requests` became `mentee_accepts`: stored programs and runs are
rewritten by the migration, on SQLite and on PostgreSQL."""

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
            return found
    finally:
        await engine.dispose()


EXPECTED = {
    "programs:old": "mentee_accepts",
    "programs:other": "admin_assigns",
    "matching_runs:old": "mentee_accepts",
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
