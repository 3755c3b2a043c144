from datetime import datetime
from enum import Enum
from typing import Annotated, Any

import strawberry

from gateway.context import GatewayInfo
from gateway.errors import ExpectedError
from gateway.goals.types import (
    Cadence,
    CalendarFeed,
    Checkin,
    CheckinInput,
    Goal,
    GoalInput,
    GoalUpdateInput,
    MatchSchedule,
    NoteInput,
)
from gateway.permissions import SIGNED_IN
from gateway.resolve import drop_unset, mutate
from gateway.results import Removed, RemovedResult

GoalResult = Annotated[Goal | ExpectedError, strawberry.union("GoalResult")]
CheckinResult = Annotated[Checkin | ExpectedError, strawberry.union("CheckinResult")]
ScheduleResult = Annotated[MatchSchedule | ExpectedError, strawberry.union("MatchScheduleResult")]
FeedResult = Annotated[CalendarFeed | ExpectedError, strawberry.union("CalendarFeedResult")]


@strawberry.enum
class GoalAction(Enum):
    ACTIVATE = "activate"
    ACKNOWLEDGE = "acknowledge"
    COMPLETE = "complete"
    ABANDON = "abandon"


def _value(value: Any) -> Any:
    return value.value if hasattr(value, "value") else value


def _goal_body(values: dict[str, Any]) -> dict[str, Any]:
    body = {key: _value(value) for key, value in drop_unset(values).items()}
    if body.get("due_on") is not None:
        body["due_on"] = body["due_on"].isoformat()
    return body


@strawberry.type
class GoalsMutation:
    @strawberry.mutation(
        description="Propose a draft goal for a match's mentee, as the mentee or the mentor. "
        "The goal is the mentee's (she edits, activates and completes it); the mentor's "
        "acknowledgement (the A of SMART) is needed to activate it, and a goal the mentor "
        "proposes is acknowledged by that act. A refusal names each input field to fix.",
        permission_classes=SIGNED_IN,
    )
    async def create_goal(
        self,
        info: GatewayInfo,
        match_id: strawberry.ID,
        input: GoalInput,
        idempotency_key: str | None = None,
    ) -> GoalResult:
        body = _goal_body(vars(input))
        call = info.context.client("goals").post(
            f"/v1/matches/{match_id}/goals", body, idempotency_key=idempotency_key
        )
        return await mutate(call, Goal.from_api)

    @strawberry.mutation(
        description="Change a goal; only the fields given change.", permission_classes=SIGNED_IN
    )
    async def update_goal(
        self, info: GatewayInfo, id: strawberry.ID, input: GoalUpdateInput
    ) -> GoalResult:
        call = info.context.client("goals").patch(f"/v1/goals/{id}", _goal_body(vars(input)))
        return await mutate(call, Goal.from_api)

    @strawberry.mutation(
        description="Move a goal on: activate, acknowledge, complete or abandon.",
        permission_classes=SIGNED_IN,
    )
    async def transition_goal(
        self, info: GatewayInfo, id: strawberry.ID, action: GoalAction
    ) -> GoalResult:
        call = info.context.client("goals").post(f"/v1/goals/{id}/{action.value}")
        return await mutate(call, Goal.from_api)

    @strawberry.mutation(
        description="Add a milestone at the end of a goal's list.", permission_classes=SIGNED_IN
    )
    async def add_milestone(
        self, info: GatewayInfo, goal_id: strawberry.ID, title: str
    ) -> GoalResult:
        call = info.context.client("goals").post(
            f"/v1/goals/{goal_id}/milestones", {"title": title}
        )
        return await mutate(call, Goal.from_api)

    @strawberry.mutation(
        description="Complete a milestone; the goal's progress follows (see `Goal.progress`).",
        permission_classes=SIGNED_IN,
    )
    async def complete_milestone(
        self, info: GatewayInfo, goal_id: strawberry.ID, milestone_id: strawberry.ID
    ) -> GoalResult:
        call = info.context.client("goals").post(
            f"/v1/goals/{goal_id}/milestones/{milestone_id}/complete"
        )
        return await mutate(call, Goal.from_api)

    @strawberry.mutation(
        description="Record the goal's metric's current value (its owner, the mentee); the "
        "goal's progress follows (see `Goal.progress`).",
        permission_classes=SIGNED_IN,
    )
    async def record_progress(
        self, info: GatewayInfo, goal_id: strawberry.ID, value: float, note: str | None = None
    ) -> GoalResult:
        call = info.context.client("goals").post(
            f"/v1/goals/{goal_id}/progress", {"value": value, "note": note}
        )
        return await mutate(call, Goal.from_api)

    @strawberry.mutation(
        description="Schedule a check-in of a match.", permission_classes=SIGNED_IN
    )
    async def schedule_checkin(
        self, info: GatewayInfo, input: CheckinInput, idempotency_key: str | None = None
    ) -> CheckinResult:
        body = {
            "starts_at": input.starts_at.isoformat(),
            "duration_minutes": input.duration_minutes,
            "timezone": input.timezone,
            "meeting_url": input.meeting_url,
            "agenda": input.agenda,
        }
        call = info.context.client("goals").post(
            f"/v1/matches/{input.match_id}/checkins", body, idempotency_key=idempotency_key
        )
        return await mutate(call, Checkin.from_api)

    @strawberry.mutation(
        description="Change a check-in's agenda, length or meeting link.",
        permission_classes=SIGNED_IN,
    )
    async def update_checkin(
        self,
        info: GatewayInfo,
        id: strawberry.ID,
        agenda: str | None = strawberry.UNSET,
        duration_minutes: int | None = strawberry.UNSET,
        meeting_url: str | None = strawberry.UNSET,
    ) -> CheckinResult:
        body = drop_unset(
            {"agenda": agenda, "duration_minutes": duration_minutes, "meeting_url": meeting_url}
        )
        call = info.context.client("goals").patch(f"/v1/checkins/{id}", body)
        return await mutate(call, Checkin.from_api)

    @strawberry.mutation(
        description="Move a scheduled check-in to another time. A `startsAt` without an offset "
        "is local to `timezone`, or to the check-in's own timezone when none is given.",
        permission_classes=SIGNED_IN,
    )
    async def reschedule_checkin(
        self,
        info: GatewayInfo,
        id: strawberry.ID,
        starts_at: datetime,
        duration_minutes: int | None = None,
        timezone: str | None = None,
    ) -> CheckinResult:
        body = {
            "starts_at": starts_at.isoformat(),
            "duration_minutes": duration_minutes,
            "timezone": timezone,
        }
        call = info.context.client("goals").post(f"/v1/checkins/{id}/reschedule", body)
        return await mutate(call, Checkin.from_api)

    @strawberry.mutation(description="Cancel a scheduled check-in.", permission_classes=SIGNED_IN)
    async def cancel_checkin(
        self, info: GatewayInfo, id: strawberry.ID, reason: str | None = None
    ) -> CheckinResult:
        call = info.context.client("goals").post(f"/v1/checkins/{id}/cancel", {"reason": reason})
        return await mutate(call, Checkin.from_api)

    @strawberry.mutation(
        description="Mark a check-in held, optionally with a note.", permission_classes=SIGNED_IN
    )
    async def complete_checkin(
        self, info: GatewayInfo, id: strawberry.ID, note: NoteInput | None = None
    ) -> CheckinResult:
        notes = {"body": note.body, "private": note.private} if note else None
        call = info.context.client("goals").post(f"/v1/checkins/{id}/complete", {"notes": notes})
        return await mutate(call, Checkin.from_api)

    @strawberry.mutation(description="Add a note to a check-in.", permission_classes=SIGNED_IN)
    async def add_checkin_note(
        self, info: GatewayInfo, id: strawberry.ID, note: NoteInput
    ) -> CheckinResult:
        body = {"body": note.body, "private": note.private}
        call = info.context.client("goals").post(f"/v1/checkins/{id}/notes", body)
        return await mutate(call, Checkin.from_api)

    @strawberry.mutation(
        description="Change how often a match's check-ins recur.", permission_classes=SIGNED_IN
    )
    async def set_checkin_cadence(
        self, info: GatewayInfo, match_id: strawberry.ID, cadence: Cadence
    ) -> ScheduleResult:
        call = info.context.client("goals").patch(
            f"/v1/matches/{match_id}", {"cadence": cadence.value}
        )
        return await mutate(call, MatchSchedule.from_api)

    @strawberry.mutation(
        description="A personal iCalendar feed URL of the caller's check-ins.",
        permission_classes=SIGNED_IN,
    )
    async def create_calendar_feed(self, info: GatewayInfo) -> FeedResult:
        call = info.context.client("goals").post("/v1/calendar-feeds")
        return await mutate(call, CalendarFeed.from_api)

    @strawberry.mutation(
        description="Revoke a calendar feed: its URL stops working.", permission_classes=SIGNED_IN
    )
    async def revoke_calendar_feed(self, info: GatewayInfo, id: strawberry.ID) -> RemovedResult:
        call = info.context.client("goals").delete(f"/v1/calendar-feeds/{id}")
        return await mutate(call, lambda _: Removed(id=id))
