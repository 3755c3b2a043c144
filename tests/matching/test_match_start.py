"""An accepted match holds its place until its start date; then a durable job activates it."""

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import select

from matching.app import DEFINITION
from tests.infra.apps import serve
from tests.matching.conftest import Clockwork, Headers, profile, scheduler_at

START = datetime.now(UTC).date() + timedelta(days=10)


async def _outbox_types(app: Any, match_id: str) -> list[str]:
    outbox = DEFINITION.tables.outbox
    async with app.state.runtime.sessions() as session:
        rows = await session.execute(
            select(outbox.c.type).where(outbox.c.aggregateid == match_id).order_by(outbox.c.id)
        )
        return [row.type.split(".")[3] for row in rows]


async def test_an_accepted_match_holds_its_place_and_starts_on_the_program_start_date(
    clockwork: Clockwork, as_user: Headers
) -> None:
    app = clockwork()
    admin = as_user("ada", admin=True)
    async with serve(app) as api:
        program = await api.post(
            "/v1/programs",
            json={
                "name": "Autumn",
                "starts_on": START.isoformat(),
                "settings": {"approval": "admin_assigns"},
            },
            headers=admin,
        )
        program_id = program.json()["id"]

        async def enrol(user: str, role: str, **extra: Any) -> str:
            body = {
                "user_id": user,
                "role": role,
                "display_name": user,
                "profile": profile(),
                **extra,
            }
            response = await api.post(
                f"/v1/programs/{program_id}/participants", json=body, headers=admin
            )
            assert response.status_code == 201, response.text
            return str(response.json()["id"])

        amy, ben, cat = [await enrol(name, "mentee") for name in ("amy", "ben", "cat")]
        mentor = await enrol("max", "mentor", capacity=1)

        async def assign(mentee: str) -> httpx.Response:
            body = {"mentee_participant_id": mentee, "mentor_participant_id": mentor}
            return await api.post(f"/v1/programs/{program_id}/matches", json=body, headers=admin)

        first = (await assign(amy)).json()
        assert first["status"] == "accepted"
        assert first["starts_on"] == START.isoformat()
        assert (await assign(ben)).status_code == 422  # the accepted match holds the place
        cannot_complete = await api.post(
            f"/v1/matches/{first['id']}/end", json={"outcome": "completed"}, headers=admin
        )
        assert cannot_complete.status_code == 409
        assert cannot_complete.json()["type"].endswith("conflict")

        day_before = datetime.combine(START, datetime.min.time(), UTC) - timedelta(hours=1)
        assert await scheduler_at(app, day_before).fire_due() == 0
        assert (await api.get(f"/v1/matches/{first['id']}", headers=admin)).json()[
            "status"
        ] == "accepted"
        assert await scheduler_at(app, day_before + timedelta(hours=2)).fire_due() == 1
        started = (await api.get(f"/v1/matches/{first['id']}", headers=admin)).json()
        assert started["status"] == "active"
        assert await _outbox_types(app, first["id"]) == ["proposed", "accepted", "activated"]

        # Ending before the start cancels the start: the match never becomes active.
        await api.post(
            f"/v1/matches/{first['id']}/end", json={"outcome": "ended_early"}, headers=admin
        )
        second = (await assign(cat)).json()
        assert second["status"] == "accepted"
        ended = await api.post(
            f"/v1/matches/{second['id']}/end", json={"outcome": "ended_early"}, headers=admin
        )
        assert ended.json()["status"] == "ended"
        assert await scheduler_at(app, day_before + timedelta(days=2)).fire_due() == 0
        assert await _outbox_types(app, second["id"]) == ["proposed", "accepted", "ended"]


async def test_a_match_accepted_once_the_program_runs_is_active_at_once(
    api: httpx.AsyncClient, as_user: Headers, new_program: Any, enrol: Any
) -> None:
    program_id = await new_program(settings={"approval": "admin_assigns"})
    mentee = await enrol(program_id, "amy", "mentee")
    mentor = await enrol(program_id, "max", "mentor")
    created = await api.post(
        f"/v1/programs/{program_id}/matches",
        json={"mentee_participant_id": mentee["id"], "mentor_participant_id": mentor["id"]},
        headers=as_user("ada", admin=True),
    )
    assert created.json()["status"] == "active"
    assert created.json()["starts_on"] == datetime.now(UTC).date().isoformat()
