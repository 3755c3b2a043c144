"""The viewer's own types; the objects they lead to are the schema's existing Program, Match,
Participant, Goal, Checkin, FeedbackRequest and Survey."""

from datetime import datetime
from enum import Enum
from typing import Annotated, Any

import strawberry

from gateway.api import matching as api
from gateway.context import GatewayInfo
from gateway.derive import build, model_type
from gateway.feedback.types import FeedbackRequest, Survey
from gateway.goals.types import Checkin, Goal
from gateway.matching.matches import Match
from gateway.matching.runs import MatchingRun
from gateway.matching.types import MatchingMode, Participant, ParticipantRole, ParticipantStatus
from gateway.resolve import fetch_or_none
from gateway.viewer.loaders import of_goals


@model_type(api.Participation)
class Participation:
    participant_id: strawberry.ID = strawberry.field(
        description="The viewer's participant id in this program (for enrol/update mutations)."
    )
    role: ParticipantRole
    status: ParticipantStatus
    capacity: int = strawberry.field(description="Mentors: how many mentees at once.")

    @classmethod
    def from_api(cls, data: Any) -> "Participation":
        model = api.Participation.model_validate(data)
        # matching's viewer answer names its own role and status enums; their values are the
        # participant's.
        return build(
            cls,
            model,
            role=ParticipantRole(model.role.value),
            status=ParticipantStatus(model.status.value),
        )


@strawberry.type(description="One of the viewer's matches, seen from their side.")
class ViewerMatch:
    role: ParticipantRole = strawberry.field(description="The viewer's side of the match.")
    awaits_viewer: bool = strawberry.field(
        description="A proposal whose answer (acceptMatch or declineMatch) is the viewer's."
    )
    match: Match
    partner: Participant | None = strawberry.field(
        description="The other person as the viewer may see them (a partner's profile leaves "
        "out exclusions, manager, HR attributes and external id); null if not visible."
    )

    @strawberry.field(description="The match's goals while it is active (empty otherwise).")
    async def goals(self, info: GatewayInfo) -> list[Goal]:
        data = await of_goals(info.context)
        return [Goal.from_api(g) for g in data["goals"] if str(g["match_id"]) == self.match.id]

    @strawberry.field(description="The match's earliest scheduled check-in, if any.")
    async def next_checkin(self, info: GatewayInfo) -> Checkin | None:
        data = await of_goals(info.context)
        found = [c for c in data["next_checkins"] if str(c["match_id"]) == self.match.id]
        return Checkin.from_api(found[0]) if found else None


@model_type(api.RunAwaitingReview)
class RunAwaitingReview:
    id: strawberry.ID = strawberry.field(description="The run's id.")
    program_id: strawberry.ID
    mode: MatchingMode
    matched: int = strawberry.field(description="The pairs publishing it would propose.")

    @strawberry.field(description="The whole run: its pairs, report and fairness.")
    async def run(self, info: GatewayInfo) -> MatchingRun | None:
        data = await fetch_or_none(info.context, "matching", f"/v1/runs/{self.id}")
        return MatchingRun.from_api(data) if data else None


@strawberry.enum(description="What awaits the viewer.")
class TodoKind(Enum):
    ANSWER_PROPOSAL = "answer_proposal"
    GIVE_FEEDBACK = "give_feedback"
    ANSWER_SURVEY = "answer_survey"
    ACKNOWLEDGE_GOAL = "acknowledge_goal"
    PUBLISH_RUN = "publish_run"
    REVIEW_MATCH = "review_match"


@strawberry.type(description="An argument a to-do item fixes, as a GraphQL variable's value.")
class TodoArgument:
    name: str = strawberry.field(description="The mutation's argument, e.g. id or action.")
    value: str = strawberry.field(description="An ID, or an enum value such as ACKNOWLEDGE.")


@strawberry.type(description="A mutation that answers a to-do item, with its arguments.")
class TodoAction:
    mutation: str = strawberry.field(description="The Mutation field's name, e.g. acceptMatch.")
    label: str = strawberry.field(description="A button's text, e.g. Accept.")
    arguments: list[TodoArgument] = strawberry.field(
        description="The arguments the item fixes (ids, an action); the rest, such as "
        "submitFeedback's input, come from the person."
    )


TodoTarget = Annotated[
    Match | FeedbackRequest | Survey | Goal | RunAwaitingReview,
    strawberry.union("TodoTarget", description="The object a to-do item is about."),
]


@strawberry.type(description="One thing that awaits the viewer, and how to answer it.")
class TodoItem:
    id: strawberry.ID = strawberry.field(description="Stable for the item: kind and object id.")
    kind: TodoKind
    title: str = strawberry.field(description="A sentence for a list, in English.")
    object_id: strawberry.ID = strawberry.field(description="The id of `target`.")
    object_type: str = strawberry.field(description="`target`'s GraphQL type name.")
    mutation: str = strawberry.field(description="The mutation that answers it (actions[0]).")
    actions: list[TodoAction]
    target: TodoTarget
    program_id: strawberry.ID | None
    match_id: strawberry.ID | None
    due_at: datetime | None = strawberry.field(description="When it is due, if it has a date.")
