import asyncio

import strawberry

from gateway.api import notifications as notifications_api
from gateway.context import GatewayInfo
from gateway.feedback.types import FeedbackRequest, Survey
from gateway.goals.types import Checkin, Goal
from gateway.matching.loaders import programs_by_id
from gateway.matching.matches import Match, MatchStatus
from gateway.matching.types import Participant, ParticipantRole, Program
from gateway.permissions import SIGNED_IN
from gateway.resolve import loader
from gateway.viewer.loaders import of_feedback, of_goals, of_matching
from gateway.viewer.todo import todo
from gateway.viewer.types import Participation, TodoItem, ViewerMatch


@strawberry.type(
    description="The signed-in person: who they are, their programs and matches, and what "
    "awaits them. Each service is asked once per request, for the token's user only."
)
class Viewer:
    user_id: str
    org_id: str
    roles: list[str] = strawberry.field(description="The token's roles (org_admin or none).")

    @strawberry.field(description="An org admin administers every program of the org.")
    def is_org_admin(self) -> bool:
        return "org_admin" in self.roles

    @strawberry.field(description="The programs the viewer administers (org admins: all).")
    async def administered_programs(self, info: GatewayInfo) -> list[Program]:
        ids = [str(i) for i in (await of_matching(info.context))["administered_program_ids"]]
        found = await loader(info.context, programs_by_id).load_many(ids)
        return [Program.from_api(data) for data in found if data]

    @strawberry.field(description="The viewer's enrolments across programs, oldest first.")
    async def participations(self, info: GatewayInfo) -> list[Participation]:
        data = await of_matching(info.context)
        return [Participation.from_api(item) for item in data["participations"]]

    @strawberry.field(
        description="The viewer's matches on either side, open ones (proposed, accepted, "
        "active) first, then the newest; `status` keeps only those."
    )
    async def matches(
        self, info: GatewayInfo, status: list[MatchStatus] | None = None
    ) -> list[ViewerMatch]:
        data = await of_matching(info.context)
        wanted = {s.value for s in status} if status is not None else None
        return [
            ViewerMatch(
                role=ParticipantRole(item["role"]),
                awaits_viewer=bool(item["awaits_viewer"]),
                match=Match.from_api(item["match"]),
                partner=Participant.from_api(item["partner"]) if item.get("partner") else None,
            )
            for item in data["matches"]
            if wanted is None or item["match"]["status"] in wanted
        ]

    @strawberry.field(description="The goals of the viewer's active matches, oldest first.")
    async def goals(self, info: GatewayInfo) -> list[Goal]:
        return [Goal.from_api(item) for item in (await of_goals(info.context))["goals"]]

    @strawberry.field(
        description="The earliest scheduled check-in of each active match, soonest first."
    )
    async def next_checkins(self, info: GatewayInfo) -> list[Checkin]:
        items = (await of_goals(info.context))["next_checkins"]
        return [Checkin.from_api(item) for item in items]

    @strawberry.field(description="The viewer's soonest scheduled check-in, if any.")
    async def next_checkin(self, info: GatewayInfo) -> Checkin | None:
        items = (await of_goals(info.context))["next_checkins"]
        return Checkin.from_api(items[0]) if items else None

    @strawberry.field(description="Feedback requests the viewer has not answered, oldest first.")
    async def feedback_due(self, info: GatewayInfo) -> list[FeedbackRequest]:
        items = (await of_feedback(info.context))["feedback_due"]
        return [FeedbackRequest.from_api(item) for item in items]

    @strawberry.field(description="Surveys the viewer has not answered, oldest first.")
    async def surveys_open(self, info: GatewayInfo) -> list[Survey]:
        items = (await of_feedback(info.context))["surveys_open"]
        return [Survey.from_api(item) for item in items]

    @strawberry.field(description="How many of the viewer's notifications are unread.")
    async def unread_notifications(self, info: GatewayInfo) -> int:
        data = await info.context.client("notifications").read(
            notifications_api.UnreadCount, "/v1/notifications/unread-count"
        )
        return data.unread

    @strawberry.field(
        description="Everything that awaits the viewer in one list: proposals to answer first, "
        "then feedback due, surveys open and goals to acknowledge by due date. Each item names "
        "its object and the mutation that answers it."
    )
    async def todo(self, info: GatewayInfo) -> list[TodoItem]:
        matching, goals, feedback = await asyncio.gather(
            of_matching(info.context), of_goals(info.context), of_feedback(info.context)
        )
        return todo(matching, goals, feedback)


@strawberry.type
class ViewerQuery:
    @strawberry.field(
        description="The signed-in person's own API (the token's user).",
        permission_classes=SIGNED_IN,
    )
    def viewer(self, info: GatewayInfo) -> Viewer:
        principal = info.context.caller
        return Viewer(
            user_id=principal.user_id, org_id=principal.org_id, roles=sorted(principal.roles)
        )
