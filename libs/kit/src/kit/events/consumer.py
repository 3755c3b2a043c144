"""The consumer runner: inbox dedupe, offsets after the database, bounded retries, dead letters.

Per fetch, the fast path handles every message (of every partition) in one transaction. When a
handler fails, the batch is rolled back and its messages are handled one by one, each with
bounded retries, so that only the failing message goes to the dead-letter topic. Offsets are
committed to the broker only after the database has committed the effects they cover.
"""

import asyncio
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import structlog
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from contracts import EventPayload, topic_of
from kit import metrics
from kit.backoff import backoff_delay
from kit.db import database_unavailable
from kit.events.deadletter import dead_letter_record
from kit.events.envelope import Event, MalformedEventError, Record, decode
from kit.events.spans import consuming
from kit.events.transport import Publisher, Subscription, TopicPartition
from kit.tables import PlatformTables
from kit.tracing import trace_id_of

log = structlog.get_logger(__name__)
LAG_REPORT_SECONDS = 15.0
# How long one fetch waits for messages; a stop ends the wait at once (see `_fetch`), and a
# message that arrives ends it too, so this only sets how often an idle consumer wakes up.
FETCH_WAIT_SECONDS = 5.0

P = TypeVar("P", bound=EventPayload)
Handler = Callable[[AsyncSession, Event, Any], Awaitable[None]]
BatchHandler = Callable[[AsyncSession, Sequence[tuple[Event, Any]]], Awaitable[None]]


class Consumer:
    """A named set of handlers, one per event type; the name is its inbox and group identity."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.handlers: dict[str, Handler] = {}
        self.batch_handlers: dict[str, BatchHandler] = {}

    def on(
        self, payload: type[P]
    ) -> Callable[[Callable[[AsyncSession, Event, P], Awaitable[None]]], Handler]:
        def register(handler: Callable[[AsyncSession, Event, P], Awaitable[None]]) -> Handler:
            self.handlers[payload.event_type] = handler
            return handler

        return register

    def on_batch(
        self, payload: type[P]
    ) -> Callable[
        [Callable[[AsyncSession, Sequence[tuple[Event, P]]], Awaitable[None]]], BatchHandler
    ]:
        """A handler given every new event of this type in a fetched batch at once (one
        `executemany` instead of a statement per event), in the batch's transaction. When it
        raises, the batch is handled again one event at a time (each a batch of one), so only
        the event that fails goes to the dead letters."""

        def register(
            handler: Callable[[AsyncSession, Sequence[tuple[Event, P]]], Awaitable[None]],
        ) -> BatchHandler:
            async def one(session: AsyncSession, event: Event, data: Any) -> None:
                await handler(session, [(event, data)])

            self.batch_handlers[payload.event_type] = handler
            self.handlers[payload.event_type] = one
            return handler

        return register

    def topics(self, namespace: str = "") -> list[str]:
        producers = {event_type.split(".")[1] for event_type in self.handlers}
        return sorted(topic_of(producer, namespace) for producer in producers)


@dataclass(frozen=True)
class _Item:
    record: Record
    event: Event
    payload: EventPayload
    handler: Handler


class _Interrupted(Exception):
    """Stopping while the database is away: leave the message for the next owner."""


class ConsumerRunner:
    def __init__(
        self,
        service: str,
        consumer: Consumer,
        subscribe: Callable[[], Subscription],
        sessions: async_sessionmaker[AsyncSession],
        tables: PlatformTables,
        dead_letters: Publisher,
        *,
        max_retries: int = 3,
        backoff_seconds: float = 0.2,
        max_batch: int = 500,
    ) -> None:
        self._service = service
        self._consumer = consumer
        self._subscribe = subscribe
        self._subscription: Subscription | None = None
        self._sessions = sessions
        self._inbox = tables.inbox
        self._dead_letters = dead_letters
        self._max_retries = max_retries
        self._backoff = backoff_seconds
        self._max_batch = max_batch
        self._stopping = asyncio.Event()
        self._done: dict[TopicPartition, int] = {}
        self.running = False

    @property
    def name(self) -> str:
        return self._consumer.name

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    def stop(self) -> None:
        """Finish the message in hand, commit, leave the group."""
        self._stopping.set()

    async def wait_stopping(self) -> None:
        await self._stopping.wait()

    async def run(self) -> None:
        """Consume until `stop()`; a second run joins the group again with a new member."""
        if self._subscription is None:
            self._subscription = self._subscribe()
        subscription = self._subscription
        await subscription.start(on_revoked=self.commit_done)
        self.running = True
        loop = asyncio.get_running_loop()
        lag_reported = 0.0
        try:
            while not self._stopping.is_set():
                batches = await self._fetch(subscription)
                metrics.ASSIGNED_PARTITIONS.labels(self._service, self.name).set(
                    len(subscription.assignment())
                )
                if batches:
                    await self._handle_batches(batches)
                if loop.time() - lag_reported >= LAG_REPORT_SECONDS:
                    await self.report_lag()
                    lag_reported = loop.time()
        finally:
            self.running = False
            await self.commit_done()
            await subscription.stop()
            self._subscription = None

    async def _fetch(self, subscription: Subscription) -> dict[TopicPartition, list[Record]]:
        """The next batches, or none when `stop()` comes first (the wait is cancelled: nothing
        fetched is lost, records are taken from the client's buffer only when returned)."""
        fetching = asyncio.ensure_future(subscription.fetch(FETCH_WAIT_SECONDS, self._max_batch))
        stopping = asyncio.ensure_future(self._stopping.wait())
        try:
            await asyncio.wait([fetching, stopping], return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopping.cancel()
            if not fetching.done():
                fetching.cancel()
        try:
            return await fetching
        except asyncio.CancelledError:
            if not self._stopping.is_set():
                raise  # this task itself was cancelled, not just the wait
            return {}

    async def report_lag(self) -> None:
        """Set `consumer_lag` per assigned partition: committed position to end of partition."""
        if self._subscription is None:
            return
        try:
            lags = await self._subscription.lag()
        except Exception as exc:  # a broker hiccup: the next report will do
            log.warning("consumer_lag_unknown", consumer=self.name, error=repr(exc))
            return
        for (topic, partition), lag in lags.items():
            metrics.CONSUMER_LAG.labels(self._service, self.name, topic, str(partition)).set(lag)

    async def _handle_batches(self, batches: Mapping[TopicPartition, list[Record]]) -> None:
        """Everything one fetch returned, from every partition, in one transaction: one commit
        (one WAL flush) per fetch instead of one per partition. Order within a partition is
        kept; across partitions there is none to keep."""
        items = [
            item
            for records in batches.values()
            for record in records
            if (item := await self._prepare(record)) is not None
        ]
        try:
            if items:
                await self._until_database_answers(lambda: self._apply_batch(items))
        except _Interrupted:
            pass  # nothing of this fetch committed: its offsets stay for the next owner
        else:
            for partition, records in batches.items():
                self._done[partition] = records[-1].offset + 1
        await self.commit_done()

    async def commit_done(self) -> None:
        """Commit the offsets whose effects the database already holds."""
        if not self._done:
            return
        done, self._done = self._done, {}
        if self._subscription is None:
            return
        try:
            await self._subscription.commit(done)
        except Exception as exc:  # a rebalance took the partition: the inbox absorbs the replay
            log.warning("offset_commit_failed", error=repr(exc), consumer=self.name)

    async def _prepare(self, record: Record) -> _Item | None:
        """Decode and validate; a message that can never be handled goes to the dead letters."""
        try:
            event = decode(record)
            payload = event.payload()
        except MalformedEventError as exc:
            await self._dead_letter(record, "malformed", exc, attempts=1)
            return None
        handler = self._consumer.handlers.get(event.type)
        if handler is None:
            metrics.CONSUMED.labels(self._service, self.name, "ignored").inc()
            return None
        return _Item(record, event, payload, handler)

    async def _until_database_answers(self, attempt: Callable[[], Awaitable[None]]) -> None:
        """Run `attempt`; while the database is unreachable, wait and run it again.

        Re-running is safe: whatever an earlier run committed is skipped by the inbox.
        """
        failures = 0
        while True:
            try:
                await attempt()
                return
            except Exception as exc:
                if not database_unavailable(exc):
                    raise
                if self._stopping.is_set():
                    raise _Interrupted from exc
                log.warning("consumer_database_unavailable", consumer=self.name, error=repr(exc))
                failures += 1
                await asyncio.sleep(backoff_delay(failures, base=self._backoff or 0.1, cap=5.0))

    async def _apply_batch(self, items: Sequence[_Item]) -> None:
        try:
            await self._apply(items)
        except _HandlerFailedError as failure:
            for item in items:
                await self._apply_with_retries(item, failed_before=int(item is failure.item))

    async def _apply_with_retries(self, item: _Item, failed_before: int) -> None:
        attempts = failed_before
        while True:
            try:
                await self._apply([item])
                return
            except _HandlerFailedError as failure:
                attempts += 1
                if attempts > self._max_retries:
                    await self._dead_letter(item.record, "handler-failed", failure.cause, attempts)
                    return
                metrics.HANDLER_RETRIES.labels(self._service, self.name).inc()
                log.warning(
                    "handler_failed",
                    consumer=self.name,
                    attempt=attempts,
                    event_id=str(item.event.id),
                    error=repr(failure.cause),
                )
                await asyncio.sleep(backoff_delay(attempts, base=self._backoff, cap=5.0))

    async def _apply(self, items: Sequence[_Item]) -> None:
        """Handle items in one transaction; inbox rows make redelivered events no-ops."""
        if not items:
            return
        async with self._sessions() as session, session.begin():
            fresh = await self._claim(session, items)
            seen: set[str] = set()
            runs: list[list[_Item]] = []
            for item in items:
                event_id = str(item.event.id)
                if event_id not in fresh or event_id in seen:
                    metrics.INBOX_DUPLICATES.labels(self._service, self.name).inc()
                    metrics.CONSUMED.labels(self._service, self.name, "duplicate").inc()
                    continue
                seen.add(event_id)
                # Consecutive events of one batch-handled type form one call; order across
                # types stays the batch's order.
                batched = item.event.type in self._consumer.batch_handlers
                if batched and runs and runs[-1][0].event.type == item.event.type:
                    runs[-1].append(item)
                else:
                    runs.append([item])
            for run in runs:
                await self._handle(session, run)
        metrics.CONSUMED.labels(self._service, self.name, "handled").inc(len(seen))

    async def _handle(self, session: AsyncSession, run: Sequence[_Item]) -> None:
        first = run[0]
        structlog.contextvars.bind_contextvars(
            event_id=str(first.event.id),
            org_id=first.event.org_id,
            trace_id=trace_id_of(first.event.traceparent),
        )
        try:
            # A run of several events is one handling: its span is the first event's.
            with consuming(self.name, first.record, first.event):
                batch = self._consumer.batch_handlers.get(first.event.type)
                if batch is not None and len(run) > 1:
                    await batch(session, [(item.event, item.payload) for item in run])
                else:
                    await first.handler(session, first.event, first.payload)
        except Exception as exc:
            if database_unavailable(exc):
                raise
            # Which event of a run failed is unknown: none is charged an attempt for it.
            raise _HandlerFailedError(first if len(run) == 1 else None, exc) from exc
        finally:
            structlog.contextvars.unbind_contextvars("event_id", "org_id", "trace_id")

    async def _claim(self, session: AsyncSession, items: Sequence[_Item]) -> set[str]:
        """Insert the inbox rows; the ids returned are those not seen before."""
        dialect_insert = postgresql.insert if _dialect(session) == "postgresql" else sqlite.insert
        statement = (
            dialect_insert(self._inbox).on_conflict_do_nothing().returning(self._inbox.c.event_id)
        )
        rows = [
            {"consumer": self.name, "event_id": str(item.event.id), "event_type": item.event.type}
            for item in items
        ]
        return set((await session.execute(statement, rows)).scalars())

    async def _dead_letter(
        self, record: Record, reason: str, error: BaseException, attempts: int
    ) -> None:
        dead = dead_letter_record(record, self.name, reason, error, attempts)
        await self._dead_letters.publish([dead])
        metrics.DEAD_LETTERS.labels(self._service, self.name, reason).inc()
        metrics.CONSUMED.labels(self._service, self.name, "dead_lettered").inc()
        log.error(
            "dead_lettered",
            consumer=self.name,
            reason=reason,
            error=repr(error),
            topic=record.topic,
            partition=record.partition,
            offset=record.offset,
        )


def _dialect(session: AsyncSession) -> str:
    return session.get_bind().dialect.name


class _HandlerFailedError(Exception):
    def __init__(self, item: _Item | None, cause: BaseException) -> None:
        super().__init__(repr(cause))
        self.item = item
        self.cause = cause
