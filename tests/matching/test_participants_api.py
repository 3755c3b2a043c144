"""Enrolment over the matching REST API: who may enrol whom, conflicts, cursor pages."""

import httpx
import pytest

from kit.devtokens import DevIssuer
from tests.infra.apps import bearer


@pytest.fixture
def matching(api: httpx.AsyncClient) -> httpx.AsyncClient:
    return api


@pytest.fixture
async def program_id(matching: httpx.AsyncClient, issuer: DevIssuer) -> str:
    admin = bearer(issuer.mint("ada", "acme", ["org_admin"]))
    response = await matching.post("/v1/programs", json={"name": "P"}, headers=admin)
    return str(response.json()["id"])


def person(user_id: str, role: str = "mentee") -> dict[str, str]:
    return {"user_id": user_id, "role": role, "display_name": user_id.title()}


async def test_people_enrol_themselves_but_only_admins_enrol_others(
    matching: httpx.AsyncClient, issuer: DevIssuer, program_id: str
) -> None:
    bob = bearer(issuer.mint("bob", "acme"))
    url = f"/v1/programs/{program_id}/participants"
    assert (await matching.post(url, json=person("bob"), headers=bob)).status_code == 201
    other = await matching.post(url, json=person("eve"), headers=bob)
    assert (other.status_code, other.json()["code"]) == (403, "forbidden")
    again = await matching.post(url, json=person("bob", "mentor"), headers=bob)
    assert (again.status_code, again.json()["code"]) == (409, "already-enrolled")


async def test_only_org_admins_create_programs_and_anonymous_callers_get_401(
    matching: httpx.AsyncClient, issuer: DevIssuer
) -> None:
    member = await matching.post(
        "/v1/programs", json={"name": "X"}, headers=bearer(issuer.mint("bob", "acme"))
    )
    assert member.status_code == 403
    anonymous = await matching.post("/v1/programs", json={"name": "X"})
    assert (anonymous.status_code, anonymous.json()["code"]) == (401, "unauthorized")
    assert anonymous.headers["www-authenticate"] == "Bearer"


async def test_participants_come_in_cursor_pages_without_gaps_or_repeats(
    matching: httpx.AsyncClient, issuer: DevIssuer, program_id: str
) -> None:
    admin = bearer(issuer.mint("ada", "acme", ["org_admin"]))
    url = f"/v1/programs/{program_id}/participants"
    for index in range(5):
        await matching.post(url, json=person(f"user{index}"), headers=admin)

    seen: list[str] = []
    cursor: str | None = None
    while True:
        params = {"limit": "2", **({"cursor": cursor} if cursor else {})}
        page = (await matching.get(url, params=params, headers=admin)).json()
        seen += [item["user_id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [f"user{index}" for index in range(5)]

    too_many = await matching.get(url, params={"limit": "101"}, headers=admin)
    assert too_many.status_code == 422
    forged = await matching.get(url, params={"cursor": "not-ours"}, headers=admin)
    assert (forged.status_code, forged.json()["code"]) == (422, "validation-failed")


async def test_a_retried_create_with_the_same_idempotency_key_creates_once(
    matching: httpx.AsyncClient, issuer: DevIssuer
) -> None:
    admin = bearer(issuer.mint("ada", "acme", ["org_admin"]))
    headers = {**admin, "Idempotency-Key": "create-spring-1"}
    first = await matching.post("/v1/programs", json={"name": "Spring"}, headers=headers)
    retry = await matching.post("/v1/programs", json={"name": "Spring"}, headers=headers)
    other = await matching.post("/v1/programs", json={"name": "Autumn"}, headers=headers)
    someone_else = await matching.post(
        "/v1/programs",
        json={"name": "Spring"},
        headers={
            **bearer(issuer.mint("bea", "acme", ["org_admin"])),
            "Idempotency-Key": "create-spring-1",
        },
    )

    assert (first.status_code, retry.status_code) == (201, 201)
    assert retry.json() == first.json()
    assert retry.headers["idempotent-replayed"] == "true"
    assert other.status_code == 422
    assert someone_else.status_code == 201
    assert someone_else.json()["id"] != first.json()["id"]
