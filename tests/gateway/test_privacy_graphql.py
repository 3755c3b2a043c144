"""Privacy through the gateway, on the embedded backend: GraphQL's
`personalDataExport` (each service's document) and the zip download (one JSON file per service
and a manifest), for the person and their org admin, NotFound / 404 for anyone else; an
erasure requested and followed, and the organisation's privacy settings."""

import io
import json
import zipfile
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from mentorship.embedded import create_embedded_app, dev_issuer
from tests.gateway.gateway_live import GraphQL, running
from tests.gateway.journey import ENROL, create_program
from tests.infra.apps import bearer, eventually

pytestmark = pytest.mark.embedded

EXPORT = """query($person: String!) { personalDataExport(userId: $person) { __typename
  ... on PersonalDataExport { userId matching goals feedback notifications }
  ... on NotFound { code } } }"""
SERVICES = {"matching", "goals", "feedback", "notifications"}


@pytest.fixture
async def gql(tmp_path: Path) -> AsyncIterator[GraphQL]:
    app = create_embedded_app(tmp_path)
    async with running(app) as host, httpx.AsyncClient(base_url=f"http://{host}") as http:
        gql = GraphQL(http, dev_issuer(tmp_path))
        program = await create_program(gql)
        enrolment = {
            "programId": program["id"],
            "userId": "ming",
            "role": "MENTEE",
            "displayName": "Ming Mentee",
            "profile": {"languages": ["en"]},
        }
        assert (await gql("ming", ENROL, input=enrolment))["enrol"]["__typename"] == "Participant"

        async def export() -> dict[str, Any]:
            found: dict[str, Any] = (await gql("ming", EXPORT, person="ming"))["personalDataExport"]
            return found

        # The other services learn of the enrolment from matching's event.
        held = await eventually(export, lambda found: all(found.get(s) for s in SERVICES))
        assert all(held.get(service) for service in SERVICES), held
        yield gql


async def test_the_person_and_their_org_admin_get_every_services_document(gql: GraphQL) -> None:
    for user, admin in (("ming", False), ("ada", True)):
        found = (await gql(user, EXPORT, admin=admin, person="ming"))["personalDataExport"]
        assert found["__typename"] == "PersonalDataExport"
        assert {service: found[service]["service"] for service in SERVICES} == {
            service: service for service in SERVICES
        }
        [participant] = found["matching"]["tables"]["participants"]
        assert participant["display_name"] == "Ming Mentee"


async def test_anyone_else_is_told_there_is_no_such_person(gql: GraphQL) -> None:
    found = (await gql("mo", EXPORT, person="ming"))["personalDataExport"]
    assert found == {"__typename": "NotFound", "code": "not-found"}


async def test_the_archive_is_a_zip_of_each_service_and_a_manifest(gql: GraphQL) -> None:
    answer = await gql.http.get("/privacy/v1/export/ming", headers=bearer(gql.token("ming")))
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(answer.content)) as archive:
        assert set(archive.namelist()) == {"manifest.json"} | {f"{s}.json" for s in SERVICES}
        manifest = json.loads(archive.read("manifest.json"))
        matching = json.loads(archive.read("matching.json"))
    assert manifest["user_id"] == "ming"
    assert manifest["files"]["matching.json"]["rows"]["participants"] == 1
    assert matching["tables"]["participants"][0]["user_id"] == "ming"

    refused = await gql.http.get("/privacy/v1/export/ming", headers=bearer(gql.token("mo")))
    assert refused.status_code == 404
    assert refused.headers["content-type"].startswith("application/problem+json")
    unsigned = await gql.http.get("/privacy/v1/export/ming")
    assert unsigned.status_code == 401


ERASE = """mutation($person: String!) { requestErasure(userId: $person) { __typename
  ... on ErasureRequest { id status pseudonym }
  ... on NotAllowed { code } } }"""
ERASURES = """{ erasureRequests { __typename
  ... on ErasureRequests { nodes { id status confirmedBy pending } }
  ... on NotAllowed { code } } }"""
SETTINGS = """mutation($input: PrivacySettingsInput!) { updatePrivacySettings(input: $input) {
  __typename ... on PrivacySettings { selfErasure retentionDays } ... on NotAllowed { code } } }"""


async def test_an_erasure_is_requested_and_followed_through_graphql(gql: GraphQL) -> None:
    refused = (await gql("ming", ERASE, person="ming"))["requestErasure"]
    assert refused == {"__typename": "NotAllowed", "code": "forbidden"}
    settings = {"selfErasure": True, "retentionDays": 365}
    assert (await gql("ming", SETTINGS, input=settings))["updatePrivacySettings"] == {
        "__typename": "NotAllowed",
        "code": "forbidden",
    }
    changed = (await gql("ada", SETTINGS, admin=True, input=settings))["updatePrivacySettings"]
    assert changed == {"__typename": "PrivacySettings", **settings}

    request = (await gql("ming", ERASE, person="ming"))["requestErasure"]
    assert request["__typename"] == "ErasureRequest"
    assert "ming" not in request["pseudonym"]
    assert (await gql("ming", ERASURES))["erasureRequests"]["__typename"] == "NotAllowed"

    async def progress() -> dict[str, Any]:
        found = (await gql("ada", ERASURES, admin=True))["erasureRequests"]["nodes"]
        [mine] = [node for node in found if node["id"] == request["id"]]
        return dict(mine)

    done = await eventually(progress, lambda node: node["status"] == "COMPLETED")
    assert done["pending"] == []
    assert sorted(done["confirmedBy"]) == ["feedback", "goals", "matching", "notifications"]
    gone = (await gql("ada", EXPORT, admin=True, person="ming"))["personalDataExport"]
    assert gone == {"__typename": "NotFound", "code": "not-found"}
