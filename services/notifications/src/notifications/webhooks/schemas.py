from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, field_validator

from contracts import REGISTRY

WILDCARD = ".*"


def _check_event_types(value: list[str]) -> list[str]:
    producers = {event_type.split(".")[1] for event_type in REGISTRY}
    for pattern in value:
        if pattern.endswith(WILDCARD):
            parts = pattern.removesuffix(WILDCARD).split(".")
            if parts[0] != "mentorship" or len(parts) != 2 or parts[1] not in producers:
                raise ValueError(f"{pattern!r}: wildcards are `mentorship.<service>.*`")
        elif pattern not in REGISTRY:
            raise ValueError(f"{pattern!r} is not a published event type")
    return sorted(set(value))


class WebhookEndpointCreate(BaseModel):
    url: str = Field(max_length=2000, description="Where events are POSTed (https).")
    description: str = Field(default="", max_length=500)
    event_types: list[str] = Field(
        default_factory=list,
        max_length=100,
        description="Event types, or `mentorship.<service>.*`; empty means every event.",
    )

    _event_types = field_validator("event_types")(_check_event_types)


class WebhookEndpointUpdate(BaseModel):
    url: str | None = Field(default=None, max_length=2000)
    description: str | None = Field(default=None, max_length=500)
    event_types: list[str] | None = Field(default=None, max_length=100)
    enabled: bool | None = Field(
        default=None, description="true re-enables a disabled endpoint and resets its failures."
    )

    @field_validator("event_types")
    @classmethod
    def _types(cls, value: list[str] | None) -> list[str] | None:
        return None if value is None else _check_event_types(value)


class WebhookEndpoint(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: UUID
    url: str
    description: str
    event_types: list[str]
    enabled: bool
    disabled_reason: str | None
    consecutive_failures: int
    created_at: datetime


class WebhookEndpointWithSecret(WebhookEndpoint):
    """Shown on creation and rotation only: the signing secret."""

    secret: str
    previous_secret_expires_at: datetime | None


class WebhookDelivery(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: UUID
    endpoint_id: UUID
    event_id: str
    event_type: str
    status: Literal["pending", "delivered", "failed"] = Field(
        description="pending (an attempt is due), delivered or failed (attempts exhausted)."
    )
    attempts: int
    next_attempt_at: datetime | None
    last_error: str | None
    response_status: int | None
    created_at: datetime
    delivered_at: datetime | None
