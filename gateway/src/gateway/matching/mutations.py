from typing import Annotated

import strawberry

from gateway.clients.base import ServiceError
from gateway.context import GatewayInfo
from gateway.errors import Conflict, NotAllowed, NotFound, ValidationFailed, expected_error
from gateway.matching.types import EnrolmentInput, Participant, Program, ProgramInput

CreateProgramResult = Annotated[
    Program | ValidationFailed | NotAllowed | Conflict, strawberry.union("CreateProgramResult")
]
EnrolResult = Annotated[
    Participant | ValidationFailed | NotAllowed | NotFound | Conflict,
    strawberry.union("EnrolResult"),
]


@strawberry.type
class MatchingMutation:
    @strawberry.mutation(description="Create a program (org admins).")
    async def create_program(
        self, info: GatewayInfo, input: ProgramInput, idempotency_key: str | None = None
    ) -> CreateProgramResult:
        info.context.user()
        try:
            data = await info.context.client("matching").post(
                "/v1/programs",
                {"name": input.name, "format": input.format.value},
                idempotency_key=idempotency_key,
            )
        except ServiceError as error:
            return expected_error(error)  # type: ignore[return-value]
        return Program.from_api(data)

    @strawberry.mutation(description="Enrol a person in a program (admins enrol anyone).")
    async def enrol(
        self, info: GatewayInfo, input: EnrolmentInput, idempotency_key: str | None = None
    ) -> EnrolResult:
        info.context.user()
        body = {
            "user_id": input.user_id,
            "role": input.role.value,
            "display_name": input.display_name,
            "email": input.email,
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
