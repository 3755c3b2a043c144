"""A tiny producer and consumer on the kit, for the reliability tests of the event pipeline.

The producer's state change is a row in `changes`; the consumer's effect is a row in `effects`.
Both live in one test database, each with the platform's outbox and inbox tables.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ClassVar

from sqlalchemy import Column, Integer, String, Table, func, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from contracts import EventPayload
from contracts.registry import register
from kit.db import create_engine, new_metadata
from kit.events.consumer import Consumer, ConsumerRunner
from kit.events.envelope import Event
from kit.events.outbox import Outbox, emit, emit_many
from kit.events.relay import OutboxRelay
from kit.events.transport import Publisher, Subscription
from kit.tables import PlatformTables, platform_tables


@register
class CounterIncrementedV1(EventPayload):
    event_type: ClassVar[str] = "mentorship.testkit.counter.incremented.v1"

    key: str
    seq: int


metadata = new_metadata()
tables: PlatformTables = platform_tables(metadata)
changes = Table(
    "changes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(50)),
    Column("seq", Integer),
)
effects = Table(
    "effects",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(50)),
    Column("seq", Integer),
    Column("event_id", String(36)),
)


@dataclass
class Pipeline:
    """One database holding producer and consumer tables; topics under a test namespace."""

    url: str
    namespace: str
    engine: AsyncEngine = field(init=False)
    sessions: async_sessionmaker[AsyncSession] = field(init=False)
    failing: Callable[[CounterIncrementedV1], bool] = lambda payload: False
    handler_calls: dict[tuple[str, int], int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.engine = create_engine(self.url)
        self.sessions = async_sessionmaker(
            self.engine, expire_on_commit=False, info={"outbox": Outbox(tables, self.namespace)}
        )

    @property
    def topic(self) -> str:
        return f"{self.namespace}mentorship.testkit.events"

    async def create_schema(self) -> None:
        async with self.engine.begin() as connection:
            await connection.run_sync(metadata.create_all)

    async def change(self, key: str, seq: int) -> None:
        """One state change and its event, in one transaction."""
        async with self.sessions() as session, session.begin():
            await session.execute(insert(changes).values(key=key, seq=seq))
            await emit(session, CounterIncrementedV1(key=key, seq=seq), subject=key, org_id="acme")

    async def change_many(self, changed: list[tuple[str, int]]) -> None:
        """Many state changes and their events (one `emit_many`), in one transaction."""
        async with self.sessions() as session, session.begin():
            await session.execute(insert(changes), [{"key": k, "seq": s} for k, s in changed])
            await emit_many(
                session,
                [(CounterIncrementedV1(key=k, seq=s), k) for k, s in changed],
                org_id="acme",
            )

    def consumer(self, name: str = "effects") -> Consumer:
        consumer = Consumer(name)

        @consumer.on(CounterIncrementedV1)
        async def apply(session: AsyncSession, event: Event, payload: CounterIncrementedV1) -> None:
            attempt = (payload.key, payload.seq)
            self.handler_calls[attempt] = self.handler_calls.get(attempt, 0) + 1
            if self.failing(payload):
                raise ValueError(f"cannot apply {payload.key}#{payload.seq}")
            await session.execute(
                insert(effects).values(key=payload.key, seq=payload.seq, event_id=str(event.id))
            )

        return consumer

    def relay(self, publisher: Publisher, cls: type[OutboxRelay] = OutboxRelay) -> OutboxRelay:
        return cls("testkit", self.sessions, tables, publisher, idle_seconds=0.02)

    def runner(
        self,
        subscribe: Callable[[], Subscription],
        dead_letters: Publisher,
        consumer: Consumer | None = None,
        max_retries: int = 2,
    ) -> ConsumerRunner:
        return ConsumerRunner(
            "testkit",
            consumer or self.consumer(),
            subscribe,
            self.sessions,
            tables,
            dead_letters,
            max_retries=max_retries,
            backoff_seconds=0.01,
        )

    async def effect_count(self) -> int:
        async with self.sessions() as session:
            return int(await session.scalar(select(func.count()).select_from(effects)) or 0)

    async def effects_in_order(self) -> list[tuple[str, int, str]]:
        async with self.sessions() as session:
            rows = await session.execute(
                select(effects.c.key, effects.c.seq, effects.c.event_id).order_by(effects.c.id)
            )
            return [(row.key, row.seq, row.event_id) for row in rows]

    async def unpublished(self) -> int:
        async with self.sessions() as session:
            query = select(func.count()).where(tables.outbox.c.published_at.is_(None))
            return int(await session.scalar(query) or 0)

    async def close(self) -> None:
        await self.engine.dispose()
