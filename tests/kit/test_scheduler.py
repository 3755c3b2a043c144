"""The durable scheduler on a real PostgreSQL: each due job fires once, whatever the replicas,
crashes and restarts."""

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlalchemy import Column, Integer, String, Table, func, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from kit.db import create_engine, new_metadata, utcnow
from kit.scheduler import FAILED, Job, Scheduler, cancel, pending_job, schedule
from kit.tables import PlatformTables, platform_tables

pytestmark = pytest.mark.integration

metadata = new_metadata()
tables: PlatformTables = platform_tables(metadata)
fired = Table("fired", metadata, Column("id", Integer, primary_key=True), Column("key", String(50)))


class Replica:
    """One service replica: its own engine and sessions on the shared database."""

    def __init__(self, url: str) -> None:
        self.engine: AsyncEngine = create_engine(url)
        self.sessions = async_sessionmaker(
            self.engine, expire_on_commit=False, info={"platform": tables}
        )

    def scheduler(self, handler: object = None, **options: object) -> Scheduler:
        async def record(session: AsyncSession, job: Job) -> None:
            await session.execute(insert(fired).values(key=job.key))

        return Scheduler(
            "testkit",
            self.sessions,
            tables,
            {"remind": handler or record},  # type: ignore[dict-item]
            idle_seconds=0.05,
            **options,  # type: ignore[arg-type]
        )

    async def fired_keys(self) -> list[str]:
        async with self.sessions() as session:
            return list(await session.scalars(select(fired.c.key).order_by(fired.c.id)))


@pytest.fixture
async def replicas(database_url: str) -> AsyncIterator[tuple[Replica, Replica]]:
    first, second = Replica(database_url), Replica(database_url)
    async with first.engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
    yield first, second
    await first.engine.dispose()
    await second.engine.dispose()


async def schedule_due(replica: Replica, count: int) -> None:
    async with replica.sessions() as session, session.begin():
        for index in range(count):
            await schedule(
                session,
                "remind",
                f"job-{index}",
                utcnow() - timedelta(seconds=1),
                org_id="acme",
                payload={"index": index},
            )


async def test_two_replicas_fire_every_due_job_exactly_once(
    replicas: tuple[Replica, Replica],
) -> None:
    first, second = replicas
    await schedule_due(first, 200)
    counts = await asyncio.gather(
        first.scheduler().fire_due(limit=1000), second.scheduler().fire_due(limit=1000)
    )
    keys = await first.fired_keys()
    assert sum(counts) == 200
    assert sorted(keys) == sorted(f"job-{index}" for index in range(200))
    assert min(counts) > 0, "both replicas should have taken a share"


async def test_a_crash_before_commit_leaves_the_job_due_and_the_restart_fires_it_once(
    replicas: tuple[Replica, Replica],
) -> None:
    first, _ = replicas
    await schedule_due(first, 1)

    async def crash(session: AsyncSession, job: Job) -> None:
        await session.execute(insert(fired).values(key=job.key))
        raise SystemExit("process killed mid-job")

    with pytest.raises(SystemExit):
        await first.scheduler(crash).fire_due()
    assert await first.fired_keys() == []

    restarted = Replica(str(first.engine.url.render_as_string(hide_password=False)))
    try:
        assert await restarted.scheduler().fire_due() == 1
        assert await restarted.scheduler().fire_due() == 0
    finally:
        await restarted.engine.dispose()
    assert await first.fired_keys() == ["job-0"]


async def test_rescheduling_moves_a_job_and_cancelling_removes_it(
    replicas: tuple[Replica, Replica],
) -> None:
    first, _ = replicas
    await schedule_due(first, 2)
    async with first.sessions() as session, session.begin():
        await schedule(session, "remind", "job-0", utcnow() + timedelta(hours=1), org_id="acme")
        assert await cancel(session, "remind", "job-1")
        moved = await pending_job(session, "remind", "job-0")
    assert await first.scheduler().fire_due() == 0
    assert moved is not None
    assert moved.due_at > utcnow()


async def test_a_failing_job_is_retried_later_then_given_up(
    replicas: tuple[Replica, Replica],
) -> None:
    first, _ = replicas
    await schedule_due(first, 1)
    calls: list[int] = []

    async def flaky(session: AsyncSession, job: Job) -> None:
        calls.append(job.attempts)
        raise ValueError("smtp down")

    now = [utcnow()]
    scheduler = first.scheduler(flaky, max_attempts=2, retry_seconds=60, clock=lambda: now[0])
    assert await scheduler.fire_due() == 1
    assert await scheduler.fire_due() == 0  # backed off: at least half of retry_seconds
    now[0] += timedelta(minutes=5)
    assert await scheduler.fire_due() == 1
    async with first.sessions() as session:
        status = await session.scalar(select(tables.jobs.c.status))
        pending = await session.scalar(
            select(func.count()).where(tables.jobs.c.status == "pending")
        )
    assert calls == [0, 1]
    assert status == FAILED
    assert pending == 0
    assert await first.fired_keys() == []
