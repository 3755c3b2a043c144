"""Check-ins: schedule, reschedule, cancel, complete; the next one follows from the cadence.

Each scheduled check-in arms a `checkin.missed` job at its end plus the grace period; any
change re-arms or cancels it in the same transaction.
"""

from datetime import UTC, datetime, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.goals import (
    CheckinCancelledV1,
    CheckinCompletedV1,
    CheckinMissedV1,
    CheckinRescheduledV1,
    CheckinScheduledV1,
)
from goals.access import MatchAccess, scope, timezone_of, visible_match, visible_matches, zone
from goals.checkins import schemas
from goals.checkins.recurrence import Cadence, first_checkin, next_occurrence, to_utc
from goals.checkins.repository import CheckinRepository
from goals.checkins.views import view, views
from goals.matches.repository import ReadModelRepository
from goals.models import Checkin, CheckinNote, Match
from goals.paging import page_with
from goals.settings import GoalsSettings
from kit.auth import Principal
from kit.errors import ConflictError, NotFoundError, UnprocessableError
from kit.events.outbox import emit
from kit.pagination import Page, PageParams
from kit.scheduler import Job, cancel, schedule

MISSED = "checkin.missed"
MAX_AHEAD = timedelta(days=2 * 366)


def _facts(match: Match, checkin: Checkin) -> dict[str, object]:
    return {
        **scope(match),
        "checkin_id": checkin.id,
        "starts_at": checkin.starts_at,
        "duration_minutes": checkin.duration_minutes,
        "meeting_url": checkin.meeting_url,
    }


async def _arm_missed(session: AsyncSession, checkin: Checkin, settings: GoalsSettings) -> None:
    end = checkin.starts_at + timedelta(minutes=checkin.duration_minutes)
    due = end + timedelta(minutes=settings.checkin_grace_minutes)
    await schedule(session, MISSED, str(checkin.id), due, org_id=checkin.org_id)


def _resolve(moment: datetime, tz: ZoneInfo) -> datetime:
    try:
        return to_utc(moment, tz)
    except (OverflowError, ValueError) as exc:
        raise UnprocessableError("The time is out of range.", field="starts_at") from exc


def _check_within_match(match: Match, starts_at: datetime, tz: ZoneInfo) -> None:
    now = datetime.now(UTC)
    if starts_at <= now:
        raise UnprocessableError("A check-in must be scheduled in the future.", field="starts_at")
    if starts_at > now + MAX_AHEAD:
        raise UnprocessableError(
            "A check-in can be scheduled at most two years ahead.", field="starts_at"
        )
    if match.ends_on is not None and starts_at.astimezone(tz).date() > match.ends_on:
        raise UnprocessableError(
            f"The match ends on {match.ends_on.isoformat()}.", field="starts_at"
        )


async def add_checkin(
    session: AsyncSession,
    match: Match,
    settings: GoalsSettings,
    starts_at: datetime,
    timezone: str,
    duration_minutes: int,
    meeting_url: str | None = None,
    agenda: str | None = None,
) -> Checkin:
    checkin = Checkin(
        org_id=match.org_id,
        match_id=match.id,
        starts_at=starts_at,
        timezone=timezone,
        duration_minutes=duration_minutes,
        meeting_url=meeting_url,
        agenda=agenda,
        status="scheduled",
        sequence=0,
    )
    await CheckinRepository(session).add(checkin)
    await _arm_missed(session, checkin, settings)
    await emit(
        session,
        CheckinScheduledV1.model_validate(_facts(match, checkin)),
        subject=str(checkin.id),
        org_id=match.org_id,
    )
    return checkin


async def _zone_for(
    session: AsyncSession, access: MatchAccess, user: Principal, given: str | None
) -> str:
    if given is not None:
        zone(given)
        return given
    return await timezone_of(session, access.match, user.user_id)


async def create(
    session: AsyncSession,
    user: Principal,
    settings: GoalsSettings,
    match_id: UUID,
    data: schemas.CheckinCreate,
) -> schemas.Checkin:
    access = await visible_match(session, user, match_id)
    access.require_party()
    access.require_active()
    tz_name = await _zone_for(session, access, user, data.timezone)
    starts_at = _resolve(data.starts_at, ZoneInfo(tz_name))
    _check_within_match(access.match, starts_at, ZoneInfo(tz_name))
    checkin = await add_checkin(
        session,
        access.match,
        settings,
        starts_at,
        tz_name,
        data.duration_minutes,
        str(data.meeting_url) if data.meeting_url else None,
        data.agenda,
    )
    return await view(session, access.match, checkin, user.user_id)


async def schedule_first(session: AsyncSession, match: Match, settings: GoalsSettings) -> Checkin:
    """`match.accepted`: the first check-in, at the configured local time of the mentee."""
    tz_name = await timezone_of(session, match, match.mentee_user_id)
    tz = ZoneInfo(tz_name)
    starts_at = first_checkin(
        match.starts_on, datetime.now(tz).date(), settings.first_checkin_local_time, tz
    )
    return await add_checkin(
        session, match, settings, starts_at, tz_name, settings.checkin_duration_minutes
    )


async def load(
    session: AsyncSession, user: Principal, checkin_id: UUID
) -> tuple[Checkin, MatchAccess]:
    checkin = await CheckinRepository(session).get(user.org_id, checkin_id)
    if checkin is None:
        raise NotFoundError("No such check-in.")
    try:
        access = await visible_match(session, user, checkin.match_id)
    except NotFoundError:
        raise NotFoundError("No such check-in.") from None
    return checkin, access


async def _load_scheduled(
    session: AsyncSession, user: Principal, checkin_id: UUID
) -> tuple[Checkin, MatchAccess]:
    checkin, access = await load(session, user, checkin_id)
    access.require_party()
    if checkin.status != "scheduled":
        raise ConflictError(f"The check-in is {checkin.status}.")
    return checkin, access


async def get(session: AsyncSession, user: Principal, checkin_id: UUID) -> schemas.Checkin:
    checkin, access = await load(session, user, checkin_id)
    return await view(session, access.match, checkin, user.user_id)


async def list_checkins(
    session: AsyncSession, user: Principal, match_id: UUID, page: PageParams
) -> Page[schemas.Checkin]:
    access = await visible_match(session, user, match_id)
    rows = await CheckinRepository(session).of_match(user.org_id, access.match.id, page)
    items = await views(session, access.match, rows[: page.limit], user.user_id)
    return page_with(rows, page, items)


async def next_of_matches(
    session: AsyncSession, user: Principal, match_ids: list[UUID]
) -> list[schemas.Checkin]:
    """The earliest scheduled check-in of each match the caller may see, in the order asked."""
    matches = {
        access.match.id: access.match for access in await visible_matches(session, user, match_ids)
    }
    if not matches:
        return []
    rows = await CheckinRepository(session).next_scheduled(user.org_id, list(matches))
    by_match = {row.match_id: row for row in rows}
    return [
        (await views(session, matches[match_id], [by_match[match_id]], user.user_id))[0]
        for match_id in matches
        if match_id in by_match
    ]


async def reschedule(
    session: AsyncSession,
    user: Principal,
    settings: GoalsSettings,
    checkin_id: UUID,
    data: schemas.CheckinReschedule,
) -> schemas.Checkin:
    checkin, access = await _load_scheduled(session, user, checkin_id)
    # A time without an offset is the check-in's own local time, whoever moves it: a mentor
    # in Paris moving a Kolkata check-in to "10:00" means 10:00 in Kolkata.
    tz_name = checkin.timezone if data.timezone is None else zone(data.timezone).key
    starts_at = _resolve(data.starts_at, ZoneInfo(tz_name))
    _check_within_match(access.match, starts_at, ZoneInfo(tz_name))
    previous = checkin.starts_at
    checkin.starts_at, checkin.timezone = starts_at, tz_name
    if data.duration_minutes is not None:
        checkin.duration_minutes = data.duration_minutes
    checkin.sequence += 1
    await session.flush()
    await _arm_missed(session, checkin, settings)
    await emit(
        session,
        CheckinRescheduledV1.model_validate(
            {**_facts(access.match, checkin), "previous_starts_at": previous}
        ),
        subject=str(checkin.id),
        org_id=checkin.org_id,
    )
    return await view(session, access.match, checkin, user.user_id)


async def update(
    session: AsyncSession,
    user: Principal,
    settings: GoalsSettings,
    checkin_id: UUID,
    data: schemas.CheckinUpdate,
) -> schemas.Checkin:
    checkin, access = await _load_scheduled(session, user, checkin_id)
    changes = data.model_dump(exclude_unset=True, mode="json")
    if "duration_minutes" in changes and changes["duration_minutes"] is None:
        raise UnprocessableError("duration_minutes cannot be null.", field="duration_minutes")
    for field, value in changes.items():
        setattr(checkin, field, value)
    if changes:
        checkin.sequence += 1
        await session.flush()
        await _arm_missed(session, checkin, settings)
    return await view(session, access.match, checkin, user.user_id)


async def cancel_checkin(
    session: AsyncSession, user: Principal, checkin_id: UUID, data: schemas.CheckinCancel
) -> schemas.Checkin:
    checkin, access = await _load_scheduled(session, user, checkin_id)
    await _cancel(session, access.match, checkin, data.reason)
    return await view(session, access.match, checkin, user.user_id)


async def _cancel(
    session: AsyncSession, match: Match, checkin: Checkin, reason: str | None
) -> None:
    checkin.status = "cancelled"
    checkin.cancel_reason = reason
    checkin.sequence += 1
    await session.flush()
    await cancel(session, MISSED, str(checkin.id))
    await emit(
        session,
        CheckinCancelledV1.model_validate({**_facts(match, checkin), "reason": reason}),
        subject=str(checkin.id),
        org_id=checkin.org_id,
    )


async def cancel_future(session: AsyncSession, match: Match, reason: str) -> int:
    """`match.ended` and withdrawals: every check-in still scheduled is cancelled."""
    checkins = await CheckinRepository(session).scheduled(match.org_id, match.id)
    for checkin in checkins:
        await _cancel(session, match, checkin, reason)
    return len(checkins)


async def complete(
    session: AsyncSession,
    user: Principal,
    settings: GoalsSettings,
    checkin_id: UUID,
    data: schemas.CheckinComplete,
) -> schemas.Checkin:
    checkin, access = await _load_scheduled(session, user, checkin_id)
    now = datetime.now(UTC)
    checkin.status, checkin.completed_at = "completed", now
    await session.flush()
    await cancel(session, MISSED, str(checkin.id))
    if data.notes is not None:
        await CheckinRepository(session).add(
            CheckinNote(
                org_id=checkin.org_id,
                checkin_id=checkin.id,
                author_user_id=user.user_id,
                body=data.notes.body,
                private=data.notes.private,
            )
        )
    await emit(
        session,
        CheckinCompletedV1.model_validate({**_facts(access.match, checkin), "completed_at": now}),
        subject=str(checkin.id),
        org_id=checkin.org_id,
    )
    await schedule_next(session, access.match, checkin, settings)
    return await view(session, access.match, checkin, user.user_id)


async def schedule_next(
    session: AsyncSession, match: Match, after: Checkin, settings: GoalsSettings
) -> Checkin | None:
    """The next check-in from the match's cadence, unless one is already planned or the match
    ends first. It keeps the local time (and zone) of the one before, across DST changes."""
    if match.status != "active":
        return None
    now = datetime.now(UTC)
    repository = CheckinRepository(session)
    if await repository.scheduled_after(match.org_id, match.id, max(after.starts_at, now)):
        return None
    tz = ZoneInfo(after.timezone)
    cadence: Cadence = match.cadence  # type: ignore[assignment]
    starts_at = next_occurrence(after.starts_at, tz, cadence, after=now)
    if match.ends_on is not None and starts_at.astimezone(tz).date() > match.ends_on:
        return None
    return await add_checkin(
        session,
        match,
        settings,
        starts_at,
        after.timezone,
        after.duration_minutes,
        after.meeting_url,
    )


async def add_note(
    session: AsyncSession, user: Principal, checkin_id: UUID, data: schemas.NoteCreate
) -> schemas.Checkin:
    checkin, access = await load(session, user, checkin_id)
    access.require_party()
    await CheckinRepository(session).add(
        CheckinNote(
            org_id=checkin.org_id,
            checkin_id=checkin.id,
            author_user_id=user.user_id,
            body=data.body,
            private=data.private,
        )
    )
    return await view(session, access.match, checkin, user.user_id)


async def fire_missed(session: AsyncSession, job: Job, settings: GoalsSettings) -> None:
    """The scheduler's handler: a check-in still scheduled after its grace period is missed,
    and the series goes on from the cadence."""
    checkin = await CheckinRepository(session).get(job.org_id, UUID(job.key))
    if checkin is None or checkin.status != "scheduled":
        return
    match = await ReadModelRepository(session).match(checkin.org_id, checkin.match_id)
    assert match is not None
    checkin.status = "missed"
    await session.flush()
    await emit(
        session,
        CheckinMissedV1.model_validate(_facts(match, checkin)),
        subject=str(checkin.id),
        org_id=checkin.org_id,
    )
    await schedule_next(session, match, checkin, settings)
