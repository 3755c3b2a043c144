from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from kit.audit import ActorKind


class AuditEntry(BaseModel):
    """One admin action: who, when, what, and the state before and after where it applies."""

    model_config = ConfigDict(from_attributes=True)

    id: UUID
    at: datetime
    actor_id: str = Field(description="The acting user's id (a pseudonym once they are erased).")
    actor_kind: ActorKind = Field(
        description="`user`: a person's token; `scim`: the organisation's identity provider; "
        "`system`: the platform itself (a scheduled job)."
    )
    action: str = Field(description="Dotted, object first: `program.settings_changed`.")
    target_type: str
    target_id: str
    before: dict[str, Any] | None = Field(
        default=None, description="The changed fields before the action; null for a creation."
    )
    after: dict[str, Any] | None = Field(
        default=None, description="The changed fields after the action; null for a deletion."
    )
    request_id: str | None = Field(
        default=None, description="The request's trace id, which its logs carry too."
    )


class AuditFilter(BaseModel):
    actor_id: str | None = None
    action: str | None = None
    """A prefix: `program.` is every action on programs."""
    target_type: str | None = None
    target_id: str | None = None
    since: AwareDatetime | None = None
    until: AwareDatetime | None = None
