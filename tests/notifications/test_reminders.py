"""Reminders through the durable scheduler, over real Kafka and PostgreSQL: 24 h before a
check-in on each person's clock, following a reschedule, gone with a cancellation; feedback."""

from datetime import timedelta

from kit.scheduler import pending_job
from notifications.reminders.service import (
    CHECKIN_REMINDER_JOB,
    FEEDBACK_REMINDER_JOB,
    checkin_key,
)
from tests.notifications.notify_events import (
    CHECKIN,
    MATCH,
    MENTEE,
    MENTOR,
    checkin_cancelled,
    checkin_rescheduled,
    checkin_scheduled,
    enrolled,
    feedback_requested,
)
from tests.notifications.notify_harness import ORG, Harness, at


async def due_of(h: Harness, kind: str, key: str) -> object:
    async with h.runtime.sessions() as session:
        job = await pending_job(session, kind, key)
        return None if job is None else job.due_at


async def test_a_reminder_follows_its_rescheduled_checkin(service: Harness) -> None:
    h = service
    await h.send(enrolled(MENTOR, "mentor", timezone="America/New_York"))
    await h.send(enrolled(MENTEE, timezone="Europe/Paris"))
    await h.inbox_of_size(MENTEE, 1)
    first = at("2026-03-05T15:00:00+00:00")
    moved = at("2026-03-07T10:00:00+00:00")
    await h.send(checkin_scheduled(first), subject=str(MATCH))
    await h.send(checkin_rescheduled(moved, previous=first), subject=str(MATCH))
    titles = [item["title"] for item in await h.inbox_of_size(MENTEE, 3)]
    assert titles[1:] == [
        "Check-in with Maria on Thu 05 Mar 2026, 16:00 CET",
        "Check-in with Maria moved to Sat 07 Mar 2026, 11:00 CET",
    ]
    key = checkin_key(ORG, CHECKIN, MENTEE)
    assert await due_of(h, CHECKIN_REMINDER_JOB, key) == moved - timedelta(hours=24)

    h.clock.now = first - timedelta(hours=23)  # the old reminder's time has passed
    await h.fire()
    assert len(await h.inbox(MENTEE)) == 3
    h.clock.now = moved - timedelta(hours=23, minutes=59)
    await h.fire()
    reminder = (await h.inbox(MENTEE))[-1]
    assert reminder["title"] == "Reminder: check-in with Maria on Sat 07 Mar 2026, 11:00 CET"
    assert (await h.inbox(MENTOR))[-1]["title"] == (
        "Reminder: check-in with Tom on Sat 07 Mar 2026, 05:00 EST"
    )
    await h.fire()
    assert len(await h.inbox(MENTEE)) == 4


async def test_a_cancelled_checkin_cancels_its_reminders(service: Harness) -> None:
    h = service
    starts = at("2026-03-05T15:00:00+00:00")
    await h.send(checkin_scheduled(starts), subject=str(MATCH))
    await h.send(checkin_cancelled(starts), subject=str(MATCH))
    await h.inbox_of_size(MENTEE, 2)
    for user in (MENTOR, MENTEE):
        assert await due_of(h, CHECKIN_REMINDER_JOB, checkin_key(ORG, CHECKIN, user)) is None
    h.clock.now = starts - timedelta(hours=1)
    await h.fire()
    assert [item["title"] for item in await h.inbox(MENTEE)] == [
        "Check-in with maria on Thu 05 Mar 2026, 15:00 UTC",  # no contact data: the user id
        "Check-in with maria cancelled",
    ]


async def test_feedback_is_reminded_before_it_is_due(service: Harness) -> None:
    h = service
    due = at("2026-03-04T12:00:00+00:00")
    request = feedback_requested(due)
    await h.send(request, subject=str(MATCH))
    await h.inbox_of_size(MENTEE, 1)
    assert await due_of(h, FEEDBACK_REMINDER_JOB, f"{ORG}:{request.request_id}") == due - timedelta(
        hours=24
    )
    h.clock.now = due - timedelta(hours=23)
    await h.fire()
    titles = [item["title"] for item in await h.inbox(MENTEE)]
    assert titles == [
        "How did your check-in with maria go?",
        "Reminder: your feedback on maria is due Wed 04 Mar 2026, 12:00 UTC",
    ]
