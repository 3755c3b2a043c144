"""SCIM 2.0 provisioning on matching: the organisation's credential, the Users resource
(create, read, filter, page, replace, patch, delete), its errors, and what deactivating a
person does to their programs (withdrawn, with the events that follow)."""

from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from kit.events.envelope import decode
from tests.backends import Backend
from tests.infra.apps import eventually
from tests.matching.conftest import Headers

USER = "urn:ietf:params:scim:schemas:core:2.0:User"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"
SCIM_JSON = "application/scim+json"

Enrol = Callable[..., Awaitable[dict[str, Any]]]
NewProgram = Callable[..., Awaitable[str]]


async def rotate(api: httpx.AsyncClient, as_user: Headers, org: str = "acme") -> dict[str, str]:
    """A new SCIM secret for `org`, as the headers an identity provider sends."""
    response = await api.post("/v1/scim/credentials", headers=as_user("ada", org, admin=True))
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['secret']}", "Content-Type": SCIM_JSON}


def user(name: str, **fields: Any) -> dict[str, Any]:
    return {
        "schemas": [USER],
        "userName": name,
        "name": {"givenName": name.title(), "familyName": "Doe"},
        "emails": [{"value": f"{name}@example.com", "primary": True, "type": "work"}],
        "active": True,
        **fields,
    }


def deactivate() -> dict[str, Any]:
    return {"schemas": [PATCH], "Operations": [{"op": "replace", "value": {"active": False}}]}


def assert_scim_error(response: httpx.Response, status: int, scim_type: str | None) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(SCIM_JSON)
    body = response.json()
    assert body["schemas"] == [ERROR]
    assert body["status"] == str(status)
    assert body.get("scimType") == scim_type


@pytest.fixture
async def scim(api: httpx.AsyncClient, as_user: Headers) -> dict[str, str]:
    return await rotate(api, as_user)


async def test_an_org_admin_gets_a_secret_shown_once_and_rotating_voids_the_old_one(
    api: httpx.AsyncClient, as_user: Headers
) -> None:
    member = await api.post("/v1/scim/credentials", headers=as_user("bob"))
    assert member.status_code == 403
    first = await rotate(api, as_user)
    assert (await api.get("/scim/v2/Users", headers=first)).status_code == 200
    second = await rotate(api, as_user)
    assert_scim_error(await api.get("/scim/v2/Users", headers=first), 401, None)
    assert (await api.get("/scim/v2/Users", headers=second)).status_code == 200


async def test_scim_takes_its_secret_only_not_a_users_token(
    api: httpx.AsyncClient, as_user: Headers, scim: dict[str, str]
) -> None:
    admin_jwt = as_user("ada", admin=True)
    assert_scim_error(await api.get("/scim/v2/Users", headers=admin_jwt), 401, None)
    assert_scim_error(await api.get("/scim/v2/Users"), 401, None)
    wrong = {"Authorization": "Bearer mscim_" + "x" * 43}
    refused = await api.get("/scim/v2/Users", headers=wrong)
    assert_scim_error(refused, 401, None)
    assert refused.headers["www-authenticate"].startswith("Bearer")


async def test_users_are_created_read_replaced_and_deleted(
    api: httpx.AsyncClient, scim: dict[str, str]
) -> None:
    created = await api.post("/scim/v2/Users", json=user("bjensen", externalId="E1"), headers=scim)
    assert created.status_code == 201, created.text
    body = created.json()
    assert created.headers["location"] == body["meta"]["location"]
    assert body["meta"]["location"].endswith(f"/scim/v2/Users/{body['id']}")
    assert (body["userName"], body["externalId"], body["active"]) == ("bjensen", "E1", True)
    assert body["emails"] == [{"value": "bjensen@example.com", "type": "work", "primary": True}]

    url = f"/scim/v2/Users/{body['id']}"
    read = await api.get(url, headers=scim)
    assert read.status_code == 200
    assert read.json()["name"] == {"givenName": "Bjensen", "familyName": "Doe"}

    renamed = user("babs", externalId="E2", displayName="Babs Jensen")
    replaced = await api.put(url, json=renamed, headers=scim)
    assert replaced.status_code == 200, replaced.text
    assert (replaced.json()["userName"], replaced.json()["displayName"]) == ("babs", "Babs Jensen")
    assert replaced.json()["meta"]["version"] != body["meta"]["version"]

    assert (await api.delete(url, headers=scim)).status_code == 204
    assert_scim_error(await api.get(url, headers=scim), 404, None)
    assert_scim_error(await api.delete(url, headers=scim), 404, None)


async def test_users_are_filtered_by_user_name_and_external_id_and_paged(
    api: httpx.AsyncClient, scim: dict[str, str]
) -> None:
    for index in range(5):
        body = user(f"user{index}", externalId=f"E{index}")
        assert (await api.post("/scim/v2/Users", json=body, headers=scim)).status_code == 201

    async def search(**params: Any) -> dict[str, Any]:
        response = await api.get("/scim/v2/Users", params=params, headers=scim)
        assert response.status_code == 200, response.text
        return dict(response.json())

    by_name = await search(filter='userName eq "USER3"')  # userName is not case-exact
    assert [u["externalId"] for u in by_name["Resources"]] == ["E3"]
    by_external = await search(filter='externalId eq "E1"')
    assert [u["userName"] for u in by_external["Resources"]] == ["user1"]
    assert (await search(filter='externalId eq "e1"'))["totalResults"] == 0  # case-exact
    either = await search(filter='userName sw "user" and not (externalId eq "E0")')
    assert either["totalResults"] == 4

    page = await search(startIndex=2, count=2)
    assert (page["totalResults"], page["startIndex"], page["itemsPerPage"]) == (5, 2, 2)
    assert [u["userName"] for u in page["Resources"]] == ["user1", "user2"]
    searched = await api.post(
        "/scim/v2/Users/.search",
        json={
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
            "filter": 'externalId eq "E4"',
        },
        headers=scim,
    )
    assert [u["userName"] for u in searched.json()["Resources"]] == ["user4"]
    only = await search(filter='userName eq "user0"', attributes="userName")
    assert set(only["Resources"][0]) <= {"schemas", "id", "userName"}


async def test_bad_requests_are_scim_errors_with_their_scim_type(
    api: httpx.AsyncClient, scim: dict[str, str]
) -> None:
    post = await api.post("/scim/v2/Users", json=user("dup", externalId="X"), headers=scim)
    assert post.status_code == 201
    url = f"/scim/v2/Users/{post.json()['id']}"
    cases = [
        (api.post("/scim/v2/Users", json=user("DUP"), headers=scim), 409, "uniqueness"),
        (
            api.post("/scim/v2/Users", json=user("x", externalId="X"), headers=scim),
            409,
            "uniqueness",
        ),
        (api.post("/scim/v2/Users", content=b"{not json", headers=scim), 400, "invalidSyntax"),
        (api.post("/scim/v2/Users", json=[1], headers=scim), 400, "invalidSyntax"),
        (api.post("/scim/v2/Users", json={"schemas": [USER]}, headers=scim), 400, "invalidValue"),
        (
            api.post("/scim/v2/Users", json=user("a\nb"), headers=scim),
            400,
            "invalidValue",
        ),
        (
            api.post(
                "/scim/v2/Users",
                json=user("mail", emails=[{"value": "not an address"}]),
                headers=scim,
            ),
            400,
            "invalidValue",
        ),
        (
            api.get("/scim/v2/Users", params={"filter": "userName eq"}, headers=scim),
            400,
            "invalidFilter",
        ),
        (
            api.get("/scim/v2/Users", params={"filter": 'title eq "x"'}, headers=scim),
            400,
            "invalidFilter",
        ),
        (api.get("/scim/v2/Users", params={"count": "many"}, headers=scim), 400, "invalidValue"),
        (
            api.patch(url, json={"schemas": [PATCH], "Operations": [{"op": "jump"}]}, headers=scim),
            400,
            "invalidValue",
        ),
        (api.get("/scim/v2/Nothing", headers=scim), 404, None),
    ]
    for call, status, scim_type in cases:
        assert_scim_error(await call, status, scim_type)


async def test_another_organisations_users_are_missing(
    api: httpx.AsyncClient, as_user: Headers, scim: dict[str, str]
) -> None:
    created = await api.post("/scim/v2/Users", json=user("own"), headers=scim)
    url = f"/scim/v2/Users/{created.json()['id']}"
    globex = await rotate(api, as_user, "globex")
    assert_scim_error(await api.get(url, headers=globex), 404, None)
    assert_scim_error(await api.put(url, json=user("x"), headers=globex), 404, None)
    assert_scim_error(await api.patch(url, json=deactivate(), headers=globex), 404, None)
    assert_scim_error(await api.delete(url, headers=globex), 404, None)
    listed = await api.get("/scim/v2/Users", headers=globex)
    assert listed.json()["totalResults"] == 0
    assert (await api.get(url, headers=scim)).json()["active"] is True


async def _events(backend: Backend, kinds: set[str]) -> list[Any]:
    async def read() -> list[Any]:
        return [decode(record) for record in await backend.published("matching")]

    return await eventually(read, lambda found: kinds <= {e.type for e in found})


async def test_deactivating_a_person_withdraws_them_everywhere_and_reactivating_lets_them_back(
    api: httpx.AsyncClient,
    as_user: Headers,
    backend: Backend,
    scim: dict[str, str],
    enrol: Enrol,
    new_program: NewProgram,
) -> None:
    spring, closed = await new_program(), await new_program(name="Old")
    mentor = await enrol(spring, "max", "mentor", capacity=2)
    mentee = await enrol(spring, "amy", "mentee")
    old = await enrol(closed, "amy", "mentee")
    admin = as_user("ada", admin=True)
    proposed = await api.post(
        f"/v1/programs/{spring}/matches",
        json={"mentor_participant_id": mentor["id"], "mentee_participant_id": mentee["id"]},
        headers=admin,
    )
    match_id = proposed.json()["id"]
    assert (await api.post(f"/v1/matches/{match_id}/accept", headers=admin)).status_code == 200
    closing = await api.post(
        f"/v1/programs/{closed}/status", json={"status": "closed"}, headers=admin
    )
    assert closing.status_code == 200, closing.text

    created = await api.post("/scim/v2/Users", json=user("amy"), headers=scim)
    url = f"/scim/v2/Users/{created.json()['id']}"
    patched = await api.patch(url, json=deactivate(), headers=scim)
    assert (patched.status_code, patched.json()["active"]) == (200, False)

    assert (await api.get(f"/v1/participants/{mentee['id']}", headers=admin)).json()[
        "status"
    ] == "withdrawn"
    assert (await api.get(f"/v1/matches/{match_id}", headers=admin)).json()["status"] == "ended"
    assert (await api.get(f"/v1/participants/{old['id']}", headers=admin)).json()[
        "status"
    ] == "active"  # a closed program is history, not an open program
    events = await _events(
        backend,
        {
            "mentorship.matching.person.deactivated.v1",
            "mentorship.matching.participant.withdrawn.v1",
            "mentorship.matching.match.ended.v1",
        },
    )
    deactivated = [e for e in events if e.type.endswith("person.deactivated.v1")]
    assert [(e.data["user_id"], e.org_id) for e in deactivated] == [("amy", "acme")]

    again = {"user_id": "amy", "role": "mentee", "display_name": "Amy"}
    enrol_url = f"/v1/programs/{spring}/participants"
    refused = await api.post(enrol_url, json=again, headers=as_user("amy"))
    assert (refused.status_code, refused.json()["code"]) == (409, "person-deactivated")

    reactivate = {
        "schemas": [PATCH],
        "Operations": [{"op": "replace", "path": "active", "value": True}],
    }
    assert (await api.patch(url, json=reactivate, headers=scim)).json()["active"] is True
    back = await api.post(enrol_url, json=again, headers=as_user("amy"))
    assert (back.status_code, back.json()["id"], back.json()["status"]) == (
        201,
        mentee["id"],
        "active",
    )
    await _events(backend, {"mentorship.matching.person.activated.v1"})


async def test_deleting_a_person_withdraws_them_and_says_they_were_deleted(
    api: httpx.AsyncClient,
    backend: Backend,
    scim: dict[str, str],
    enrol: Enrol,
    new_program: NewProgram,
) -> None:
    spring = await new_program()
    participant = await enrol(spring, "zoe", "mentor")
    created = await api.post("/scim/v2/Users", json=user("zoe"), headers=scim)
    assert (
        await api.delete(f"/scim/v2/Users/{created.json()['id']}", headers=scim)
    ).status_code == 204
    events = await _events(
        backend,
        {
            "mentorship.matching.person.deactivated.v1",
            "mentorship.matching.participant.withdrawn.v1",
        },
    )
    withdrawn = [e for e in events if e.type.endswith("participant.withdrawn.v1")]
    assert [e.data["participant_id"] for e in withdrawn] == [participant["id"]]
    deleted = [e.data["deleted"] for e in events if e.type.endswith("person.deactivated.v1")]
    assert deleted == [True]


async def test_a_new_name_or_email_reaches_the_persons_participations(
    api: httpx.AsyncClient,
    as_user: Headers,
    scim: dict[str, str],
    enrol: Enrol,
    new_program: NewProgram,
) -> None:
    spring = await new_program()
    participant = await enrol(spring, "kim", "mentee")
    created = await api.post("/scim/v2/Users", json=user("kim"), headers=scim)
    change = {
        "schemas": [PATCH],
        "Operations": [
            {"op": "replace", "path": "displayName", "value": "Kim Lee"},
            {
                "op": "replace",
                "path": "emails",
                "value": [{"value": "kim.lee@example.com", "primary": True}],
            },
        ],
    }
    patched = await api.patch(f"/scim/v2/Users/{created.json()['id']}", json=change, headers=scim)
    assert patched.status_code == 200, patched.text
    read = await api.get(
        f"/v1/participants/{participant['id']}", headers=as_user("ada", admin=True)
    )
    assert (read.json()["display_name"], read.json()["email"]) == ("Kim Lee", "kim.lee@example.com")
