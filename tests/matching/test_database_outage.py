"""The matching API when PostgreSQL goes away: 503 problem details, nothing half-written,
and recovery without a restart once the database is back."""

import asyncio
from collections.abc import AsyncIterator, Callable

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from kit.auth import TokenVerifier
from kit.devtokens import DevIssuer
from matching.app import create_app
from matching.settings import MatchingSettings
from tests.infra.apps import bearer, eventually, serve
from tests.infra.infra import KafkaServer, PostgresServer

pytestmark = pytest.mark.integration


@pytest.fixture
async def matching(
    database_url: str,
    kafka_server: KafkaServer,
    verifier: TokenVerifier,
    unique_name: Callable[[str], str],
) -> AsyncIterator[httpx.AsyncClient]:
    settings = MatchingSettings(
        database_url=database_url,
        kafka_bootstrap_servers=kafka_server.bootstrap_servers,
        topic_namespace=unique_name("outage") + ".",
        auto_migrate=True,
        log_json=False,
    )
    async with serve(create_app(settings, verifier=verifier)) as client:
        yield client


async def count(database_url: str, table: str) -> int:
    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as connection:
            result = await connection.execute(text(f"SELECT count(*) FROM {table}"))
            return int(result.scalar() or 0)
    finally:
        await engine.dispose()


async def test_database_down_answers_503_then_recovers_by_itself(
    matching: httpx.AsyncClient,
    stoppable_postgres: PostgresServer,
    issuer: DevIssuer,
    database_url: str,
) -> None:
    admin = bearer(issuer.mint("ada", "acme", ["org_admin"]))
    first = await matching.post("/v1/programs", json={"name": "A"}, headers=admin)
    assert first.status_code == 201

    await asyncio.to_thread(stoppable_postgres.stop)
    try:
        down = await matching.post("/v1/programs", json={"name": "B"}, headers=admin)
        ready = await matching.get("/readyz")
    finally:
        await asyncio.to_thread(stoppable_postgres.start)

    assert down.status_code == 503
    assert down.headers["content-type"] == "application/problem+json"
    assert down.json()["code"] == "database-unavailable"
    assert ready.status_code == 503
    assert ready.json()["checks"]["database"] is False

    recovered = await eventually(
        lambda: matching.post("/v1/programs", json={"name": "C"}, headers=admin),
        lambda response: response.status_code == 201,
    )
    assert recovered.status_code == 201
    assert (await matching.get("/readyz")).status_code == 200
    assert await count(database_url, "programs") == 2
    assert await count(database_url, "outbox") == 2


async def test_a_failed_event_write_leaves_no_state_change_behind(
    matching: httpx.AsyncClient, issuer: DevIssuer, database_url: str
) -> None:
    admin = bearer(issuer.mint("ada", "acme", ["org_admin"]))
    engine = create_async_engine(database_url)
    async with engine.begin() as connection:
        await connection.execute(text("ALTER TABLE outbox RENAME TO outbox_away"))
    try:
        failed = await matching.post("/v1/programs", json={"name": "Lost"}, headers=admin)
    finally:
        async with engine.begin() as connection:
            await connection.execute(text("ALTER TABLE outbox_away RENAME TO outbox"))
        await engine.dispose()

    assert failed.status_code == 500
    assert failed.headers["content-type"] == "application/problem+json"
    assert await count(database_url, "programs") == 0
    assert await count(database_url, "outbox") == 0
