from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

Rows = list[dict[str, Any]]


class MatchingTables(BaseModel):
    """Matching's rows naming the person, one list per table, each row with all its columns."""

    programs: Rows = Field(description="Programs the person administers.")
    participants: Rows = Field(
        description="Their enrolments: name, email, HR id, role, capacity, full profile."
    )
    matches: Rows = Field(
        description="Matches on either side, proposed by them, or awaiting or accepted by them: "
        "score, explanation, status and dates."
    )
    matching_runs: Rows = Field(description="Matching runs they created as an admin.")
    erasure_requests: Rows = Field(description="Erasures they requested as an org admin.")
    people: Rows = Field(
        description="Their entry in the directory the organisation's identity provider keeps."
    )
    scim_credentials: Rows = Field(
        description="SCIM credentials they issued as an org admin (the secret's hash left out)."
    )
    idempotency_keys: Rows = Field(
        description="Keys of their recent retried requests (the cached responses are left out)."
    )


class PersonalData(BaseModel):
    """Everything the matching service holds about one person."""

    service: str = "matching"
    org_id: str
    user_id: str
    exported_at: datetime
    tables: MatchingTables


ErasureStatus = Literal["requested", "completed"]
ErasureReason = Literal["admin", "self", "retention"]


class ErasureRequest(BaseModel):
    """An erasure and its progress: each service confirms once it has erased the person."""

    model_config = ConfigDict(from_attributes=True)

    id: UUID
    pseudonym: str = Field(
        description="What the person's user id became in every service; the request never "
        "names the person."
    )
    reason: ErasureReason = Field(
        description="Who asked: an org admin, the person, or the retention rule."
    )
    status: ErasureStatus = Field(description="completed once every service has confirmed.")
    confirmed_by: list[str] = Field(description="Services that have confirmed, in order.")
    pending: list[str] = Field(description="Services that have not confirmed yet.")
    created_at: datetime
    completed_at: datetime | None


class PrivacySettings(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    self_erasure: bool = Field(description="Whether a person may request their own erasure.")
    retention_days: int | None = Field(
        description="Days personal data of ended relationships and closed programs is kept "
        "after the end; null keeps it until someone asks."
    )


class PrivacySettingsUpdate(BaseModel):
    self_erasure: bool = False
    retention_days: int | None = Field(default=None, ge=1, le=36500)
