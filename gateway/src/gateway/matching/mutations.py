from enum import Enum
from typing import Annotated, Any

import strawberry

from gateway.clients.base import ServiceError
from gateway.context import GatewayInfo
from gateway.errors import (
    Conflict,
    ExpectedError,
    NotAllowed,
    NotFound,
    ValidationFailed,
    expected_error,
)
from gateway.matching.inputs import (
    EnrolmentInput,
    GoalTemplateInput,
    ParticipantUpdateInput,
    ProgramInput,
    ProgramSettingsInput,
    ProgramUpdateInput,
    RunInput,
    run_body,
    settings_body,
)
from gateway.matching.matches import Match
from gateway.matching.profile import ProfileInput, profile_body
from gateway.matching.runs import MatchingRun, WhatIf
from gateway.matching.types import Participant, Program, ProgramStatus
from gateway.permissions import SIGNED_IN
from gateway.resolve import drop_unset, mutate, refused_nulls

CreateProgramResult = Annotated[
    Program | ValidationFailed | NotAllowed | Conflict, strawberry.union("CreateProgramResult")
]
EnrolResult = Annotated[
    Participant | ValidationFailed | NotAllowed | NotFound | Conflict,
    strawberry.union("EnrolResult"),
]
ProgramResult = Annotated[Program | ExpectedError, strawberry.union("ProgramResult")]
ParticipantResult = Annotated[Participant | ExpectedError, strawberry.union("ParticipantResult")]
RunResult = Annotated[MatchingRun | ExpectedError, strawberry.union("MatchingRunResult")]
WhatIfResult = Annotated[WhatIf | ExpectedError, strawberry.union("WhatIfResult")]
MatchResult = Annotated[Match | ExpectedError, strawberry.union("MatchResult")]


@strawberry.enum
class EndOutcome(Enum):
    COMPLETED = "completed"
    ENDED_EARLY = "ended_early"


# What an explicit null clears in the matching service; any other null is a ValidationFailed.
PROGRAM_CLEARABLE = frozenset({"starts_on", "ends_on"})
PARTICIPANT_CLEARABLE = frozenset({"email"})


def _plain(value: Any) -> Any:
    """Input values as the services' JSON: enums by value, dates as ISO, templates as dicts."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, GoalTemplateInput):
        return {key: _plain(item) for key, item in vars(value).items()}
    if isinstance(value, ProgramSettingsInput):
        return settings_body(value)
    if isinstance(value, ProfileInput):
        return profile_body(value)
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _program_body(input: ProgramInput) -> dict[str, Any]:
    body = {key: _plain(value) for key, value in vars(input).items() if value is not None}
    enrolling = body.pop("enrolling", None)
    if enrolling is not None:
        body["status"] = "enrolling" if enrolling else "draft"
    return body


@strawberry.type
class MatchingMutation:
    @strawberry.mutation(description="Create a program (org admins).", permission_classes=SIGNED_IN)
    async def create_program(
        self, info: GatewayInfo, input: ProgramInput, idempotency_key: str | None = None
    ) -> CreateProgramResult:
        try:
            data = await info.context.client("matching").post(
                "/v1/programs", _program_body(input), idempotency_key=idempotency_key
            )
        except ServiceError as error:
            return expected_error(error)  # type: ignore[return-value]
        return Program.from_api(data)

    @strawberry.mutation(
        description="Change a program's details or settings (its admins).",
        permission_classes=SIGNED_IN,
    )
    async def update_program(
        self, info: GatewayInfo, id: strawberry.ID, input: ProgramUpdateInput
    ) -> ProgramResult:
        given = drop_unset(vars(input))
        if refused := refused_nulls(given, PROGRAM_CLEARABLE):
            return refused
        body = {key: _plain(value) for key, value in given.items()}
        call = info.context.client("matching").patch(f"/v1/programs/{id}", body)
        return await mutate(call, Program.from_api)

    @strawberry.mutation(
        description="Move a program through draft, enrolling, matching, ...",
        permission_classes=SIGNED_IN,
    )
    async def change_program_status(
        self, info: GatewayInfo, id: strawberry.ID, status: ProgramStatus
    ) -> ProgramResult:
        call = info.context.client("matching").post(
            f"/v1/programs/{id}/status", {"status": status.value}
        )
        return await mutate(call, Program.from_api)

    @strawberry.mutation(
        description="Enrol a person in a program (admins enrol anyone).",
        permission_classes=SIGNED_IN,
    )
    async def enrol(
        self, info: GatewayInfo, input: EnrolmentInput, idempotency_key: str | None = None
    ) -> EnrolResult:
        body = {
            key: _plain(value)
            for key, value in vars(input).items()
            if key != "program_id" and (value is not None or key == "email")
        }
        try:
            data = await info.context.client("matching").post(
                f"/v1/programs/{input.program_id}/participants",
                body,
                idempotency_key=idempotency_key,
            )
        except ServiceError as error:
            return expected_error(error)
        return Participant.from_api(data)

    @strawberry.mutation(
        description="Change a participant's profile, capacity or contact.",
        permission_classes=SIGNED_IN,
    )
    async def update_participant(
        self, info: GatewayInfo, id: strawberry.ID, input: ParticipantUpdateInput
    ) -> ParticipantResult:
        given = drop_unset(vars(input))
        if refused := refused_nulls(given, PARTICIPANT_CLEARABLE):
            return refused
        body = {key: _plain(value) for key, value in given.items()}
        call = info.context.client("matching").patch(f"/v1/participants/{id}", body)
        return await mutate(call, Participant.from_api)

    @strawberry.mutation(
        description="Leave a program (or remove someone, for admins).", permission_classes=SIGNED_IN
    )
    async def withdraw_participant(self, info: GatewayInfo, id: strawberry.ID) -> ParticipantResult:
        call = info.context.client("matching").post(f"/v1/participants/{id}/withdraw")
        return await mutate(call, Participant.from_api)

    @strawberry.mutation(
        description="Match a program's cohort as a draft run to review. With background: true "
        "it answers at once with the run COMPUTING; read it again (run(id)) until it is a draft "
        "or failed: the way for cohorts of tens of thousands.",
        permission_classes=SIGNED_IN,
    )
    async def create_matching_run(
        self,
        info: GatewayInfo,
        program_id: strawberry.ID,
        input: RunInput | None = None,
        idempotency_key: str | None = None,
        background: bool = False,
    ) -> RunResult:
        call = info.context.client("matching").post(
            f"/v1/programs/{program_id}/runs",
            run_body(input),
            idempotency_key=idempotency_key,
            allow_seconds=info.context.cohort_timeout,
            prefer="respond-async" if background else None,
        )
        return await mutate(call, MatchingRun.from_api)

    @strawberry.mutation(
        description="Re-run a draft with other settings and compare.", permission_classes=SIGNED_IN
    )
    async def what_if(
        self, info: GatewayInfo, run_id: strawberry.ID, input: RunInput
    ) -> WhatIfResult:
        call = info.context.client("matching").post(
            f"/v1/runs/{run_id}/what-if",
            run_body(input),
            allow_seconds=info.context.cohort_timeout,
        )
        return await mutate(call, WhatIf.from_api)

    @strawberry.mutation(
        description="Rerun a run with the program's suggested weights (weightSuggestion), in "
        "one step: a new draft and what changes; Conflict when nothing is suggested.",
        permission_classes=SIGNED_IN,
    )
    async def what_if_with_suggested_weights(
        self, info: GatewayInfo, run_id: strawberry.ID
    ) -> WhatIfResult:
        call = info.context.client("matching").post(
            f"/v1/runs/{run_id}/what-if/suggested-weights",
            allow_seconds=info.context.cohort_timeout,
        )
        return await mutate(call, WhatIf.from_api)

    @strawberry.mutation(
        description="Publish a reviewed run: its pairs become proposed matches.",
        permission_classes=SIGNED_IN,
    )
    async def publish_matching_run(self, info: GatewayInfo, run_id: strawberry.ID) -> RunResult:
        call = info.context.client("matching").post(
            f"/v1/runs/{run_id}/publish", allow_seconds=info.context.cohort_timeout
        )
        return await mutate(call, MatchingRun.from_api)

    @strawberry.mutation(
        description="Propose a pair: an admin proposes (awaiting whom the program's approval "
        "mode names), or one of the two asks for the other (a mentee asks a mentor, a mentor "
        "offers to mentor a mentee), awaiting the other person only.",
        permission_classes=SIGNED_IN,
    )
    async def propose_match(
        self,
        info: GatewayInfo,
        program_id: strawberry.ID,
        mentor_participant_id: strawberry.ID,
        mentee_participant_id: strawberry.ID,
        idempotency_key: str | None = None,
    ) -> MatchResult:
        body = {
            "mentor_participant_id": mentor_participant_id,
            "mentee_participant_id": mentee_participant_id,
        }
        call = info.context.client("matching").post(
            f"/v1/programs/{program_id}/matches", body, idempotency_key=idempotency_key
        )
        return await mutate(call, Match.from_api)

    @strawberry.mutation(
        description="Accept a proposal that awaits you (the mentee or the mentor, as the "
        "program's approval mode says), or as an admin for everyone. Each acceptance shows in "
        "`acceptedBy`; the last one accepts the match.",
        permission_classes=SIGNED_IN,
    )
    async def accept_match(self, info: GatewayInfo, id: strawberry.ID) -> MatchResult:
        call = info.context.client("matching").post(f"/v1/matches/{id}/accept")
        return await mutate(call, Match.from_api)

    @strawberry.mutation(
        description="Decline a proposal whose consent asks for yours (or, as an admin, any). "
        "Your own request you withdraw instead (withdrawMatchRequest).",
        permission_classes=SIGNED_IN,
    )
    async def decline_match(
        self, info: GatewayInfo, id: strawberry.ID, reason: str | None = None
    ) -> MatchResult:
        call = info.context.client("matching").post(f"/v1/matches/{id}/decline", {"reason": reason})
        return await mutate(call, Match.from_api)

    @strawberry.mutation(
        description="Take back your own request (as the mentee who asked or the mentor who "
        "offered) while it is proposed: the match becomes WITHDRAWN.",
        permission_classes=SIGNED_IN,
    )
    async def withdraw_match_request(
        self, info: GatewayInfo, id: strawberry.ID, reason: str | None = None
    ) -> MatchResult:
        body = {"reason": reason}
        call = info.context.client("matching").post(f"/v1/matches/{id}/withdraw", body)
        return await mutate(call, Match.from_api)

    @strawberry.mutation(
        description="End an active match: completed, or ended early.", permission_classes=SIGNED_IN
    )
    async def end_match(
        self,
        info: GatewayInfo,
        id: strawberry.ID,
        outcome: EndOutcome,
        reason: str | None = None,
    ) -> MatchResult:
        call = info.context.client("matching").post(
            f"/v1/matches/{id}/end", {"outcome": outcome.value, "reason": reason}
        )
        return await mutate(call, Match.from_api)

    @strawberry.mutation(
        description="An admin has reviewed a match flagged at risk.", permission_classes=SIGNED_IN
    )
    async def clear_match_review(self, info: GatewayInfo, id: strawberry.ID) -> MatchResult:
        call = info.context.client("matching").post(f"/v1/matches/{id}/review/clear")
        return await mutate(call, Match.from_api)
