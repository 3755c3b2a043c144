"""The organisation's retention rule, applied by its scheduled sweep (the scheduler's clock
driven by the test): people whose relationships and enrolments are all over (ended matches, a
closed program) are erased once the rule's days have passed since the last of them ended, and
nobody else is."""

from datetime import timedelta
from typing import Any

import httpx

from kit.db import utcnow
from tests.infra.apps import serve
from tests.matching.conftest import Clockwork, Headers, scheduler_at


async def _pair(
    api: httpx.AsyncClient, admin: dict[str, str], program_id: str, mentee: str, mentor: str
) -> dict[str, Any]:
    ids = {}
    for user, role in ((mentee, "mentee"), (mentor, "mentor")):
        body = {"user_id": user, "role": role, "display_name": user.title()}
        enrolled = await api.post(
            f"/v1/programs/{program_id}/participants", json=body, headers=admin
        )
        assert enrolled.status_code == 201, enrolled.text
        ids[role] = enrolled.json()["id"]
    match = await api.post(
        f"/v1/programs/{program_id}/matches",
        json={"mentee_participant_id": ids["mentee"], "mentor_participant_id": ids["mentor"]},
        headers=admin,
    )
    assert match.status_code == 201, match.text
    return dict(match.json())


async def test_people_whose_relationships_ended_are_erased_after_the_retention_days(
    clockwork: Clockwork, as_user: Headers
) -> None:
    app = clockwork()
    admin = as_user("ada", admin=True)
    async with serve(app) as api:
        programs = []
        for name in ("Closed", "Going on"):
            program = await api.post(
                "/v1/programs",
                json={"name": name, "settings": {"approval": "admin_assigns"}},
                headers=admin,
            )
            assert program.status_code == 201, program.text
            programs.append(program.json()["id"])
        ended = await _pair(api, admin, programs[0], "erin", "mo")
        await _pair(api, admin, programs[1], "tia", "max")
        done = await api.post(
            f"/v1/matches/{ended['id']}/end", json={"outcome": "completed"}, headers=admin
        )
        assert done.status_code == 200, done.text
        closed = await api.post(
            f"/v1/programs/{programs[0]}/status", json={"status": "closed"}, headers=admin
        )
        assert closed.status_code == 200, closed.text
        rule = await api.put("/v1/privacy/settings", json={"retention_days": 30}, headers=admin)
        assert rule.status_code == 200, rule.text

        async def erased() -> list[str]:
            found = await api.get("/v1/erasure-requests", headers=admin)
            return [r["reason"] for r in found.json()]

        async def exported(user: str) -> int:
            return (await api.get(f"/v1/people/{user}/export", headers=admin)).status_code

        now = utcnow()
        await scheduler_at(app, now + timedelta(days=29)).fire_due()
        assert await erased() == []
        assert await exported("erin") == 200

        await scheduler_at(app, now + timedelta(days=30, hours=12)).fire_due()
        assert await erased() == ["retention", "retention"]  # erin and mo
        assert await exported("erin") == 404
        assert await exported("mo") == 404
        assert await exported("tia") == 200
        assert await exported("max") == 200

        await scheduler_at(app, now + timedelta(days=60)).fire_due()
        assert len(await erased()) == 2  # nobody twice
