"""Shared fixtures: a real Kafka broker and a real PostgreSQL server (DESIGN §7).

Both are session-scoped and started only when a test asks for them; each test gets its own
topics, consumer groups (``unique_name``) and database (``database_url``).
"""

from __future__ import annotations

import tomllib
import warnings
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar
from uuid import uuid4

import pytest

from kit.auth import StaticKeySource, TokenVerifier
from kit.devtokens import DevIssuer
from kit.settings import ServiceSettings
from tests.backends import BACKENDS, POSTGRES_KAFKA, Backend, PostgresKafka, SqliteBus
from tests.infra.infra import KafkaServer, PostgresServer, provide_kafka, provide_postgres
from tests.infra.tracing import SpanRecorder, span_recorder

REPO_ROOT = Path(__file__).resolve().parents[1]
S = TypeVar("S", bound=ServiceSettings)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test belongs to a tier (the markers in pyproject.toml), so `-m` selections and CI's
    tiers never silently drop one: a test without a tier marker fails the collection."""
    with (config.rootpath / "pyproject.toml").open("rb") as project:
        declared = tomllib.load(project)["tool"]["pytest"]["ini_options"]["markers"]
    tiers = {line.split(":", 1)[0].strip() for line in declared}
    untiered = sorted(
        {item.nodeid.split("::", 1)[0] for item in items if not tiers & set(item.keywords)}
    )
    if untiered:
        raise pytest.UsageError(
            "tests without a tier marker (" + ", ".join(sorted(tiers)) + "): " + ", ".join(untiered)
        )


@pytest.fixture(scope="session")
def kafka_server() -> Iterator[KafkaServer]:
    with provide_kafka(REPO_ROOT) as server:
        yield server


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    with provide_postgres() as server:
        yield server


@pytest.fixture
def spans() -> Iterator[SpanRecorder]:
    """The spans this test finishes, in memory (the SDK's in-memory exporter)."""
    recorder = span_recorder()
    recorder.start()
    yield recorder
    recorder.stop()


@pytest.fixture
def unique_name() -> Callable[[str], str]:
    """Makes names such as ``orders-1a2b3c4d`` for topics and consumer groups."""

    def make(prefix: str) -> str:
        return f"{prefix}-{uuid4().hex[:8]}"

    return make


@pytest.fixture
def database_url(postgres_server: PostgresServer) -> Iterator[str]:
    """A ``postgresql+asyncpg://`` URL of a brand-new, empty database, dropped afterwards."""
    name = f"test_{uuid4().hex[:12]}"
    url = postgres_server.create_database(name)
    yield url
    try:
        postgres_server.drop_database(name)
    except Exception as exc:  # the test may have left the server down; don't mask its failure
        warnings.warn(f"could not drop test database {name}: {exc}", stacklevel=1)


@pytest.fixture(scope="session")
def issuer() -> DevIssuer:
    """Signs test tokens; services verify them with `verifier`."""
    return DevIssuer.generate()


@pytest.fixture(scope="session")
def verifier(issuer: DevIssuer) -> TokenVerifier:
    return TokenVerifier(StaticKeySource(issuer.public_key_pem), issuer.issuer, issuer.audience)


@pytest.fixture
def namespace(unique_name: Callable[[str], str]) -> str:
    """A topic prefix of this test's own: services given it share topics only with each other."""
    return unique_name("ns") + "."


@pytest.fixture
def service_settings(
    postgres_server: PostgresServer,
    kafka_server: KafkaServer,
    namespace: str,
    unique_name: Callable[[str], str],
) -> Callable[..., Any]:
    """Settings for a service on its own fresh database, on this test's topics, migrated."""

    def make(settings_class: type[S], **overrides: Any) -> S:
        database = unique_name(settings_class.__name__.lower()).replace("-", "_")
        values: dict[str, Any] = {
            "database_url": postgres_server.create_database(database),
            "kafka_bootstrap_servers": kafka_server.bootstrap_servers,
            "topic_namespace": namespace,
            "consumer_group": unique_name("group"),
            "auto_migrate": True,
            "topic_partitions": 3,
            "log_json": False,
        }
        values.update(overrides)
        return settings_class(**values)

    return make


@pytest.fixture
def stoppable_kafka(kafka_server: KafkaServer) -> KafkaServer:
    """The broker, for tests that stop and restart it: skipped when it comes from the env."""
    if kafka_server.kind == "env":
        pytest.skip("the broker comes from KAFKA_BOOTSTRAP_SERVERS: this test cannot stop it")
    return kafka_server


@pytest.fixture
def stoppable_postgres(postgres_server: PostgresServer) -> PostgresServer:
    """The database server, for tests that stop and restart it: skipped when from the env."""
    if postgres_server.kind == "env":
        pytest.skip("PostgreSQL comes from DATABASE_URL: this test cannot stop it")
    return postgres_server


@pytest.fixture(params=BACKENDS)
async def backend(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Backend]:
    """The test once on PostgreSQL + Kafka and once on SQLite + the in-process bus (DESIGN §7:
    domain behaviour on the real ones; the embedded mode keeps running the same tests)."""
    chosen: Backend
    if request.param == POSTGRES_KAFKA:
        kafka: KafkaServer = request.getfixturevalue("kafka_server")
        chosen = PostgresKafka(
            request.getfixturevalue("service_settings"),
            kafka.bootstrap_servers,
            request.getfixturevalue("namespace"),
        )
    else:
        chosen = SqliteBus(tmp_path)
    yield chosen
    await chosen.close()
