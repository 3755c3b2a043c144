import strawberry

from gateway.context import GatewayInfo
from gateway.goals.types import CalendarFeed, Checkin, Goal, MatchSchedule, ProgressUpdate
from gateway.pagination import Connection, connection, page_query
from gateway.permissions import SIGNED_IN
from gateway.resolve import fetch_or_none


@strawberry.type
class GoalsQuery:
    @strawberry.field(
        description="A goal, or null if it does not exist for the caller.",
        permission_classes=SIGNED_IN,
    )
    async def goal(self, info: GatewayInfo, id: strawberry.ID) -> Goal | None:
        data = await fetch_or_none(info.context, "goals", f"/v1/goals/{id}")
        return Goal.from_api(data) if data else None

    @strawberry.field(description="A match's goals, oldest first.", permission_classes=SIGNED_IN)
    async def goals(
        self, info: GatewayInfo, match_id: strawberry.ID, first: int = 50, after: str | None = None
    ) -> Connection[Goal]:
        page = await info.context.client("goals").get(
            f"/v1/matches/{match_id}/goals", page_query(first, after)
        )
        return connection(page, [Goal.from_api(item) for item in page["items"]])

    @strawberry.field(
        description="A goal's progress history, oldest first.", permission_classes=SIGNED_IN
    )
    async def goal_progress(
        self, info: GatewayInfo, goal_id: strawberry.ID, first: int = 50, after: str | None = None
    ) -> Connection[ProgressUpdate]:
        page = await info.context.client("goals").get(
            f"/v1/goals/{goal_id}/progress", page_query(first, after)
        )
        return connection(page, [ProgressUpdate.from_api(item) for item in page["items"]])

    @strawberry.field(
        description="A check-in, or null if it does not exist for the caller.",
        permission_classes=SIGNED_IN,
    )
    async def checkin(self, info: GatewayInfo, id: strawberry.ID) -> Checkin | None:
        data = await fetch_or_none(info.context, "goals", f"/v1/checkins/{id}")
        return Checkin.from_api(data) if data else None

    @strawberry.field(
        description="A match's check-ins, oldest first.", permission_classes=SIGNED_IN
    )
    async def checkins(
        self, info: GatewayInfo, match_id: strawberry.ID, first: int = 50, after: str | None = None
    ) -> Connection[Checkin]:
        page = await info.context.client("goals").get(
            f"/v1/matches/{match_id}/checkins", page_query(first, after)
        )
        return connection(page, [Checkin.from_api(item) for item in page["items"]])

    @strawberry.field(
        description="A match's check-in cadence, or null if not visible.",
        permission_classes=SIGNED_IN,
    )
    async def match_schedule(
        self, info: GatewayInfo, match_id: strawberry.ID
    ) -> MatchSchedule | None:
        data = await fetch_or_none(info.context, "goals", f"/v1/matches/{match_id}")
        return MatchSchedule.from_api(data) if data else None

    @strawberry.field(
        description="The caller's iCalendar feeds (their URLs are shown once).",
        permission_classes=SIGNED_IN,
    )
    async def calendar_feeds(self, info: GatewayInfo) -> list[CalendarFeed]:
        items = await info.context.client("goals").get("/v1/calendar-feeds")
        return [CalendarFeed.from_api(item) for item in items]
