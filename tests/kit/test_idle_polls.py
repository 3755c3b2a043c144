"""An idle relay or scheduler polls with one cheap look (no transaction, no lock, no claim) on
PostgreSQL; rows and jobs committed by another process are still found by that look, and a
wake-up (a commit in this process) still goes straight to the claiming transaction."""

import asyncio
from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from kit.db import HookedSession, utcnow
from kit.events.bus import InProcessBus
from kit.events.relay import OutboxRelay
from kit.runtime import reading_sessions
from kit.scheduler import Job, Scheduler, schedule
from tests.infra.apps import eventually
from tests.kit.pipeline_harness import Pipeline, tables

pytestmark = pytest.mark.integration


class Statements:
    """What the engine sent, and how many transactions its sessions began."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.sent: list[str] = []
        self.begun = 0
        event.listen(engine.sync_engine, "before_cursor_execute", self._sent)
        event.listen(engine.sync_engine, "begin", self._begin)

    def _sent(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        self.sent.append(" ".join(statement.split()))

    def _begin(self, connection: Any) -> None:
        if connection.get_execution_options().get("isolation_level") != "AUTOCOMMIT":
            self.begun += 1

    def clear(self) -> None:
        self.sent.clear()
        self.begun = 0


@pytest.fixture
async def pipeline(database_url: str) -> AsyncIterator[Pipeline]:
    pipe = Pipeline(database_url, namespace="")
    await pipe.create_schema()
    yield pipe
    await pipe.close()


def reads_of(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    sessions = async_sessionmaker(engine, expire_on_commit=False, info={"platform": tables})
    reads = reading_sessions(engine, sessions)
    assert reads is not None
    return reads


async def test_an_idle_relay_looks_without_a_transaction_and_finds_rows_from_elsewhere(
    pipeline: Pipeline,
) -> None:
    bus = InProcessBus()
    relay = OutboxRelay(
        "testkit",
        pipeline.sessions,
        tables,
        bus.publisher(),
        idle_seconds=0.02,
        probe_sessions=reads_of(pipeline.engine),
    )
    seen = Statements(pipeline.engine)
    task = asyncio.create_task(relay.run())
    try:
        await asyncio.sleep(0.5)  # some 20 idle polls (at least one, whatever the load)
        seen.clear()
        await asyncio.sleep(0.5)
        idle, begun = list(seen.sent), seen.begun
        # Committed without waking the relay, as by another process.
        await pipeline.change("k", 1)
        await eventually(lambda: asyncio.sleep(0, len(bus.records(pipeline.topic))), bool)
        relay.notify()  # a wake-up claims at once, without a look first
        seen.clear()
        await pipeline.change("k", 2)
        relay.notify()
        published = lambda: asyncio.sleep(0, len(bus.records(pipeline.topic)))  # noqa: E731
        await eventually(published, lambda n: n >= 2)
    finally:
        relay.stop()
        await task

    polls = [s for s in idle if "FROM outbox" in s and "count(" not in s]
    assert polls, idle
    assert all("FOR UPDATE" not in s and "pg_try_advisory" not in s for s in idle), idle
    assert begun == 0
    assert await pipeline.unpublished() == 0


def scheduler_on(engine: AsyncEngine, fired: list[str], **options: Any) -> Scheduler:
    sessions = async_sessionmaker(
        engine, expire_on_commit=False, sync_session_class=HookedSession, info={"platform": tables}
    )

    async def record(session: AsyncSession, job: Job) -> None:
        fired.append(job.key)

    return Scheduler("testkit", sessions, tables, {"remind": record}, **options)


async def test_an_idle_scheduler_looks_without_a_transaction_and_fires_jobs_from_elsewhere(
    pipeline: Pipeline,
) -> None:
    fired: list[str] = []
    scheduler = scheduler_on(
        pipeline.engine, fired, idle_seconds=0.02, probe_sessions=reads_of(pipeline.engine)
    )
    seen = Statements(pipeline.engine)
    task = asyncio.create_task(scheduler.run())
    elsewhere: Callable[[], AsyncSession] = async_sessionmaker(
        pipeline.engine, expire_on_commit=False, info={"platform": tables}
    )
    try:
        await asyncio.sleep(0.5)
        seen.clear()
        await asyncio.sleep(0.5)
        idle, begun = list(seen.sent), seen.begun
        async with elsewhere() as session, session.begin():  # no hook: another process
            await schedule(session, "remind", "later", utcnow() + timedelta(hours=1), org_id="o")
            await schedule(session, "remind", "now", utcnow() - timedelta(seconds=1), org_id="o")
        await eventually(lambda: asyncio.sleep(0, list(fired)), bool)
    finally:
        scheduler.stop()
        await task

    assert [s for s in idle if "FROM scheduled_jobs" in s], idle
    assert all("FOR UPDATE" not in s for s in idle), idle
    assert begun == 0
    assert fired == ["now"]
