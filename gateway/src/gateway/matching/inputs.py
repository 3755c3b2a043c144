from datetime import date
from typing import Any

import strawberry

from gateway.api import matching as api
from gateway.derive import body_of, model_input
from gateway.goals.types import Cadence
from gateway.matching.profile import ProfileInput
from gateway.matching.types import (
    SETTING_DOCS,
    Factor,
    MatchingMode,
    Objective,
    ParticipantRole,
    ProgramFormat,
)


@strawberry.input(description="One factor's weight.")
class FactorWeightInput:
    factor: Factor
    weight: float


def factor_mapping(weights: list[FactorWeightInput] | None) -> dict[str, float] | None:
    """The service's mapping of factor to weight."""
    if weights is None:
        return None
    return {item.factor.value: item.weight for item in weights}


@model_input(
    api.ProgramSettings,
    description="How a program scores, constrains and approves matches; a field left out "
    "takes the default shown.",
)
class ProgramSettingsInput:
    weights: list[FactorWeightInput] | None = strawberry.field(
        default=None, description=SETTING_DOCS["weights"]
    )
    mentee_view: list[FactorWeightInput] | None = strawberry.field(
        default=None, description=SETTING_DOCS["mentee_view"]
    )
    mentor_view: list[FactorWeightInput] | None = strawberry.field(
        default=None, description=SETTING_DOCS["mentor_view"]
    )


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
    settings: ProgramSettingsInput | None = None
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
    settings: ProgramSettingsInput | None = strawberry.UNSET
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
    profile: ProfileInput | None = None


@strawberry.input(description="Only the fields given change.")
class ParticipantUpdateInput:
    display_name: str | None = strawberry.UNSET
    email: str | None = strawberry.UNSET
    capacity: int | None = strawberry.UNSET
    profile: ProfileInput | None = strawberry.UNSET


@model_input(api.RunCreate, name="RunInput")
class RunInput:
    mode: MatchingMode | None = None
    objective: Objective | None = strawberry.field(
        default=None,
        description="Optimal mode: max_matched (as many pairs as possible, then the best total "
        "score) or max_total (the best total score, even if fewer are matched).",
    )
    weights: list[FactorWeightInput] | None = strawberry.field(
        default=None, description=SETTING_DOCS["weights"]
    )
    mentee_view: list[FactorWeightInput] | None = strawberry.field(
        default=None, description=SETTING_DOCS["mentee_view"]
    )
    mentor_view: list[FactorWeightInput] | None = strawberry.field(
        default=None, description=SETTING_DOCS["mentor_view"]
    )


def settings_body(settings: ProgramSettingsInput) -> dict[str, Any]:
    """The service's settings object (snake_case, factor weights as mappings)."""
    return body_of(
        settings,
        weights=factor_mapping(settings.weights),
        mentee_view=factor_mapping(settings.mentee_view),
        mentor_view=factor_mapping(settings.mentor_view),
    )


def run_body(run: RunInput | None) -> dict[str, Any]:
    """The service's run settings: only what the run overrides."""
    if run is None:
        return {}
    return body_of(
        run,
        weights=factor_mapping(run.weights),
        mentee_view=factor_mapping(run.mentee_view),
        mentor_view=factor_mapping(run.mentor_view),
    )
