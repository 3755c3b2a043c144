"""A producer and a consumer on the kit, wired as a service runtime wires them.

The producer's state change is a row in `bench_changes`, announced with `emit` in the same
transaction; the relay publishes the outbox; the consumer runner writes the inbox row and the
handler an effect row in `bench_effects`. The consumer's sessions stamp every effect with the
time its transaction committed (`after_commit`), so latencies end at the real commit.
"""

import asyncio
import json
import logging
import time
from collections.abc import Sequence
from typing import ClassVar
from uuid import uuid4

from sqlalchemy import Column, Integer, String, Table, event, func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session

from bench.timing import Arrivals
from contracts import EventPayload, topic_of
from contracts.registry import register
from kit.db import create_engine, new_metadata
from kit.events.consumer import Consumer, ConsumerRunner
from kit.events.deadletter import dlq_topic
from kit.events.envelope import Event, Headers, encode, new_event
from kit.events.kafka import KafkaPublisher, KafkaSubscription
from kit.events.outbox import Outbox, emit, emit_many
from kit.events.relay import OutboxRelay
from kit.logging import configure_logging
from kit.tables import PlatformTables, platform_tables
from tests.infra.infra import create_topics

SERVICE = "bench"
ORG = "bench-org"
_SEQS = "bench_seqs"
_ARRIVALS = "bench_arrivals"


@register
class BenchTickRecordedV1(EventPayload):
    event_type: ClassVar[str] = "mentorship.bench.tick.recorded.v1"

    key: str
    seq: int
    stamp: float


metadata = new_metadata()
tables: PlatformTables = platform_tables(metadata)
changes = Table(
    "bench_changes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(50), nullable=False),
    Column("seq", Integer, nullable=False),
)
effects = Table(
    "bench_effects",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(50), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("event_id", String(36), nullable=False),
)


def quiet_logs() -> None:
    """Warnings and errors only. aiokafka logs transient coordinator errors while a group
    forms; real failures surface here as timeouts anyway."""
    configure_logging("WARNING", json=False)
    logging.getLogger("aiokafka").setLevel(logging.CRITICAL)


def key_of(seq: int, keys: int) -> str:
    return f"k{seq % keys}"


def sample_message(seq: int, keys: int) -> tuple[bytes, bytes, Headers]:
    """Key, value and headers exactly as the outbox would store them for this change."""
    key = key_of(seq, keys)
    payload = BenchTickRecordedV1(key=key, seq=seq, stamp=time.time())
    return encode(new_event(payload, subject=key, org_id=ORG))


class _ConsumerSession(Session):
    """The consumer's sessions: their commit stamps the effects they carry."""


@event.listens_for(_ConsumerSession, "after_commit")
def _stamp_effects(session: Session) -> None:
    seqs = session.info.pop(_SEQS, None)
    arrivals = session.info.get(_ARRIVALS)
    if seqs and isinstance(arrivals, Arrivals):
        arrivals.record(seqs, time.time())


@event.listens_for(_ConsumerSession, "after_rollback")
def _forget_effects(session: Session) -> None:
    session.info.pop(_SEQS, None)


class Harness:
    """Producer, relay and consumer of one database and one topic, in this process."""

    def __init__(
        self,
        url: str,
        bootstrap: str,
        *,
        keys: int,
        relay_batch: int = 500,
        consumer_batch: int = 500,
        namespace: str | None = None,
    ) -> None:
        self.keys = keys
        self.bootstrap = bootstrap
        self.namespace = namespace = namespace or f"bench-{uuid4().hex[:8]}."
        self.topic = topic_of(SERVICE, namespace)
        self.engine = create_engine(url)
        self.sessions = async_sessionmaker(
            self.engine,
            expire_on_commit=False,
            autoflush=False,
            info={"outbox": Outbox(tables, namespace)},
        )
        self.effects = Arrivals()
        consumer_sessions = async_sessionmaker(
            self.engine,
            expire_on_commit=False,
            autoflush=False,
            sync_session_class=_ConsumerSession,
            info={_ARRIVALS: self.effects},
        )
        self.publisher = KafkaPublisher(bootstrap, client_id=f"{SERVICE}-relay")
        self.relay = OutboxRelay(
            SERVICE, self.sessions, tables, self.publisher, batch_size=relay_batch
        )
        self._group = f"{namespace}effects"
        self.runner = ConsumerRunner(
            SERVICE,
            _consumer(),
            self._subscribe,
            consumer_sessions,
            tables,
            self.publisher,
            max_batch=consumer_batch,
        )
        self._tasks: dict[str, asyncio.Task[None]] = {}

    def _subscribe(self) -> KafkaSubscription:
        return KafkaSubscription(self.bootstrap, self._group, [self.topic], "bench")

    async def create_schema(self, partitions: int) -> None:
        async with self.engine.begin() as connection:
            await connection.run_sync(metadata.create_all)
        await create_topics(self.bootstrap, [self.topic, dlq_topic(self.topic)], partitions)

    async def start(self, *, relay: bool = True, consumer: bool = True) -> None:
        """Start relay and consumer; the warm-up waits until the consumer has joined."""
        await self.publisher.start()
        if relay:
            self._tasks["relay"] = asyncio.create_task(self.relay.run())
        if consumer:
            self._tasks["consumer"] = asyncio.create_task(self.runner.run())

    async def stop_relay(self) -> None:
        """Leave the outbox to another relay (another process)."""
        self.relay.stop()
        await self._tasks.pop("relay")

    async def wait_effects(self, within: float) -> bool:
        """Whether all expected effects committed within `within` seconds; raises at once
        when the relay or the consumer died."""
        waiter = asyncio.create_task(self.effects.complete.wait())
        done, _ = await asyncio.wait(
            [waiter, *self._tasks.values()], timeout=within, return_when=asyncio.FIRST_COMPLETED
        )
        waiter.cancel()
        for task in self._tasks.values():
            if task in done:
                task.result()
                raise RuntimeError("the relay or the consumer stopped on its own")
        return waiter in done

    async def stop(self) -> None:
        self.relay.stop()
        self.runner.stop()
        await asyncio.gather(*self._tasks.values())
        self._tasks.clear()
        await self.publisher.stop()

    async def close(self) -> None:
        await self.publisher.stop()  # idempotent; also closes a publisher never started
        await self.engine.dispose()

    async def commit(self, seqs: Sequence[int]) -> float:
        """One transaction: per change, a state row and its event. Returns the commit time."""
        async with self.sessions() as session, session.begin():
            if len(seqs) == 1:
                key = key_of(seqs[0], self.keys)
                await session.execute(insert(changes).values(key=key, seq=seqs[0]))
                payload = BenchTickRecordedV1(key=key, seq=seqs[0], stamp=time.time())
                await emit(session, payload, subject=key, org_id=ORG)
            else:  # many changes: one executemany each, as a service writing many rows does
                keyed = [(key_of(seq, self.keys), seq) for seq in seqs]
                await session.execute(insert(changes), [{"key": k, "seq": s} for k, s in keyed])
                await emit_many(
                    session,
                    [(BenchTickRecordedV1(key=k, seq=s, stamp=time.time()), k) for k, s in keyed],
                    org_id=ORG,
                )
        committed = time.time()
        self.relay.notify()  # as the request boundary does after its commit (kit.app)
        return committed

    async def published_at(self) -> dict[int, float]:
        """When the relay had each event acknowledged by the broker (`published_at`)."""
        outbox = tables.outbox
        query = select(outbox.c.payload, outbox.c.published_at).where(
            outbox.c.published_at.is_not(None)
        )
        async with self.sessions() as session:
            rows = (await session.execute(query)).all()
        return {
            json.loads(row.payload)["data"]["seq"]: row.published_at.timestamp() for row in rows
        }

    async def unpublished(self) -> int:
        query = select(func.count()).where(tables.outbox.c.published_at.is_(None))
        async with self.sessions() as session:
            return int(await session.scalar(query) or 0)

    async def server_version(self) -> str:
        async with self.engine.connect() as connection:
            return str(await connection.scalar(text("SHOW server_version")))

    async def stored_effects(self) -> int:
        async with self.sessions() as session:
            return int(await session.scalar(select(func.count()).select_from(effects)) or 0)


def _consumer() -> Consumer:
    consumer = Consumer("bench-effects")

    @consumer.on_batch(BenchTickRecordedV1)
    async def apply(
        session: AsyncSession, events: Sequence[tuple[Event, BenchTickRecordedV1]]
    ) -> None:
        rows = [{"key": p.key, "seq": p.seq, "event_id": str(e.id)} for e, p in events]
        await session.execute(insert(effects), rows)
        session.info.setdefault(_SEQS, []).extend(p.seq for _, p in events)

    return consumer
