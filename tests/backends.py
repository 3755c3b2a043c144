"""The two run modes a service test runs on (DESIGN §7).

`postgres-kafka` is how the services are deployed, and where domain behaviour is tested: a
brand-new PostgreSQL database per service, this test's own topic namespace and consumer group
on the session's broker. `sqlite-bus` is the embedded mode: a SQLite file and the in-process bus.

A test asks for the `backend` fixture (tests/conftest.py) and runs once on each; `-m integration`
or `-m embedded` picks one. Kafka is asynchronous and orders records only within a partition,
so a test waits for outcomes (`eventually`) and, before asserting that something did NOT
happen, waits until the service's consumers have handled everything published so far
(`settled`): a later event on another topic proves nothing on Kafka.
"""

from __future__ import annotations

import abc
import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.structs import TopicPartition

from contracts import EventPayload, topic_of
from kit.events.bus import InProcessBus
from kit.events.envelope import Event, Record
from kit.events.kafka import read_topic
from kit.runtime import Runtime
from kit.settings import ServiceSettings
from tests.infra.apps import eventually
from tests.infra.events import event_record

S = TypeVar("S", bound=ServiceSettings)

POSTGRES_KAFKA = "postgres-kafka"
SQLITE_BUS = "sqlite-bus"
BACKENDS = [
    pytest.param(POSTGRES_KAFKA, marks=pytest.mark.integration, id=POSTGRES_KAFKA),
    pytest.param(SQLITE_BUS, marks=pytest.mark.embedded, id=SQLITE_BUS),
]
SETTLE_WITHIN = 120.0  # seconds: a bound for a loaded machine, not a timing claim


class Backend(abc.ABC):
    """Where a service under test keeps its data and exchanges its events."""

    name: str
    bus: InProcessBus | None = None
    """The in-process bus to give `create_app` (None: the app talks to Kafka itself)."""
    namespace: str = ""

    @abc.abstractmethod
    def settings(self, settings_class: type[S], **overrides: Any) -> S:
        """Settings of a service on its own fresh, migrated database (one per call)."""

    @abc.abstractmethod
    async def publish(
        self, payload: EventPayload, *, subject: str, org_id: str, times: int = 1
    ) -> Event:
        """Publish another service's event (`times` copies, as a redelivery would)."""

    @abc.abstractmethod
    async def records(self, topic: str) -> list[Record]:
        """Every record on the topic so far (on Kafka: ordered within each partition only)."""

    @abc.abstractmethod
    async def _unhandled(self, group: str, topics: list[str]) -> int:
        """How many records of these topics the group has not committed yet."""

    async def close(self) -> None:
        return None

    def topic(self, producer: str) -> str:
        """The topic `producer` publishes on, in this test's namespace."""
        return topic_of(producer, self.namespace)

    async def published(self, producer: str) -> list[Record]:
        return await self.records(self.topic(producer))

    async def backlog(self, runtime: Runtime) -> int:
        """Records published so far that the service's consumers have not handled yet."""
        total = 0
        prefix = runtime.settings.consumer_group or runtime.definition.name
        for consumer in runtime.definition.consumers:
            topics = list(consumer.topics(runtime.settings.topic_namespace))
            total += await self._unhandled(f"{prefix}.{consumer.name}", topics)
        return total

    async def settled(self, runtime: Runtime) -> None:
        """Wait until the service has handled every event published so far."""
        left = await eventually(lambda: self.backlog(runtime), lambda n: n == 0, SETTLE_WITHIN)
        assert left == 0, f"{left} events still unhandled after {SETTLE_WITHIN}s"


class PostgresKafka(Backend):
    name = POSTGRES_KAFKA

    def __init__(
        self, service_settings: Callable[..., Any], bootstrap_servers: str, namespace: str
    ) -> None:
        self._service_settings = service_settings
        self.bootstrap_servers = bootstrap_servers
        self.namespace = namespace
        self._producer: AIOKafkaProducer | None = None
        self._admin: AIOKafkaAdminClient | None = None
        self._offsets: AIOKafkaConsumer | None = None

    def settings(self, settings_class: type[S], **overrides: Any) -> S:
        settings: S = self._service_settings(settings_class, **overrides)
        return settings

    async def publish(
        self, payload: EventPayload, *, subject: str, org_id: str, times: int = 1
    ) -> Event:
        event, record = event_record(
            payload, subject=subject, org_id=org_id, namespace=self.namespace
        )
        if self._producer is None:
            self._producer = AIOKafkaProducer(
                bootstrap_servers=self.bootstrap_servers, enable_idempotence=True
            )
            await self._producer.start()
        for _ in range(times):
            await self._producer.send_and_wait(
                record.topic, record.value, key=record.key, headers=list(record.headers)
            )
        return event

    async def records(self, topic: str) -> list[Record]:
        return await read_topic(self.bootstrap_servers, topic)

    async def _unhandled(self, group: str, topics: list[str]) -> int:
        if self._admin is None:
            self._admin = AIOKafkaAdminClient(bootstrap_servers=self.bootstrap_servers)
            await self._admin.start()
        if self._offsets is None:
            self._offsets = AIOKafkaConsumer(
                bootstrap_servers=self.bootstrap_servers, group_id=None, enable_auto_commit=False
            )
            await self._offsets.start()
        partitions = [
            TopicPartition(found["topic"], partition["partition"])
            for found in await self._admin.describe_topics(topics)
            if not found.get("error_code")
            for partition in found["partitions"]
        ]
        if not partitions:
            return 0
        ends = await self._offsets.end_offsets(partitions)
        committed = await self._admin.list_consumer_group_offsets(group, partitions=partitions)
        done = {tp: meta.offset for tp, meta in committed.items() if meta.offset >= 0}
        return sum(max(0, ends[tp] - done.get(tp, 0)) for tp in partitions)

    async def close(self) -> None:
        for client in (self._producer, self._offsets):
            if client is not None:
                await client.stop()
        if self._admin is not None:
            await self._admin.close()


class SqliteBus(Backend):
    name = SQLITE_BUS

    def __init__(self, folder: Path) -> None:
        self.bus = InProcessBus()
        self._folder = folder
        self._numbers = itertools.count(1)

    def settings(self, settings_class: type[S], **overrides: Any) -> S:
        path = self._folder / f"{settings_class.__name__.lower()}-{next(self._numbers)}.db"
        values: dict[str, Any] = {
            "database_url": f"sqlite+aiosqlite:///{path}",
            "auto_migrate": True,
            "log_json": False,
        }
        values.update(overrides)
        return settings_class(**values)

    async def publish(
        self, payload: EventPayload, *, subject: str, org_id: str, times: int = 1
    ) -> Event:
        assert self.bus is not None
        event, record = event_record(payload, subject=subject, org_id=org_id)
        await self.bus.append([record] * times)
        return event

    async def records(self, topic: str) -> list[Record]:
        assert self.bus is not None
        return self.bus.records(topic)

    async def _unhandled(self, group: str, topics: list[str]) -> int:
        assert self.bus is not None
        bus = self.bus
        return sum(len(bus.records(topic)) - bus.committed(group, topic) for topic in topics)
