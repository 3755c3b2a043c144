"""Rows made from a service's metadata alone: one per table for a given person, so that a test
can fill every table a person can appear in without knowing the tables."""

import itertools
from datetime import UTC, date, datetime, time
from typing import Any
from uuid import uuid4

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    Time,
    Uuid,
)
from sqlalchemy.ext.asyncio import AsyncSession

from kit.privacy import PersonData

_counter = itertools.count()


def _value(
    table: Table, column: Column[Any], person: PersonData, user_id: str, org: str | None
) -> Any:
    personal = column.name in person.user_columns.get(table.name, ())
    kind = getattr(column.type, "impl_instance", column.type)  # a TypeDecorator's own type
    if isinstance(kind, JSON):
        return [user_id] if personal else {}
    if isinstance(kind, Uuid):
        return uuid4()
    if isinstance(kind, String | Text):
        if personal:
            return user_id
        if column.name == "org_id":
            # A table of one row per organisation (settings, the SCIM credential) gets `org`,
            # or a new organisation for each row.
            alone = list(table.primary_key.columns) == [column]
            return (org or f"org-{next(_counter)}") if alone else "acme"
        length = getattr(kind, "length", None) or 200
        return f"{column.name[:10]}-{next(_counter)}"[:length]
    if isinstance(kind, Boolean):
        return False
    if isinstance(kind, Integer):
        return next(_counter)
    if isinstance(kind, Float):
        return 1.0
    if isinstance(kind, DateTime):
        return datetime.now(UTC)
    if isinstance(kind, Date):
        return date.today()
    if isinstance(kind, Time):
        return time(9)
    if isinstance(kind, LargeBinary):
        return b"{}"
    raise TypeError(f"no sample value for {table.name}.{column.name} ({kind!r})")


async def fill(
    session: AsyncSession,
    metadata: MetaData,
    person: PersonData,
    user_id: str,
    *,
    singletons_in: str | None = "acme",
) -> dict[str, Any]:
    """One row in every table, naming `user_id` in each person column; returns the rows.
    Tables of one row per organisation get theirs in `singletons_in` (None: another org)."""
    made: dict[str, dict[str, Any]] = {}
    for table in metadata.sorted_tables:
        row = {}
        for column in table.columns:
            if column.primary_key and isinstance(column.type, Integer):
                continue  # the database numbers it
            foreign = next(iter(column.foreign_keys), None)
            if foreign is not None:
                parent = made.get(foreign.column.table.name)  # None: a row's own table
                row[column.name] = parent[foreign.column.name] if parent else None
            else:
                row[column.name] = _value(table, column, person, user_id, singletons_in)
        await session.execute(table.insert().values(**row))
        made[table.name] = row
    return made
