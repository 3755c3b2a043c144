"""`Prefer: respond-async`: a run computed by a durable job, answering 202 at once."""

from datetime import timedelta
from typing import Any

import pytest

from kit.db import utcnow
from matching.engine import cohort as engine_runs
from tests.infra.apps import serve
from tests.matching.conftest import Clockwork, Headers, profile, scheduler_at


async def test_a_background_run_answers_at_once_and_its_job_makes_the_same_draft(
    clockwork: Clockwork, as_user: Headers
) -> None:
    app = clockwork()  # the test fires the job itself
    admin = as_user("ada", admin=True)
    async with serve(app) as api:
        program = await api.post("/v1/programs", json={"name": "Big"}, headers=admin)
        program_id = program.json()["id"]
        people: list[tuple[str, str, dict[str, Any]]] = [
            ("m1", "mentor", {"capacity": 2, "profile": profile(skills_offered={"python": 5})}),
            ("m2", "mentor", {"profile": profile(skills_offered={"sales": 4})}),
            *(
                (f"e{i}", "mentee", {"profile": profile(skills_wanted={"python": 3})})
                for i in range(4)
            ),
        ]
        for user, role, extra in people:
            body: dict[str, Any] = {"user_id": user, "role": role, "display_name": user, **extra}
            enrolled = await api.post(
                f"/v1/programs/{program_id}/participants", json=body, headers=admin
            )
            assert enrolled.status_code == 201, enrolled.text
        url = f"/v1/programs/{program_id}/runs"

        accepted = await api.post(url, json={}, headers={**admin, "Prefer": "respond-async"})

        assert accepted.status_code == 202, accepted.text
        run = accepted.json()
        assert (run["status"], run["pairs"]) == ("computing", [])
        assert set(run["report"].values()) == {None}
        assert accepted.headers["location"] == f"/v1/runs/{run['id']}"
        assert accepted.headers["preference-applied"] == "respond-async"
        early = await api.post(f"/v1/runs/{run['id']}/publish", headers=admin)
        assert early.status_code == 409  # nothing to publish while it computes

        scheduler = scheduler_at(app, utcnow() + timedelta(seconds=1))
        assert await scheduler.fire_due() == 1
        assert await scheduler.fire_due() == 0  # once

        done = (await api.get(accepted.headers["location"], headers=admin)).json()
        # The same seed (ties are drawn per run) makes the same draft in a request.
        replay = {"seed": done["settings"]["seed"]}
        in_request = (await api.post(url, json=replay, headers=admin)).json()
        assert done["status"] == in_request["status"] == "draft"
        assert done["pairs"] == in_request["pairs"]
        assert done["report"]["matched"] == len(done["pairs"]) > 0
        assert done["report"]["certificate"]["gap_units"] == 0
        assert (await api.post(f"/v1/runs/{run['id']}/publish", headers=admin)).status_code == 200


async def test_a_run_the_engine_refuses_is_failed_with_the_reason_and_cannot_be_published(
    clockwork: Clockwork, as_user: Headers, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_: object, **__: object) -> None:
        raise ValueError("the solver gave up")

    monkeypatch.setattr(engine_runs, "run", refuse)
    app = clockwork()
    admin = as_user("ada", admin=True)
    async with serve(app) as api:
        program = await api.post("/v1/programs", json={"name": "Odd"}, headers=admin)
        url = f"/v1/programs/{program.json()['id']}/runs"
        accepted = await api.post(url, json={}, headers={**admin, "Prefer": "respond-async"})
        assert accepted.status_code == 202, accepted.text

        assert await scheduler_at(app, utcnow() + timedelta(seconds=1)).fire_due() == 1

        run = (await api.get(accepted.headers["location"], headers=admin)).json()
        assert run["status"] == "failed"
        report = {key: value for key, value in run["report"].items() if value is not None}
        assert report == {"error": "ValueError: the solver gave up"}
        published = await api.post(f"/v1/runs/{run['id']}/publish", headers=admin)
        assert published.status_code == 409
