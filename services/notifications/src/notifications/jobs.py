"""The durable jobs this service fires (`kit.scheduler`), built around the app's `Deps`."""

import functools
from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession

from kit.scheduler import Job, JobHandler
from notifications.deliveries import service as deliveries
from notifications.deps import Deps
from notifications.reminders import service as reminders
from notifications.webhooks import delivery as webhooks

Handler = Callable[[AsyncSession, Deps, Job], Awaitable[None]]

HANDLERS: dict[str, Handler] = {
    deliveries.DELIVER_JOB: deliveries.attempt,
    deliveries.DIGEST_JOB: deliveries.gather_digest,
    webhooks.WEBHOOK_JOB: webhooks.attempt,
    reminders.CHECKIN_REMINDER_JOB: reminders.fire_checkin_reminder,
    reminders.FEEDBACK_REMINDER_JOB: reminders.fire_feedback_reminder,
}


def build_jobs(deps: Deps) -> dict[str, JobHandler]:
    def bind(handler: Handler) -> JobHandler:
        @functools.wraps(handler)
        async def run(session: AsyncSession, job: Job) -> None:
            await handler(session, deps, job)

        return run

    return {kind: bind(handler) for kind, handler in HANDLERS.items()}
