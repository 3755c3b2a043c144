"""The audit log (`kit.audit`): entries commit with the caller's transaction, org admins read
their organisation's only (newest first, filtered, paged, as CSV), no one changes or deletes
them (on PostgreSQL a trigger refuses it) except erasure's `forget_person`."""

import csv
import io
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DBAPIError

from kit import audit
from kit.audit.endpoints import NEXT_CURSOR_HEADER
from kit.auth import Principal, TokenVerifier
from kit.devtokens import DevIssuer
from matching.app import create_app
from matching.settings import MatchingSettings
from tests.backends import Backend
from tests.infra.apps import bearer, serve


@dataclass
class Log:
    app: FastAPI
    client: httpx.AsyncClient
    issuer: DevIssuer

    def admin(self, org: str = "acme") -> dict[str, str]:
        return bearer(self.issuer.mint("ada", org, ["org_admin"]))

    async def add(
        self, action: str, target_id: str = "p1", actor: Principal | audit.Actor | None = None
    ) -> None:
        async with self.app.state.runtime.sessions() as session:
            await audit.record(
                session,
                actor or Principal("ada", "acme"),
                action,
                "program",
                target_id,
                before={"status": "draft"},
                after={"status": "enrolling"},
            )
            await session.commit()

    async def entries(self, org: str = "acme", **params: str) -> list[dict[str, object]]:
        response = await self.client.get("/v1/audit-log", params=params, headers=self.admin(org))
        assert response.status_code == 200, response.text
        return list(response.json()["items"])


@pytest.fixture
async def log(backend: Backend, verifier: TokenVerifier, issuer: DevIssuer) -> AsyncIterator[Log]:
    app = create_app(backend.settings(MatchingSettings), backend.bus, verifier)
    async with serve(app) as client:
        yield Log(app, client, issuer)


async def test_an_entry_commits_with_its_transaction_or_not_at_all(log: Log) -> None:
    async with log.app.state.runtime.sessions() as session:
        await audit.record(session, Principal("ada", "acme"), "program.created", "program", "p1")
        await session.rollback()
    await log.add("program.status_changed")
    [entry] = await log.entries()
    assert entry["action"] == "program.status_changed"
    assert (entry["actor_id"], entry["actor_kind"]) == ("ada", "user")
    assert (entry["target_type"], entry["target_id"]) == ("program", "p1")
    assert (entry["before"], entry["after"]) == ({"status": "draft"}, {"status": "enrolling"})


async def test_only_org_admins_read_and_only_their_organisation(log: Log) -> None:
    await log.add("program.created")
    await log.add("program.created", actor=audit.Actor("globex", "scim-okta", "scim"))
    for path in ("/v1/audit-log", "/v1/audit-log.csv"):
        member = bearer(log.issuer.mint("bob", "acme"))
        assert (await log.client.get(path, headers=member)).status_code == 403
        assert (await log.client.get(path)).status_code == 401
    [acme] = await log.entries("acme")
    [globex] = await log.entries("globex")
    assert acme["actor_id"] == "ada"
    assert (globex["actor_id"], globex["actor_kind"]) == ("scim-okta", "scim")


async def test_newest_first_in_pages_with_filters(log: Log) -> None:
    for n in range(5):
        await log.add(f"program.step{n}", target_id=f"p{n % 2}")
    await log.add("run.published", actor=audit.Actor("acme", "system", "system"))
    newest = await log.entries()
    assert [e["action"] for e in newest] == ["run.published"] + [
        f"program.step{n}" for n in reversed(range(5))
    ]
    seen: list[object] = []
    cursor: str | None = None
    while True:
        params = {"limit": "2", **({"cursor": cursor} if cursor else {})}
        body = (await log.client.get("/v1/audit-log", params=params, headers=log.admin())).json()
        seen += [e["id"] for e in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == [e["id"] for e in newest]
    assert len(await log.entries(action="program.")) == 5
    assert len(await log.entries(action="program.step1")) == 1
    assert len(await log.entries(action="program%")) == 0  # a prefix, not a pattern
    assert len(await log.entries(target_type="program", target_id="p1")) == 3
    assert [e["actor_kind"] for e in await log.entries(actor_id="system")] == ["system"]
    middle = newest[3]["at"]
    assert isinstance(middle, str)
    since = await log.entries(since=middle)
    until = await log.entries(until=middle)
    assert len(since) + len(until) == 6
    assert await log.entries(since=(datetime.now(UTC) + timedelta(hours=1)).isoformat()) == []
    naive = await log.client.get(
        "/v1/audit-log", params={"since": "2026-01-01T00:00:00"}, headers=log.admin()
    )
    assert naive.status_code == 422


async def test_csv_has_the_same_entries_and_defuses_formulas(log: Log) -> None:
    await log.add("program.created", target_id='=HYPERLINK("http://evil")')
    await log.add("program.updated")
    response = await log.client.get("/v1/audit-log.csv", params={"limit": "1"}, headers=log.admin())
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    [row] = list(csv.DictReader(io.StringIO(response.text)))
    assert row["action"] == "program.updated"
    assert row["before"] == '{"status": "draft"}'
    rest = await log.client.get(
        "/v1/audit-log.csv",
        params={"cursor": response.headers[NEXT_CURSOR_HEADER]},
        headers=log.admin(),
    )
    [older] = list(csv.DictReader(io.StringIO(rest.text)))
    assert older["target_id"] == '\'=HYPERLINK("http://evil")'
    assert NEXT_CURSOR_HEADER not in rest.headers


async def test_no_api_changes_or_deletes_entries(log: Log) -> None:
    await log.add("program.created")
    [entry] = await log.entries()
    for method in ("PUT", "PATCH", "DELETE", "POST"):
        for path in ("/v1/audit-log", f"/v1/audit-log/{entry['id']}"):
            response = await log.client.request(method, path, headers=log.admin())
            assert response.status_code in (404, 405)
    assert await log.entries() == [entry]


async def test_forget_person_replaces_their_identifiers_only(log: Log) -> None:
    async with log.app.state.runtime.sessions() as session:
        ada = Principal("ada", "acme")
        await audit.record(
            session,
            ada,
            "participant.updated_by_admin",
            "participant",
            "part-1",
            before={"email": "bob@acme.test", "user_id": "bob", "note": "Canada"},
            after={"email": "robert@acme.test", "admins": ["bob", "ada"]},
        )
        await audit.record(session, Principal("bob", "acme"), "program.created", "program", "p")
        await audit.record(session, ada, "webhook_endpoint.created", "webhook_endpoint", "w")
        await audit.record(session, Principal("bob", "globex"), "program.created", "program", "q")
        await session.commit()
    async with log.app.state.runtime.sessions() as session:
        changed = await audit.forget_person(
            session, "acme", "bob", "erased-7f3a", also=["bob@acme.test", "robert@acme.test"]
        )
        await session.commit()
    assert changed == 2
    entries = {e["action"]: e for e in await log.entries()}
    assert entries["program.created"]["actor_id"] == "erased-7f3a"
    updated = entries["participant.updated_by_admin"]
    assert updated["before"] == {
        "email": "erased-7f3a",
        "user_id": "erased-7f3a",
        "note": "Canada",
    }
    assert updated["after"] == {"email": "erased-7f3a", "admins": ["erased-7f3a", "ada"]}
    assert entries["webhook_endpoint.created"]["actor_id"] == "ada"
    [other_org] = await log.entries("globex")
    assert other_org["actor_id"] == "bob"


@pytest.mark.integration
@pytest.mark.parametrize("backend", ["postgres-kafka"], indirect=True)
async def test_the_database_refuses_updates_and_deletes(log: Log) -> None:
    await log.add("program.created")
    table = log.app.state.runtime.definition.tables.audit
    refused = [
        update(table).values(action="program.deleted"),
        update(table).values(actor_id="someone-else"),
        delete(table),
        text("TRUNCATE audit_log"),
    ]
    for statement in refused:
        async with log.app.state.runtime.sessions() as session:
            with pytest.raises(DBAPIError, match="append-only"):
                await session.execute(statement)
    async with log.app.state.runtime.sessions() as session:
        # Even with the setting on, only who and what may change: never the action or time.
        await session.execute(text(f"SET LOCAL {audit.FORGET_SETTING} = 'on'"))
        with pytest.raises(DBAPIError, match="append-only"):
            await session.execute(update(table).values(action="program.deleted"))
    async with log.app.state.runtime.sessions() as session:
        assert (await session.execute(select(table.c.action))).scalars().all() == [
            "program.created"
        ]
