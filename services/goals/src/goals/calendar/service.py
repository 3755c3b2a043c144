"""Calendar exports: per match (for its viewers) and per user at a secret, revocable URL.

The feed token is 256 random bits, given to the user once; only its SHA-256 is stored, so a
leaked database does not leak subscriptions. A revoked or unknown token is 404.
"""

import hashlib
import secrets
from collections.abc import Sequence
from datetime import UTC, datetime
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from goals.access import visible_match
from goals.calendar import ics
from goals.calendar.repository import CalendarRepository
from goals.checkins.repository import CheckinRepository
from goals.matches.repository import ReadModelRepository
from goals.models import CalendarFeed, Match
from kit.auth import Principal
from kit.errors import NotFoundError


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def _render(session: AsyncSession, org_id: str, name: str, matches: Sequence[Match]) -> bytes:
    checkins = await CheckinRepository(session).all_of_matches(org_id, [m.id for m in matches])
    people = sorted({u for m in matches for u in (m.mentor_user_id, m.mentee_user_id)})
    names = await CalendarRepository(session).display_names(org_id, people)
    return ics.calendar(name, checkins, {m.id: m for m in matches}, names)


async def match_calendar(session: AsyncSession, user: Principal, match_id: UUID) -> bytes:
    access = await visible_match(session, user, match_id)
    return await _render(session, user.org_id, "Mentorship check-ins", [access.match])


async def create_feed(session: AsyncSession, user: Principal) -> tuple[CalendarFeed, str]:
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed(org_id=user.org_id, user_id=user.user_id, token_hash=hash_token(token))
    await CalendarRepository(session).add(feed)
    return feed, token


async def list_feeds(session: AsyncSession, user: Principal) -> Sequence[CalendarFeed]:
    return await CalendarRepository(session).of_user(user.org_id, user.user_id)


async def revoke_feed(session: AsyncSession, user: Principal, feed_id: UUID) -> None:
    feed = await CalendarRepository(session).get(user.org_id, user.user_id, feed_id)
    if feed is None:
        raise NotFoundError("No such calendar feed.")
    if feed.revoked_at is None:
        feed.revoked_at = datetime.now(UTC)
        await session.flush()


async def feed_calendar(session: AsyncSession, token: str) -> bytes:
    """The check-ins of every match the feed's owner takes part in (cancelled ones included,
    so that calendars drop them)."""
    feed = await CalendarRepository(session).by_hash(hash_token(token))
    if feed is None:
        raise NotFoundError("No such calendar feed.")
    matches = await ReadModelRepository(session).matches_of_user(feed.org_id, feed.user_id)
    return await _render(session, feed.org_id, "Mentorship check-ins", matches)
