"""Events the matching service publishes on `mentorship.matching.events`."""

from typing import ClassVar, Literal
from uuid import UUID

from pydantic import Field

from contracts.base import EventPayload

ParticipantRole = Literal["mentor", "mentee"]


class ProgramCreatedV1(EventPayload):
    """A program was created in an organisation."""

    event_type: ClassVar[str] = "mentorship.matching.program.created.v1"

    program_id: UUID
    name: str
    format: str = Field(description="one_to_one, group, peer, reverse or flash")


class ParticipantEnrolledV1(EventPayload):
    """A person joined a program as a mentor or a mentee."""

    event_type: ClassVar[str] = "mentorship.matching.participant.enrolled.v1"

    program_id: UUID
    program_name: str
    participant_id: UUID
    user_id: str = Field(description="The person's subject (`sub`) at the identity provider.")
    role: ParticipantRole
    display_name: str
    email: str | None = None
