"""The audit log: who did what as an admin, when, to what, with the before and after.

Append-only. `record` adds an entry in the caller's transaction, so an action and its entry
commit (or roll back) together; no API changes or deletes an entry, and on PostgreSQL a trigger
(each service's `audit` migration) refuses UPDATE and DELETE on the table. The one permitted
change is `forget_person`: erasure replaces a person's identifiers with a pseudonym.
"""

from collections.abc import AsyncIterator, Iterable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, Literal
from uuid import UUID, uuid4

import structlog
from opentelemetry import trace
from pydantic_core import to_jsonable_python
from sqlalchemy import String, Table, cast, or_, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from kit.auth import Principal
from kit.db import utcnow
from kit.tables import PlatformTables

ActorKind = Literal["user", "scim", "system"]
FORGET_SETTING = "kit.audit_forget"
"""The transaction-local setting under which the trigger lets `forget_person` rewrite rows."""


@dataclass(frozen=True)
class Actor:
    """Who acted: a person (`user`), an identity provider through SCIM (`scim`, `user_id` the
    credential's name) or the platform itself (`system`, e.g. a retention job)."""

    org_id: str
    user_id: str
    kind: ActorKind = "user"


async def record(
    session: AsyncSession,
    actor: Principal | Actor,
    action: str,
    target_type: str,
    target_id: str | UUID,
    *,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> None:
    """Add an entry to the audit log, in the caller's transaction.

    `action` is a dotted name, object first (`program.settings_changed`); `before`/`after` are
    what changed (JSON-able: UUIDs and dates are written as strings), None where it does not
    apply.
    """
    kind: ActorKind = actor.kind if isinstance(actor, Actor) else "user"
    await session.execute(
        audit_table(session)
        .insert()
        .values(
            id=str(uuid4()),
            org_id=actor.org_id,
            at=utcnow(),
            actor_id=actor.user_id,
            actor_kind=kind,
            action=action,
            target_type=target_type,
            target_id=str(target_id),
            before=_jsonable(before),
            after=_jsonable(after),
            request_id=_request_id(),
        )
    )


async def forget_person(
    session: AsyncSession,
    org_id: str,
    user_id: str,
    pseudonym: str,
    also: Iterable[str] = (),
) -> int:
    """Erasure: replace `user_id` (and the other identifiers in `also`: email, name, HR id)
    with `pseudonym` wherever they appear in the organisation's entries (actor, target,
    before/after), in the caller's transaction. Returns how many entries changed."""
    table = audit_table(session)
    identifiers = {user_id, *(i for i in also if i)}
    mentions = [table.c.actor_id == user_id, table.c.target_id.in_(identifiers)]
    for identifier in identifiers:
        for column in (table.c.before, table.c.after):
            mentions.append(cast(column, String).contains(identifier, autoescape=True))
    rows = await session.execute(select(table).where(table.c.org_id == org_id, or_(*mentions)))
    changes = []
    for row in rows.mappings():
        change = {
            "actor_id": pseudonym if row["actor_id"] == user_id else row["actor_id"],
            "target_id": pseudonym if row["target_id"] in identifiers else row["target_id"],
            "before": _replaced(row["before"], identifiers, pseudonym),
            "after": _replaced(row["after"], identifiers, pseudonym),
        }
        changes.append((row["id"], change))
    if not changes:
        return 0
    async with rewriting(session):
        for entry_id, change in changes:
            await session.execute(update(table).where(table.c.id == entry_id).values(**change))
    return len(changes)


@asynccontextmanager
async def rewriting(session: AsyncSession) -> AsyncIterator[None]:
    """The one window in which the trigger lets the log's rows change: erasure replacing a
    person's identifiers (here, or in `kit.privacy`'s scrub of every table). Off again at once
    after, so that nothing else in the transaction may rewrite the log."""
    postgres = session.get_bind().dialect.name == "postgresql"
    if postgres:
        await session.execute(text(f"SELECT set_config('{FORGET_SETTING}', 'on', true)"))
    try:
        yield
    finally:
        if postgres:
            await session.execute(text(f"SELECT set_config('{FORGET_SETTING}', 'off', true)"))


def changes(
    before: Mapping[str, Any], after: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The fields whose (JSON) value differs, as they were and as they are: an update's entry
    shows what the admin changed, not the whole object."""
    old, new = _jsonable(before) or {}, _jsonable(after) or {}
    keys = [key for key in {**old, **new} if old.get(key) != new.get(key)]
    return {key: old.get(key) for key in keys}, {key: new.get(key) for key in keys}


def audit_table(session: AsyncSession) -> Table:
    tables = session.info.get("platform")
    if not isinstance(tables, PlatformTables):
        raise RuntimeError("this session was not made by a service runtime: it has no audit log")
    return tables.audit


def _jsonable(value: Mapping[str, Any] | None) -> Any:
    return None if value is None else to_jsonable_python(dict(value))


def _replaced(value: Any, identifiers: set[str], pseudonym: str) -> Any:
    # Whole values only: "ada" must not turn "Canada" into something else.
    if isinstance(value, str):
        return pseudonym if value in identifiers else value
    if isinstance(value, list):
        return [_replaced(item, identifiers, pseudonym) for item in value]
    if isinstance(value, dict):
        return {
            _replaced(key, identifiers, pseudonym): _replaced(item, identifiers, pseudonym)
            for key, item in value.items()
        }
    return value


def _request_id() -> str | None:
    """The request's trace id, which its logs carry too: an entry leads to the logs."""
    context = trace.get_current_span().get_span_context()
    if context.is_valid:
        return f"{context.trace_id:032x}"
    bound = structlog.contextvars.get_contextvars().get("trace_id")
    return bound if isinstance(bound, str) else None
