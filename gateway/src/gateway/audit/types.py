from datetime import UTC, datetime

import strawberry
from strawberry.scalars import JSON

from gateway.api import matching as api
from gateway.derive import graphql_enum, model_type

graphql_enum(api.AuditEntryActorKind, "AuditActorKind", "Who acted: a person, SCIM, the platform.")


@model_type(api.AuditEntry, description="One admin action, as the service that did it recorded it.")
class AuditEntry:
    before: JSON | None = strawberry.field(
        default=None, description="The changed fields before the action; null for a creation."
    )
    after: JSON | None = strawberry.field(
        default=None, description="The changed fields after the action; null for a deletion."
    )
    service: str = strawberry.field(
        default="", description="The service that recorded it: matching, goals, feedback, …"
    )


@strawberry.input(description="Which audit entries: all of the given conditions hold.")
class AuditLogFilter:
    actor_id: str | None = None
    action: str | None = strawberry.field(
        default=None, description="Actions starting with this (`program.`: every program action)."
    )
    target_type: str | None = None
    target_id: str | None = None
    since: datetime | None = strawberry.field(
        default=None, description="From (included); UTC when it has no offset."
    )
    until: datetime | None = strawberry.field(
        default=None, description="Up to (excluded); UTC when it has no offset."
    )


def query_of(where: AuditLogFilter | None) -> dict[str, str]:
    """The services' query parameters for a filter."""
    if where is None:
        return {}
    values = {
        "actor_id": where.actor_id,
        "action": where.action,
        "target_type": where.target_type,
        "target_id": where.target_id,
        "since": _utc(where.since),
        "until": _utc(where.until),
    }
    return {name: value for name, value in values.items() if value is not None}


def _utc(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat()
