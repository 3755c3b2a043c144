"""The weight suggestion through the API, on generated relationships: too little data suggests
nothing; a planted factor is found and one call runs the what-if with the suggested weights;
with no effect, nothing is suggested and the what-if is refused."""

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta
from typing import Any
from uuid import UUID

import httpx
import numpy as np
import pytest
from fastapi import FastAPI

from kit.auth import TokenVerifier
from kit.db import utcnow
from matching.engine.profiles import FACTORS
from matching.models import Match
from tests.backends import Backend
from tests.infra.apps import serve
from tests.matching.conftest import Headers, matching_app, profile

Served = tuple[FastAPI, httpx.AsyncClient]


@pytest.fixture
async def served(backend: Backend, verifier: TokenVerifier) -> AsyncIterator[Served]:
    app = matching_app(backend, verifier)
    async with serve(app) as client:
        yield app, client


async def program_with_run(client: httpx.AsyncClient, admin: dict[str, str]) -> dict[str, Any]:
    created = await client.post("/v1/programs", json={"name": "Spring"}, headers=admin)
    assert created.status_code == 201, created.text
    program_id = created.json()["id"]
    people = {}
    for user, role, skills in (
        ("mia", "mentor", {"skills_offered": {"python": 5}}),
        ("noa", "mentor", {"skills_offered": {"sql": 4}}),
        ("oli", "mentee", {"skills_wanted": {"python": 3}}),
        ("pia", "mentee", {"skills_wanted": {"sql": 2}}),
    ):
        body = {"user_id": user, "role": role, "display_name": user, "profile": profile(**skills)}
        enrolled = await client.post(
            f"/v1/programs/{program_id}/participants", json=body, headers=admin
        )
        assert enrolled.status_code == 201, enrolled.text
        people[user] = enrolled.json()["id"]
    run = await client.post(f"/v1/programs/{program_id}/runs", json={}, headers=admin)
    assert run.status_code == 201, run.text
    return {"program_id": program_id, "run_id": run.json()["id"], "people": people}


async def relationships(
    app: FastAPI, world: dict[str, Any], count: int, planted: float, seed: int = 3
) -> None:
    """`count` ended relationships, started 90 days ago, whose health is 50 + planted * their
    skills value + noise; their factor values are drawn at random."""
    rng = np.random.default_rng(seed)
    started = utcnow() - timedelta(days=90)
    rows = []
    for _ in range(count):
        values = rng.random(len(FACTORS))
        contributions = [
            {"factor": f, "weight": 1 / len(FACTORS), "value": float(v), "points": 0.0}
            for f, v in zip(FACTORS, values, strict=True)
        ]
        rows.append(
            Match(
                org_id="acme",
                program_id=UUID(world["program_id"]),
                mentor_participant_id=UUID(world["people"]["mia"]),
                mentee_participant_id=UUID(world["people"]["oli"]),
                mentor_user_id="mia",
                mentee_user_id="oli",
                status="ended",
                explanation={"contributions": contributions},
                proposed_by="ada",
                accepted_at=started,
                ended_at=started + timedelta(days=80),
                health_score=float(np.clip(50 + planted * values[0] + rng.normal(0, 8), 0, 100)),
            )
        )
    sessions: Callable[[], Any] = app.state.runtime.sessions
    async with sessions() as session:
        session.add_all(rows)
        await session.commit()


Suggest = Callable[[], Awaitable[dict[str, Any]]]


async def test_too_little_data_suggests_nothing(served: Served, as_user: Headers) -> None:
    app, client = served
    admin = as_user("ada", admin=True)
    world = await program_with_run(client, admin)
    await relationships(app, world, 29, planted=40)
    url = f"/v1/programs/{world['program_id']}/weight-suggestion"
    found = (await client.get(url, headers=admin)).json()
    assert (found["relationships"], found["effects"], found["suggested_weights"]) == (29, [], None)
    assert found["message"].startswith("Too little data")
    refused = await client.post(
        f"/v1/runs/{world['run_id']}/what-if/suggested-weights", headers=admin
    )
    assert refused.status_code == 409
    assert refused.json()["code"] == "nothing-suggested"
    assert (await client.get(url, headers=as_user("oli"))).status_code in (403, 404)


@pytest.mark.parametrize(("planted", "suggested"), [(40.0, True), (0.0, False)])
async def test_a_planted_factor_is_found_and_tried_in_one_step(
    served: Served, as_user: Headers, planted: float, suggested: bool
) -> None:
    app, client = served
    admin = as_user("ada", admin=True)
    world = await program_with_run(client, admin)
    await relationships(app, world, 40, planted=planted)
    found = (
        await client.get(f"/v1/programs/{world['program_id']}/weight-suggestion", headers=admin)
    ).json()
    assert found["relationships"] == 40
    clear = [e["factor"] for e in found["effects"] if e["distinguishable"]]
    what_if = await client.post(
        f"/v1/runs/{world['run_id']}/what-if/suggested-weights", headers=admin
    )
    if not suggested:
        assert clear == []
        assert found["suggested_weights"] is None
        assert what_if.status_code == 409
        return
    assert clear == ["skills"]
    weights = found["suggested_weights"]
    assert max(weights, key=lambda factor: weights[factor]) == "skills"
    assert what_if.status_code == 201, what_if.text
    assert what_if.json()["run"]["settings"]["weights"] == weights
    assert what_if.json()["diff"]["base_run_id"] == world["run_id"]
