"""`auditLog` merges the four services' audit logs newest first, in pages that neither skip nor
repeat an entry; org admins only, their organisation only; `GET /audit-log.csv` is the same
log as CSV."""

import csv
import io
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from mentorship.embedded import create_embedded_app, dev_issuer
from tests.gateway.test_domain_operations import MEMBER, active_match, ok
from tests.gateway.test_graphql_api import Gateway
from tests.gateway.test_send_survey import send
from tests.infra.apps import bearer, eventually, serve

pytestmark = pytest.mark.embedded

LOG = """query($first: Int!, $after: String, $filter: AuditLogFilter) {
  auditLog(first: $first, after: $after, filter: $filter) {
    nodes { id service action actorId actorKind targetType targetId before after at }
    pageInfo { hasNextPage endCursor } } }"""


@pytest.fixture
async def gateway(tmp_path: Path) -> AsyncIterator[Gateway]:
    async with serve(create_embedded_app(tmp_path)) as client:
        yield Gateway(client, dev_issuer(tmp_path))


async def entries(gateway: Gateway, first: int = 100, **filter: Any) -> list[dict[str, Any]]:
    data = await ok(gateway, LOG, first=first, filter=filter or None)
    return list(data["auditLog"]["nodes"])


async def test_the_log_merges_every_service_newest_first(gateway: Gateway) -> None:
    program_id, _, _ = await active_match(gateway)
    await eventually(
        lambda: send(gateway, program_id, key="pulse-1"),
        lambda result: result["__typename"] == "SurveyRound",
    )
    everything = await entries(gateway)
    assert {e["service"] for e in everything} == {"matching", "feedback"}
    assert [e["at"] for e in everything] == sorted((e["at"] for e in everything), reverse=True)
    assert everything[0]["action"] == "survey_round.sent"
    assert everything[-1]["action"] == "program.created"
    assert everything[-1]["after"]["name"] == "Ops"

    paged: list[str] = []
    after: str | None = None
    while True:
        data = await ok(gateway, LOG, first=2, after=after)
        paged += [e["id"] for e in data["auditLog"]["nodes"]]
        info = data["auditLog"]["pageInfo"]
        if not info["hasNextPage"]:
            break
        after = info["endCursor"]
    assert paged == [e["id"] for e in everything]

    [created] = await entries(gateway, action="program.")
    assert (created["service"], created["targetId"]) == ("matching", program_id)
    assert len(await entries(gateway, targetType="survey_round")) == 1

    refused = await gateway.run(LOG, user="mo", roles=MEMBER, first=10)
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    other = await gateway.run(LOG, org="globex", first=10)
    assert other["data"]["auditLog"]["nodes"] == []


async def test_the_csv_export_is_the_same_log(gateway: Gateway) -> None:
    program_id, _, _ = await active_match(gateway)
    logged = await entries(gateway)
    admin = bearer(gateway.issuer.mint("ada", "acme", ["org_admin"]))
    first = await gateway.client.get("/audit-log.csv", params={"limit": 2}, headers=admin)
    assert first.status_code == 200, first.text
    assert first.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(first.text)))
    rest = await gateway.client.get(
        "/audit-log.csv", params={"cursor": first.headers["Next-Cursor"]}, headers=admin
    )
    rows += list(csv.DictReader(io.StringIO(rest.text)))
    assert "Next-Cursor" not in rest.headers
    assert [(r["service"], r["id"]) for r in rows] == [(e["service"], e["id"]) for e in logged]
    filtered = await gateway.client.get(
        "/audit-log.csv", params={"target_id": program_id}, headers=admin
    )
    assert [r["action"] for r in csv.DictReader(io.StringIO(filtered.text))] == ["program.created"]
    member = bearer(gateway.issuer.mint("mo", "acme", []))
    assert (await gateway.client.get("/audit-log.csv", headers=member)).status_code == 403
    assert (await gateway.client.get("/audit-log.csv")).status_code == 401
