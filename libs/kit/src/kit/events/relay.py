"""The outbox relay: publishes committed outbox rows, in order, then marks them published.

Delivery is at least once: a relay that dies after publishing and before its commit publishes
the same rows again on the next run, and consumers' inboxes absorb the duplicates.
"""

import asyncio
import contextlib
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import structlog
from sqlalchemy import Row, func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kit import metrics
from kit.backoff import backoff_delay
from kit.events.envelope import Record
from kit.events.spans import publishing
from kit.events.transport import Publisher
from kit.tables import PlatformTables

log = structlog.get_logger(__name__)

# One relay publishes at a time per database: with several replicas, claiming disjoint batches
# would let two relays publish rows of the same aggregate out of order.
_RELAY_LOCK_KEY = 0x6F7574626F78
BACKLOG_REPORT_SECONDS = 5.0


class OutboxRelay:
    def __init__(
        self,
        service: str,
        sessions: async_sessionmaker[AsyncSession],
        tables: PlatformTables,
        publisher: Publisher,
        *,
        batch_size: int = 500,
        idle_seconds: float = 2.0,
        max_backoff_seconds: float = 5.0,
        publish_timeout_seconds: float = 30.0,
        probe_sessions: async_sessionmaker[AsyncSession] | None = None,
    ) -> None:
        self._service = service
        self._sessions = sessions
        self._outbox = tables.outbox
        self._publisher = publisher
        self._batch_size = batch_size
        self._idle_seconds = idle_seconds
        self._max_backoff = max_backoff_seconds
        self._publish_timeout = publish_timeout_seconds
        self._probe_sessions = probe_sessions or sessions
        self._stopping = asyncio.Event()
        self._wakeup = asyncio.Event()

    def notify(self) -> None:
        """Skip the idle pause: something was just committed to the outbox."""
        self._wakeup.set()

    def stop(self) -> None:
        """Finish the batch in hand, then return from `run`."""
        self._stopping.set()
        self._wakeup.set()

    async def run(self) -> None:
        reporter = asyncio.create_task(self._report_backlog_forever())
        try:
            await self._publish_until_stopped()
        finally:
            reporter.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await reporter

    async def _publish_until_stopped(self) -> None:
        failures = 0
        woken = True  # look at once at start
        while not self._stopping.is_set():
            try:
                # An idle pause that ran out is a poll for rows committed elsewhere: a look
                # (one query, no transaction on PostgreSQL) comes before the batch's four
                # round trips, which then run only when there is something (or a commit here
                # woke us). Polling was most of an idle service's CPU.
                if not woken and not await self.pending():
                    woken = await self._pause(self._idle_seconds)
                    continue
                published = await self.publish_batch()
                failures = 0
            except Exception as exc:  # the broker or the database is away: back off, keep rows
                failures += 1
                metrics.OUTBOX_PUBLISH_FAILURES.labels(self._service).inc()
                delay = backoff_delay(failures, base=0.2, cap=self._max_backoff)
                log.warning("outbox_publish_failed", error=repr(exc), retry_in=round(delay, 2))
                await self._note_failure(exc)
                await self._pause(delay)
                woken = True
                continue
            woken = published >= self._batch_size or await self._pause(self._idle_seconds)

    async def _pause(self, seconds: float) -> bool:
        """Wait up to `seconds` for a wake-up; whether one came."""
        woken = False
        with contextlib.suppress(TimeoutError):
            woken = await asyncio.wait_for(self._wakeup.wait(), seconds)
        self._wakeup.clear()
        return woken

    async def pending(self) -> bool:
        """Whether any row waits to be published (a look, claiming nothing)."""
        async with self._probe_sessions() as session:
            query = select(self._outbox.c.id).where(self._outbox.c.published_at.is_(None))
            return (await session.execute(query.limit(1))).first() is not None

    async def publish_batch(self) -> int:
        """Publish up to one batch; returns how many rows were published."""
        async with self._sessions() as session, session.begin():
            if not await self._lead(session):
                return 0
            rows = await self._claim(session)
            if not rows:
                return 0
            records = [_record(row) for row in rows]
            # Bounded, so that a lost broker cannot hold the claim (and shutdown) forever; rows
            # sent before the timeout may then go out twice, which consumers' inboxes absorb.
            with publishing(records):
                async with asyncio.timeout(self._publish_timeout):
                    await self._publisher.publish(records)
            await self.mark_published(session, [row.id for row in rows])
        metrics.OUTBOX_PUBLISHED.labels(self._service).inc(len(rows))
        return len(rows)

    async def _lead(self, session: AsyncSession) -> bool:
        if session.get_bind().dialect.name != "postgresql":
            return True
        result = await session.execute(
            text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": _RELAY_LOCK_KEY}
        )
        return bool(result.scalar())

    async def _claim(self, session: AsyncSession) -> Sequence[Row[Any, Any, Any, Any, Any]]:
        query = (
            select(
                self._outbox.c.id,
                self._outbox.c.topic,
                self._outbox.c.aggregateid,
                self._outbox.c.payload,
                self._outbox.c.headers,
            )
            .where(self._outbox.c.published_at.is_(None))
            .order_by(self._outbox.c.id)
            .limit(self._batch_size)
            .with_for_update(skip_locked=True)
        )
        return (await session.execute(query)).all()

    async def mark_published(self, session: AsyncSession, ids: list[int]) -> None:
        await session.execute(
            update(self._outbox)
            .where(self._outbox.c.id.in_(ids))
            .values(published_at=datetime.now(UTC), attempts=self._outbox.c.attempts + 1)
        )

    async def _note_failure(self, exc: Exception) -> None:
        """Record the error on the row that blocks the queue, for operators; best effort."""
        try:
            async with self._sessions() as session, session.begin():
                oldest = select(func.min(self._outbox.c.id)).where(
                    self._outbox.c.published_at.is_(None)
                )
                await session.execute(
                    update(self._outbox)
                    .where(self._outbox.c.id == oldest.scalar_subquery())
                    .values(attempts=self._outbox.c.attempts + 1, last_error=repr(exc)[:2000])
                )
        except Exception as note_error:
            log.warning("outbox_note_failure_failed", error=repr(note_error))

    async def _report_backlog_forever(self) -> None:
        """Beside publishing, not inside it: the COUNT is O(backlog), and the figures matter
        most while a publish hangs or fails (the broker is away)."""
        while True:
            try:
                async with self._probe_sessions() as session:
                    await self._report_backlog(session)
            except Exception as exc:
                log.warning("outbox_backlog_unknown", error=repr(exc))
            await asyncio.sleep(BACKLOG_REPORT_SECONDS)

    async def _report_backlog(self, session: AsyncSession) -> None:
        count, oldest = (
            await session.execute(
                select(func.count(), func.min(self._outbox.c.created_at)).where(
                    self._outbox.c.published_at.is_(None)
                )
            )
        ).one()
        metrics.OUTBOX_BACKLOG.labels(self._service).set(count)
        age = 0.0
        if oldest is not None:
            age = max(0.0, (datetime.now(UTC) - oldest).total_seconds())
        metrics.OUTBOX_OLDEST_AGE.labels(self._service).set(age)


def _record(row: Row[Any, Any, Any, Any, Any]) -> Record:
    headers = tuple((name, value.encode()) for name, value in json.loads(row.headers))
    return Record(
        topic=row.topic, key=row.aggregateid.encode(), value=bytes(row.payload), headers=headers
    )
