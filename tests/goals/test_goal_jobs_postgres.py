"""The goals service's scheduled facts on a real PostgreSQL: `checkin.missed` and
`goal.overdue` fire exactly once with two scheduler replicas, and across a crash and restart."""

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from uuid import uuid4

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from goals.app import DEFINITION
from goals.checkins import service as checkins
from goals.goals import service as goals
from goals.jobs import make_jobs
from goals.models import Checkin, Goal, Match
from goals.settings import GoalsSettings
from kit.db import create_engine
from kit.events.outbox import Outbox
from kit.migrations import upgrade_head
from kit.scheduler import Job, Scheduler

pytestmark = pytest.mark.integration
SETTINGS = GoalsSettings(checkin_grace_minutes=60)
LATER = datetime.now(UTC) + timedelta(days=4)
"""The schedulers' clock: far enough ahead that every job below is due."""


class Replica:
    """One goals replica: its own engine and sessions (with outbox) on the shared database."""

    def __init__(self, url: str) -> None:
        self.engine: AsyncEngine = create_engine(url)
        self.sessions = async_sessionmaker(
            self.engine,
            expire_on_commit=False,
            autoflush=False,
            info={"outbox": Outbox(DEFINITION.tables), "platform": DEFINITION.tables},
        )

    def scheduler(self, crash: bool = False) -> Scheduler:
        handlers = make_jobs(SETTINGS)
        if crash:
            real = dict(handlers)

            async def crashing(session: AsyncSession, job: Job) -> None:
                await real[job.kind](session, job)
                raise SystemExit("process killed before the commit")

            handlers = {kind: crashing for kind in handlers}
        return Scheduler("goals", self.sessions, DEFINITION.tables, handlers, clock=lambda: LATER)

    async def outbox_count(self, event_type: str) -> int:
        outbox = DEFINITION.tables.outbox
        async with self.sessions() as session:
            count = await session.scalar(
                select(func.count()).select_from(outbox).where(outbox.c.type == event_type)
            )
        return int(count or 0)


@pytest.fixture
async def replicas(database_url: str) -> AsyncIterator[tuple[Replica, Replica]]:
    await asyncio.to_thread(upgrade_head, DEFINITION.migrations_dir, database_url)
    first, second = Replica(database_url), Replica(database_url)
    yield first, second
    await first.engine.dispose()
    await second.engine.dispose()


async def seed(replica: Replica, checkin_count: int, goal_count: int) -> Match:
    """A match with check-ins over the next hours and active goals due tomorrow."""
    now = datetime.now(UTC)
    match = Match(
        id=uuid4(),
        org_id="acme",
        program_id=uuid4(),
        mentor_participant_id=uuid4(),
        mentee_participant_id=uuid4(),
        mentor_user_id="maria",
        mentee_user_id="tom",
        starts_on=date.today(),
        ends_on=date.today() + timedelta(days=90),
        cadence="weekly",
        status="active",
        templates_instantiated=True,
    )
    async with replica.sessions() as session, session.begin():
        session.add(match)
        await session.flush()
        for index in range(checkin_count):
            await checkins.add_checkin(
                session, match, SETTINGS, now + timedelta(hours=1, minutes=index), "UTC", 30
            )
        for index in range(goal_count):
            goal = Goal(
                org_id="acme",
                match_id=match.id,
                owner_user_id="tom",
                title=f"Goal {index}",
                status="active",
                due_on=date.today() + timedelta(days=1),
            )
            session.add(goal)
            await session.flush()
            await goals.arm_overdue(session, match, goal)
    return match


async def test_two_replicas_fire_each_missed_checkin_and_overdue_goal_exactly_once(
    replicas: tuple[Replica, Replica],
) -> None:
    first, second = replicas
    await seed(first, checkin_count=40, goal_count=20)
    counts = await asyncio.gather(
        first.scheduler().fire_due(limit=1000), second.scheduler().fire_due(limit=1000)
    )
    assert sum(counts) == 60
    assert await first.outbox_count("mentorship.goals.checkin.missed.v1") == 40
    assert await first.outbox_count("mentorship.goals.goal.overdue.v1") == 20
    async with first.sessions() as session:
        statuses = list(await session.scalars(select(Checkin.status)))
        overdue = list(await session.scalars(select(Goal.overdue_at)))
    assert statuses.count("missed") == 40
    # The series goes on: after the last missed one, the next weekly check-in is scheduled.
    assert statuses.count("scheduled") == 1
    assert all(moment is not None for moment in overdue)
    assert await first.scheduler().fire_due() == 0
    assert await second.scheduler().fire_due() == 0


async def test_a_crash_mid_firing_loses_nothing_and_the_restart_fires_once(
    replicas: tuple[Replica, Replica], database_url: str
) -> None:
    first, _ = replicas
    await seed(first, checkin_count=1, goal_count=1)
    with pytest.raises(SystemExit):  # the handler ran, its transaction never committed
        await first.scheduler(crash=True).fire_due()
    assert await first.outbox_count("mentorship.goals.checkin.missed.v1") == 0
    assert await first.outbox_count("mentorship.goals.goal.overdue.v1") == 0
    await first.engine.dispose()  # the crashed process is gone

    restarted = Replica(database_url)
    try:
        assert await restarted.scheduler().fire_due() == 2
        assert await restarted.scheduler().fire_due() == 0
        assert await restarted.outbox_count("mentorship.goals.checkin.missed.v1") == 1
        assert await restarted.outbox_count("mentorship.goals.goal.overdue.v1") == 1
    finally:
        await restarted.engine.dispose()


async def test_completing_or_cancelling_disarms_the_missed_job(
    replicas: tuple[Replica, Replica],
) -> None:
    first, _ = replicas
    match = await seed(first, checkin_count=2, goal_count=0)
    async with first.sessions() as session, session.begin():
        rows = list(await session.scalars(select(Checkin).order_by(Checkin.starts_at)))
        await checkins.cancel_future(session, match, "match ended (completed)")
    assert [row.status for row in rows] == ["cancelled", "cancelled"]
    assert await first.scheduler().fire_due() == 0
    assert await first.outbox_count("mentorship.goals.checkin.missed.v1") == 0
