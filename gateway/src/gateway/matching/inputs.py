from datetime import date

import strawberry
from strawberry.scalars import JSON

from gateway.goals.types import Cadence
from gateway.matching.types import ParticipantRole, ProgramFormat


@strawberry.input
class GoalTemplateInput:
    title: str
    description: str = ""
    metric: str | None = None
    unit: str | None = None
    target: float | None = None
    due_after_days: int | None = None
    milestones: list[str] = strawberry.field(default_factory=list)


@strawberry.input
class ProgramInput:
    name: str
    format: ProgramFormat = ProgramFormat.ONE_TO_ONE
    description: str | None = None
    admin_user_ids: list[str] | None = None
    checkin_cadence: Cadence | None = None
    goal_templates: list[GoalTemplateInput] | None = None
    settings: JSON | None = strawberry.field(
        default=None, description="ProgramSettings fields (weights, mode, minimumScore…)."
    )
    starts_on: date | None = None
    ends_on: date | None = None
    enrolling: bool | None = strawberry.field(
        default=None, description="False creates a draft program (default: enrolling)."
    )


@strawberry.input(description="Only the fields given change.")
class ProgramUpdateInput:
    name: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    format: ProgramFormat | None = strawberry.UNSET
    admin_user_ids: list[str] | None = strawberry.UNSET
    checkin_cadence: Cadence | None = strawberry.UNSET
    goal_templates: list[GoalTemplateInput] | None = strawberry.UNSET
    settings: JSON | None = strawberry.UNSET
    starts_on: date | None = strawberry.UNSET
    ends_on: date | None = strawberry.UNSET


@strawberry.input
class EnrolmentInput:
    program_id: strawberry.ID
    user_id: str
    role: ParticipantRole
    display_name: str
    email: str | None = None
    capacity: int | None = None
    external_id: str | None = None
    profile: JSON | None = strawberry.field(
        default=None, description="Profile fields in snake_case (skills_offered, languages…)."
    )


@strawberry.input(description="Only the fields given change.")
class ParticipantUpdateInput:
    display_name: str | None = strawberry.UNSET
    email: str | None = strawberry.UNSET
    capacity: int | None = strawberry.UNSET
    profile: JSON | None = strawberry.UNSET


@strawberry.input(description="Overrides of the program's settings for one run.")
class RunInput:
    mode: str | None = None
    objective: str | None = strawberry.field(
        default=None,
        description="Optimal mode: max_matched (as many pairs as possible, then the best total; "
        "the default) or max_total (the best total).",
    )
    weights: JSON | None = None
    mentor_view: JSON | None = None
    mentee_view: JSON | None = None
    minimum_score: float | None = None
    seed: int | None = strawberry.field(
        default=None,
        description="Orders people among equals; recorded in the run's settings to replay it "
        "(a what-if keeps its base run's unless given one).",
    )
    fairness_attributes: list[str] | None = None
