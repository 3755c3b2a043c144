"""The base of every event payload.

Types are past-tense facts, versioned: `mentorship.<service>.<entity>.<past_verb>.v<N>`.
Evolution is FULL_TRANSITIVE: only optional fields are added or removed; anything else is a new
`.vN+1` type. Readers ignore fields they do not know.
"""

from typing import ClassVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field


class EventPayload(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    event_type: ClassVar[str]
    """The CloudEvents `type` this payload travels under."""

    @classmethod
    def producer(cls) -> str:
        """The producing service, the second segment of the type."""
        return cls.event_type.split(".")[1]


class PersonErased(EventPayload):
    """What every service's `person.erased` confirmation says (each producer has its type)."""

    request_id: UUID = Field(description="The erasure request (matching's) this confirms.")
    service: str = Field(description="The service that has erased the person's data.")
