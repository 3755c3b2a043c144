from typing import Any
from uuid import UUID

from fastapi import APIRouter, Response, status

from goals.calendar import service as calendar_service
from goals.calendar.schemas import CalendarFeed, CalendarFeedCreated
from goals.deps import SettingsDep
from kit.app import SessionDep
from kit.auth import CurrentUser

router = APIRouter(prefix="/v1", tags=["calendar"])
ICS = "text/calendar; charset=utf-8"
FEED_PATH = "/v1/calendar/{token}.ics"
"""A feed's path in this API; the gateway serves the same path under `/goals`."""
ICS_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/calendar": {}}, "description": "iCalendar (RFC 5545)"}
}


def _ics(body: bytes, filename: str) -> Response:
    return Response(
        body,
        media_type=ICS,
        headers={
            "Content-Disposition": f'inline; filename="{filename}"',
            "Cache-Control": "private, max-age=300",
        },
    )


@router.get("/matches/{match_id}/calendar.ics", response_class=Response, responses=ICS_RESPONSE)
async def match_calendar(match_id: UUID, session: SessionDep, user: CurrentUser) -> Response:
    """The match's check-ins as an iCalendar file."""
    return _ics(await calendar_service.match_calendar(session, user, match_id), "checkins.ics")


@router.post("/calendar-feeds", response_model=CalendarFeedCreated, status_code=201)
async def create_feed(
    session: SessionDep, user: CurrentUser, settings: SettingsDep
) -> CalendarFeedCreated:
    """A secret URL that Outlook and Google Calendar can subscribe to, listing the caller's
    check-ins in every match. The URL is shown only now. It starts with `GOALS_PUBLIC_URL`,
    the public root that serves this API under `/goals` (the request's own host is this
    service's internal name when the gateway asks)."""
    feed, token = await calendar_service.create_feed(session, user)
    url = settings.public_link("goals", FEED_PATH.format(token=token))
    return CalendarFeedCreated(id=feed.id, created_at=feed.created_at, revoked_at=None, url=url)


@router.get("/calendar-feeds", response_model=list[CalendarFeed])
async def list_feeds(session: SessionDep, user: CurrentUser) -> list[CalendarFeed]:
    """The caller's feeds (their URLs are secret and are not shown again)."""
    return [
        CalendarFeed.model_validate(f) for f in await calendar_service.list_feeds(session, user)
    ]


@router.delete("/calendar-feeds/{feed_id}", status_code=status.HTTP_204_NO_CONTENT)
async def revoke_feed(feed_id: UUID, session: SessionDep, user: CurrentUser) -> Response:
    """Revoke a feed: its URL answers 404 from now on."""
    await calendar_service.revoke_feed(session, user, feed_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    FEED_PATH.removeprefix("/v1"),
    name="calendar_feed",
    response_class=Response,
    responses=ICS_RESPONSE,
)
async def calendar_feed(token: str, session: SessionDep) -> Response:
    """A user's check-ins; the secret token in the path is the only credential."""
    return _ics(await calendar_service.feed_calendar(session, token), "mentorship.ics")
