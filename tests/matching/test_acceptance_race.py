"""Two acceptances racing for a mentor's last place on PostgreSQL: exactly one wins."""

import asyncio
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest

from kit.auth import TokenVerifier
from kit.devtokens import DevIssuer
from matching.app import create_app
from matching.settings import MatchingSettings
from tests.infra.apps import bearer, serve

pytestmark = pytest.mark.integration


@pytest.fixture
async def api(
    service_settings: Callable[..., MatchingSettings], verifier: TokenVerifier
) -> AsyncIterator[httpx.AsyncClient]:
    async with serve(create_app(service_settings(MatchingSettings), verifier=verifier)) as client:
        yield client


async def test_two_acceptances_for_the_last_place_one_wins_one_conflicts(
    api: httpx.AsyncClient, issuer: DevIssuer
) -> None:
    admin = bearer(issuer.mint("ada", "acme", ["org_admin"]))
    program = await api.post("/v1/programs", json={"name": "Race"}, headers=admin)
    program_id = program.json()["id"]

    async def enrol(user: str, role: str, **extra: Any) -> dict[str, Any]:
        body = {"user_id": user, "role": role, "display_name": user, **extra}
        response = await api.post(
            f"/v1/programs/{program_id}/participants", json=body, headers=admin
        )
        assert response.status_code == 201, response.text
        return dict(response.json())

    for round_ in range(3):
        mentor = await enrol(f"mentor{round_}", "mentor", capacity=2)
        proposals = []
        for index in range(2):
            mentee = await enrol(f"mentee{round_}-{index}", "mentee")
            created = await api.post(
                f"/v1/programs/{program_id}/matches",
                json={"mentee_participant_id": mentee["id"], "mentor_participant_id": mentor["id"]},
                headers=admin,
            )
            assert created.status_code == 201, created.text
            proposals.append(created.json()["id"])
        # Two proposals are out; now only one place remains for them to race for.
        shrunk = await api.patch(
            f"/v1/participants/{mentor['id']}", json={"capacity": 1}, headers=admin
        )
        assert shrunk.status_code == 200
        as_mentor = bearer(issuer.mint(f"mentor{round_}", "acme"))
        results = await asyncio.gather(
            *(api.post(f"/v1/matches/{match}/accept", headers=as_mentor) for match in proposals)
        )
        assert sorted(r.status_code for r in results) == [200, 409]
        loser = next(r for r in results if r.status_code == 409)
        assert loser.json()["reason"] == "no_capacity"
        listed = await api.get(f"/v1/programs/{program_id}/matches", headers=admin)
        active = [m for m in listed.json()["items"] if m["mentor_participant_id"] == mentor["id"]]
        assert sorted(m["status"] for m in active) == ["active", "proposed"]
