"""Reminders as durable jobs: 24 h before a check-in on each person's clock, and before
feedback is due. Rescheduling moves the job (same key), cancelling cancels it."""

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.feedback import FeedbackRequestedV1
from contracts.goals import CheckinFacts
from kit.scheduler import Job, cancel, schedule
from notifications.deps import Deps
from notifications.directory.repository import DirectoryRepository
from notifications.dispatch import derived_event_id, notify
from notifications.preferences.policy import reminder_at
from notifications.preferences.service import recipient

CHECKIN_REMINDER_JOB = "notifications.checkin_reminder"
FEEDBACK_REMINDER_JOB = "notifications.feedback_reminder"


def checkin_key(org_id: str, checkin_id: object, user_id: str) -> str:
    return f"{org_id}:{checkin_id}:{user_id}"


def feedback_key(org_id: str, request_id: object) -> str:
    return f"{org_id}:{request_id}"


async def plan_checkin_reminders(
    session: AsyncSession, deps: Deps, org_id: str, checkin: CheckinFacts
) -> None:
    """Schedule (or move) both participants' reminders of this check-in."""
    now = deps.clock()
    pairs = [
        (checkin.mentor_user_id, checkin.mentee_user_id),
        (checkin.mentee_user_id, checkin.mentor_user_id),
    ]
    for user_id, other_user_id in pairs:
        key = checkin_key(org_id, checkin.checkin_id, user_id)
        if checkin.starts_at <= now:
            await cancel(session, CHECKIN_REMINDER_JOB, key)
            continue
        person = await recipient(session, org_id, user_id)
        due = max(
            reminder_at(checkin.starts_at, person.tz, deps.settings.checkin_reminder_hours), now
        )
        await schedule(
            session,
            CHECKIN_REMINDER_JOB,
            key,
            due,
            org_id=org_id,
            payload={
                "user_id": user_id,
                "other_user_id": other_user_id,
                "checkin_id": str(checkin.checkin_id),
                "starts_at": checkin.starts_at.isoformat(),
                "duration_minutes": checkin.duration_minutes,
                "meeting_url": checkin.meeting_url,
            },
        )


async def cancel_checkin_reminders(
    session: AsyncSession, org_id: str, checkin: CheckinFacts
) -> None:
    for user_id in (checkin.mentor_user_id, checkin.mentee_user_id):
        await cancel(
            session, CHECKIN_REMINDER_JOB, checkin_key(org_id, checkin.checkin_id, user_id)
        )


async def plan_feedback_reminder(
    session: AsyncSession, deps: Deps, org_id: str, request: FeedbackRequestedV1
) -> None:
    due = request.due_at - timedelta(hours=deps.settings.feedback_reminder_hours)
    if request.due_at <= deps.clock():
        return
    await schedule(
        session,
        FEEDBACK_REMINDER_JOB,
        feedback_key(org_id, request.request_id),
        max(due, deps.clock()),
        org_id=org_id,
        payload={
            "user_id": request.from_user_id,
            "about_user_id": request.about_user_id,
            "request_id": str(request.request_id),
            "due_at": request.due_at.isoformat(),
        },
    )


async def cancel_feedback_reminder(session: AsyncSession, org_id: str, request_id: object) -> None:
    await cancel(session, FEEDBACK_REMINDER_JOB, feedback_key(org_id, request_id))


async def _name(session: AsyncSession, org_id: str, user_id: str) -> str:
    contact = await DirectoryRepository(session).contact(org_id, user_id)
    return contact.display_name if contact else user_id


async def fire_checkin_reminder(session: AsyncSession, deps: Deps, job: Job) -> None:
    data: dict[str, Any] = job.payload
    starts_at = datetime.fromisoformat(data["starts_at"])
    if starts_at <= deps.clock():
        return  # fired late (an outage): a reminder after the fact helps nobody
    await notify(
        session,
        deps,
        org_id=job.org_id,
        user_id=data["user_id"],
        # One reminder per check-in time: a moved check-in earns a new one.
        source_event_id=derived_event_id(job.kind, job.key, starts_at.isoformat()),
        kind="checkin_reminder",
        category="checkins",
        context={
            "other_name": await _name(session, job.org_id, data["other_user_id"]),
            "duration_minutes": data["duration_minutes"],
            "meeting_url": data.get("meeting_url"),
        },
        times={"starts_at": starts_at},
        urgent=True,
    )


async def fire_feedback_reminder(session: AsyncSession, deps: Deps, job: Job) -> None:
    data: dict[str, Any] = job.payload
    due_at = datetime.fromisoformat(data["due_at"])
    await notify(
        session,
        deps,
        org_id=job.org_id,
        user_id=data["user_id"],
        source_event_id=derived_event_id(job.kind, job.key),
        kind="feedback_reminder",
        category="feedback",
        context={"other_name": await _name(session, job.org_id, data["about_user_id"])},
        times={"due_at": due_at},
        urgent=True,
    )
