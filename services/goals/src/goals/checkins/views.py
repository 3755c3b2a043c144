"""How a check-in reads: UTC, plus each participant's local time, plus the notes the reader
may see (shared ones and their own private ones)."""

from collections.abc import Sequence
from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from goals.access import timezone_of
from goals.checkins import schemas
from goals.checkins.repository import CheckinRepository
from goals.models import Checkin, Match


async def views(
    session: AsyncSession, match: Match, checkins: Sequence[Checkin], viewer: str
) -> list[schemas.Checkin]:
    zones = {
        "mentor": (match.mentor_user_id, await timezone_of(session, match, match.mentor_user_id)),
        "mentee": (match.mentee_user_id, await timezone_of(session, match, match.mentee_user_id)),
    }
    notes = await CheckinRepository(session).notes_for([c.id for c in checkins], viewer)
    result = []
    for checkin in checkins:
        ends_at = checkin.starts_at + timedelta(minutes=checkin.duration_minutes)
        local_times = [
            schemas.LocalTime(
                user_id=user_id,
                role=role,
                timezone=tz,
                starts_at=checkin.starts_at.astimezone(ZoneInfo(tz)),
                ends_at=ends_at.astimezone(ZoneInfo(tz)),
            )
            for role, (user_id, tz) in zones.items()
        ]
        result.append(
            schemas.Checkin.model_validate(
                {
                    **{f: getattr(checkin, f) for f in _FIELDS},
                    "ends_at": ends_at,
                    "local_times": local_times,
                    "notes": [
                        schemas.Note.model_validate(n) for n in notes if n.checkin_id == checkin.id
                    ],
                }
            )
        )
    return result


async def view(
    session: AsyncSession, match: Match, checkin: Checkin, viewer: str
) -> schemas.Checkin:
    return (await views(session, match, [checkin], viewer))[0]


_FIELDS = (
    "id",
    "match_id",
    "status",
    "starts_at",
    "timezone",
    "duration_minutes",
    "meeting_url",
    "agenda",
    "sequence",
    "completed_at",
    "cancel_reason",
    "created_at",
    "updated_at",
)
