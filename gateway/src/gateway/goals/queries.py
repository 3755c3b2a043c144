import strawberry

from gateway.context import GatewayInfo
from gateway.goals.types import CalendarFeed, Checkin, Goal, MatchSchedule, ProgressUpdate
from gateway.pagination import Connection, connection, page_query
from gateway.resolve import fetch_or_none


@strawberry.type
class GoalsQuery:
    @strawberry.field(description="A goal, or null if it does not exist for the caller.")
    async def goal(self, info: GatewayInfo, id: strawberry.ID) -> Goal | None:
        data = await fetch_or_none(info.context, "goals", f"/v1/goals/{id}")
        return Goal.from_api(data) if data else None

    @strawberry.field(description="A match's goals, oldest first.")
    async def goals(
        self, info: GatewayInfo, match_id: strawberry.ID, first: int = 50, after: str | None = None
    ) -> Connection[Goal]:
        info.context.user()
        page = await info.context.client("goals").get(
            f"/v1/matches/{match_id}/goals", page_query(first, after)
        )
        return connection(page, [Goal.from_api(item) for item in page["items"]])

    @strawberry.field(description="A goal's progress history, oldest first.")
    async def goal_progress(
        self, info: GatewayInfo, goal_id: strawberry.ID, first: int = 50, after: str | None = None
    ) -> Connection[ProgressUpdate]:
        info.context.user()
        page = await info.context.client("goals").get(
            f"/v1/goals/{goal_id}/progress", page_query(first, after)
        )
        return connection(page, [ProgressUpdate.from_api(item) for item in page["items"]])

    @strawberry.field(description="A check-in, or null if it does not exist for the caller.")
    async def checkin(self, info: GatewayInfo, id: strawberry.ID) -> Checkin | None:
        data = await fetch_or_none(info.context, "goals", f"/v1/checkins/{id}")
        return Checkin.from_api(data) if data else None

    @strawberry.field(description="A match's check-ins, oldest first.")
    async def checkins(
        self, info: GatewayInfo, match_id: strawberry.ID, first: int = 50, after: str | None = None
    ) -> Connection[Checkin]:
        info.context.user()
        page = await info.context.client("goals").get(
            f"/v1/matches/{match_id}/checkins", page_query(first, after)
        )
        return connection(page, [Checkin.from_api(item) for item in page["items"]])

    @strawberry.field(description="A match's check-in cadence, or null if not visible.")
    async def match_schedule(
        self, info: GatewayInfo, match_id: strawberry.ID
    ) -> MatchSchedule | None:
        data = await fetch_or_none(info.context, "goals", f"/v1/matches/{match_id}")
        return MatchSchedule.from_api(data) if data else None

    @strawberry.field(description="The caller's iCalendar feeds (their URLs are shown once).")
    async def calendar_feeds(self, info: GatewayInfo) -> list[CalendarFeed]:
        info.context.user()
        items = await info.context.client("goals").get("/v1/calendar-feeds")
        return [CalendarFeed.from_api(item) for item in items]
