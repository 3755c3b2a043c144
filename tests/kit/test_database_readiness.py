"""A service against a real PostgreSQL that is not fit to serve: commits not durable, out of
connection slots, restarted. Readiness says so, requests get 503 (never 500), and the pool
recovers by itself without pinging the database on every checkout."""

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import httpx
import pytest
from fastapi import APIRouter, FastAPI
from pydantic_settings import SettingsConfigDict
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from kit import errors, runtime, scheduler
from kit.app import SessionDep, create_service_app
from kit.auth import TokenVerifier
from kit.events.outbox import emit
from kit.runtime import ServiceDefinition
from kit.scheduler import Job
from kit.settings import ServiceSettings
from tests.infra.apps import eventually, serve
from tests.infra.infra import KafkaServer, PostgresServer
from tests.infra.postgres_server import plain_dsn
from tests.kit.pipeline_harness import CounterIncrementedV1, Pipeline, changes, metadata, tables

pytestmark = pytest.mark.integration


class CounterSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="COUNTER_", extra="ignore")


router = APIRouter()


@router.post("/changes", status_code=201)
async def change(session: SessionDep) -> dict[str, str]:
    await session.execute(insert(changes).values(key="k", seq=1))
    await emit(session, CounterIncrementedV1(key="k", seq=1), subject="k", org_id="acme")
    return {"status": "changed"}


async def tick(session: AsyncSession, job: Job) -> None:
    return None


def counter_app(verifier: TokenVerifier, **settings: Any) -> FastAPI:
    definition = ServiceDefinition(
        name="counter",
        metadata=metadata,
        tables=tables,
        migrations_dir=Path("/nonexistent"),
        jobs={"tick": tick},
    )
    values: dict[str, Any] = {"log_json": False, "scheduler_idle_seconds": 0.05, **settings}
    return create_service_app(definition, CounterSettings(**values), [router], verifier=verifier)


async def admin(postgres: PostgresServer, sql: str) -> None:
    connection = await asyncpg.connect(postgres.dsn)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


@asynccontextmanager
async def counter_service(
    url: str, kafka: KafkaServer, namespace: str, verifier: TokenVerifier, **settings: Any
) -> AsyncIterator[httpx.AsyncClient]:
    await Pipeline(url, namespace).create_schema()
    app = counter_app(
        verifier,
        database_url=url,
        kafka_bootstrap_servers=kafka.bootstrap_servers,
        topic_namespace=namespace,
        **settings,
    )
    async with serve(app) as client:
        yield client


class LogRecorder:
    """Stands in for a module's structlog logger: the events it logged, by level."""

    def __init__(self) -> None:
        self.events: list[tuple[str, str]] = []

    def __getattr__(self, level: str) -> Callable[..., None]:
        def record(event: str, *args: object, **fields: object) -> None:
            self.events.append((level, event))

        return record

    def named(self, event: str) -> list[str]:
        return [level for level, logged in self.events if logged == event]


@pytest.fixture
def logs(monkeypatch: pytest.MonkeyPatch) -> LogRecorder:
    """What the runtime, the scheduler and the error handlers log (their loggers are cached
    structlog loggers, which `structlog.testing.capture_logs` cannot reach)."""
    recorder = LogRecorder()
    for module in (runtime, scheduler, errors):
        monkeypatch.setattr(module, "log", recorder)
    return recorder


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


async def test_commits_acknowledged_before_they_are_durable_make_the_service_not_ready(
    database_url: str,
    postgres_server: PostgresServer,
    kafka_server: KafkaServer,
    namespace: str,
    verifier: TokenVerifier,
    logs: LogRecorder,
) -> None:
    name = database_name(database_url)
    await admin(postgres_server, f'ALTER DATABASE "{name}" SET synchronous_commit = off')

    async with counter_service(database_url, kafka_server, namespace, verifier) as client:
        refused = await client.get("/readyz")
    async with counter_service(
        database_url, kafka_server, namespace, verifier, allow_nondurable_commits=True
    ) as client:
        allowed = await client.get("/readyz")

    assert refused.status_code == 503
    body = refused.json()
    assert body["checks"]["durable_commits"] is False
    assert "synchronous_commit=off" in body["detail"]
    assert "ALLOW_NONDURABLE_COMMITS" in body["detail"]
    assert logs.named("database_commits_not_durable") == ["error"]
    assert logs.named("database_commits_not_durable_allowed") == ["warning"]
    assert allowed.status_code == 200


async def test_a_service_on_durable_commits_is_ready(
    database_url: str, kafka_server: KafkaServer, namespace: str, verifier: TokenVerifier
) -> None:
    async with counter_service(database_url, kafka_server, namespace, verifier) as client:
        ready = await client.get("/readyz")
    assert ready.status_code == 200


async def test_a_server_out_of_connection_slots_answers_503_and_the_scheduler_waits(
    database_url: str,
    postgres_server: PostgresServer,
    kafka_server: KafkaServer,
    namespace: str,
    verifier: TokenVerifier,
    unique_name: Callable[[str], str],
    logs: LogRecorder,
) -> None:
    role = unique_name("app").replace("-", "_")
    name = database_name(database_url)
    await admin(postgres_server, f"CREATE ROLE {role} LOGIN")
    await admin(postgres_server, f'ALTER DATABASE "{name}" OWNER TO {role}')
    parts = urlsplit(database_url)
    as_role = urlunsplit(parts._replace(netloc=f"{role}@{parts.hostname}:{parts.port}"))

    async with counter_service(as_role, kafka_server, namespace, verifier) as client:
        assert (await client.post("/changes")).status_code == 201
        # Refuse the role new connections (SQLSTATE 53300) and close the ones it has.
        await admin(postgres_server, f"ALTER ROLE {role} CONNECTION LIMIT 0")
        await admin(
            postgres_server,
            f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '{role}'",
        )
        refused = await client.post("/changes")
        not_ready = await client.get("/readyz")
        await eventually(
            lambda: asyncio.sleep(0, logs.named("scheduler_database_unavailable")),
            lambda levels: bool(levels),
        )
        await admin(postgres_server, f"ALTER ROLE {role} CONNECTION LIMIT -1")
        recovered = await eventually(
            lambda: client.post("/changes"), lambda response: response.status_code == 201
        )

    assert refused.status_code == 503
    assert refused.json()["code"] == "database-unavailable"
    assert not_ready.status_code == 503
    assert not_ready.json()["checks"]["database"] is False
    assert set(logs.named("scheduler_database_unavailable")) == {"warning"}
    assert logs.named("database_unavailable") == ["warning"]  # the refused request
    assert logs.named("scheduler_failed") == []
    assert logs.named("unhandled_error") == []
    assert recovered.status_code == 201


async def test_the_first_request_after_a_database_restart_succeeds(
    database_url: str,
    stoppable_postgres: PostgresServer,
    kafka_server: KafkaServer,
    namespace: str,
    verifier: TokenVerifier,
) -> None:
    async with counter_service(database_url, kafka_server, namespace, verifier) as client:
        for _ in range(3):  # the pool now holds connections to the server about to restart
            assert (await client.post("/changes")).status_code == 201
        await asyncio.to_thread(stoppable_postgres.stop)
        await asyncio.to_thread(stoppable_postgres.start)
        # Give the event loop a moment to see the closed sockets, as it would between requests.
        await asyncio.sleep(0.2)
        after_restart = await client.post("/changes")

    assert after_restart.status_code == 201
    connection = await asyncpg.connect(plain_dsn(database_url))
    try:
        assert await connection.fetchval("SELECT count(*) FROM changes") == 4
    finally:
        await connection.close()
