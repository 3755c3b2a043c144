"""The time-based facts this service fires through the durable scheduler (`kit.scheduler`)."""

from sqlalchemy.ext.asyncio import AsyncSession

from goals.checkins import service as checkins
from goals.goals import service as goals
from goals.settings import GoalsSettings
from kit.scheduler import Job, JobHandler


def make_jobs(settings: GoalsSettings) -> dict[str, JobHandler]:
    async def checkin_missed(session: AsyncSession, job: Job) -> None:
        await checkins.fire_missed(session, job, settings)

    return {checkins.MISSED: checkin_missed, goals.OVERDUE: goals.fire_overdue}
