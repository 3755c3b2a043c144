"""Where integration tests get a real Kafka broker and a real PostgreSQL server (DESIGN §7).

Resolution order, for each server:
1. ``KAFKA_BOOTSTRAP_SERVERS`` / ``DATABASE_URL`` from the environment, used as-is
   (``stop()``/``start()`` then raise :class:`NotControllable`, which tests turn into a skip);
2. testcontainers, only when a Docker engine answers ``docker.from_env().ping()``;
3. processes started here: Kafka 4.1 (KRaft, one combined node) from the Maven jars in
   ``.cache/kafka/lib``, and PostgreSQL 15 from the machine's binaries.
When none works, :class:`InfraUnavailable` names what is missing for each way.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import asyncpg

from tests.infra._support import InfraUnavailable, NotControllable, docker_unavailable, run_sync
from tests.infra.kafka_server import (
    KafkaServer,
    LocalKafkaServer,
    ensure_kafka_jars,
    java_binary,
    wait_kafka_ready,
)
from tests.infra.postgres_server import LocalPostgresServer, PostgresServer, plain_dsn

__all__ = [
    "InfraUnavailable",
    "KafkaServer",
    "NotControllable",
    "PostgresServer",
    "create_topics",
    "ensure_kafka_jars",
    "provide_kafka",
    "provide_postgres",
    "wait_postgres_ready",
]

# testcontainers' KafkaContainer drives Confluent's images; Confluent Platform 8.1 carries
# Apache Kafka 4.1, the version the local launcher runs (tools/kafka/pom.xml).
KAFKA_IMAGE = "confluentinc/cp-kafka:8.1.0"
POSTGRES_IMAGE = "postgres:15"


class ExternalKafkaServer(KafkaServer):
    kind = "env"

    def __init__(self, bootstrap_servers: str) -> None:
        self.bootstrap_servers = bootstrap_servers

    def stop(self) -> None:
        raise NotControllable(
            f"Kafka at {self.bootstrap_servers} comes from KAFKA_BOOTSTRAP_SERVERS"
        )

    start = stop

    def close(self) -> None:
        pass


class ExternalPostgresServer(PostgresServer):
    kind = "env"

    def __init__(self, url: str) -> None:
        self.dsn = plain_dsn(url)

    def stop(self) -> None:
        raise NotControllable("PostgreSQL comes from DATABASE_URL")

    start = stop

    def close(self) -> None:
        pass


class ContainerKafkaServer(KafkaServer):
    kind = "testcontainers"

    def __init__(self) -> None:
        from testcontainers.community.kafka import KafkaContainer

        self._container: Any = KafkaContainer(KAFKA_IMAGE).with_kraft()
        self._container.start()
        self.bootstrap_servers = str(self._container.get_bootstrap_server())

    def stop(self) -> None:
        self._container.get_wrapped_container().stop(timeout=30)

    def start(self) -> None:
        self._container.get_wrapped_container().start()
        address = str(self._container.get_bootstrap_server())
        if address != self.bootstrap_servers:  # the broker still advertises the old port
            raise NotControllable(
                f"Kafka container came back on {address}, not {self.bootstrap_servers}"
            )
        wait_kafka_ready(address)

    def close(self) -> None:
        self._container.stop()


class ContainerPostgresServer(PostgresServer):
    kind = "testcontainers"

    def __init__(self) -> None:
        from testcontainers.community.postgres import PostgresContainer

        self._container: Any = PostgresContainer(POSTGRES_IMAGE, driver=None)
        self._container.start()
        self.dsn = str(self._container.get_connection_url(driver=None))

    def stop(self) -> None:
        self._container.get_wrapped_container().stop(timeout=30)

    def start(self) -> None:
        self._container.get_wrapped_container().start()
        dsn = str(self._container.get_connection_url(driver=None))
        if dsn != self.dsn:
            raise NotControllable(f"PostgreSQL container came back at {dsn}, not {self.dsn}")
        wait_postgres_ready(dsn)

    def close(self) -> None:
        self._container.stop()


def wait_postgres_ready(dsn: str, timeout: float = 60.0) -> None:
    """Wait until ``SELECT 1`` succeeds at ``dsn``."""

    async def probe() -> None:

        conn = await asyncpg.connect(dsn, timeout=5)
        try:
            await conn.fetchval("SELECT 1")
        finally:
            await conn.close()

    deadline = time.monotonic() + timeout
    while True:
        try:
            run_sync(probe)
            return
        except Exception as exc:
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"PostgreSQL at {dsn} not ready after {timeout:.0f}s: {exc}"
                ) from exc
        time.sleep(0.2)


def provide_kafka(repo_root: Path) -> KafkaServer:
    """A running broker, found or started in the order of this module's docstring."""
    if env := os.environ.get("KAFKA_BOOTSTRAP_SERVERS"):
        return ExternalKafkaServer(env)
    reasons = ["no KAFKA_BOOTSTRAP_SERVERS"]
    if (why := docker_unavailable()) is None:
        try:
            return ContainerKafkaServer()
        except Exception as exc:
            reasons.append(f"the Docker engine answers but the Kafka container failed: {exc}")
    else:
        reasons.append(f"no Docker engine ({why})")
    try:
        java = java_binary()
        return LocalKafkaServer(ensure_kafka_jars(repo_root), java)
    except Exception as exc:
        reasons.append(f"local broker impossible: {exc}")
        raise InfraUnavailable("no Kafka broker for the tests: " + "; ".join(reasons)) from exc


def provide_postgres() -> PostgresServer:
    """A running PostgreSQL server, found or started in the order of this module's docstring."""
    if env := os.environ.get("DATABASE_URL"):
        return ExternalPostgresServer(env)
    reasons = ["no DATABASE_URL"]
    if (why := docker_unavailable()) is None:
        try:
            return ContainerPostgresServer()
        except Exception as exc:
            reasons.append(f"the Docker engine answers but the PostgreSQL container failed: {exc}")
    else:
        reasons.append(f"no Docker engine ({why})")
    try:
        return LocalPostgresServer()
    except Exception as exc:
        reasons.append(f"local PostgreSQL impossible: {exc}")
        raise InfraUnavailable("no PostgreSQL for the tests: " + "; ".join(reasons)) from exc


async def create_topics(
    bootstrap: str, names: Iterable[str], partitions: int = 1, *, ready_within: float = 30.0
) -> None:
    """Create topics (existing ones are fine) and wait until every partition has a leader."""
    from aiokafka.admin import AIOKafkaAdminClient, NewTopic
    from aiokafka.errors import TopicAlreadyExistsError, for_code

    wanted = list(names)
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        response = await admin.create_topics([NewTopic(n, partitions, 1) for n in wanted])
        for err in response.to_object()["topic_errors"]:
            if err["error_code"] not in (0, TopicAlreadyExistsError.errno):
                raise for_code(err["error_code"])(f"{err['topic']}: {err.get('error_message')}")
        deadline = time.monotonic() + ready_within
        while True:
            topics = await admin.describe_topics(wanted)
            if len(topics) == len(wanted) and all(_has_leaders(t) for t in topics):
                return
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"topics {wanted} have no leaders after {ready_within:.0f}s: {topics}"
                )
            await asyncio.sleep(0.1)
    finally:
        await admin.close()


def _has_leaders(topic: dict[str, Any]) -> bool:
    parts = topic.get("partitions") or []
    return topic.get("error_code") == 0 and bool(parts) and all(p["leader"] >= 0 for p in parts)
