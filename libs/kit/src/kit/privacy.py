"""A person's rows in a service's database: read for an export, rewritten for an erasure.

Each service declares where a person appears (`PersonData`): per table, the columns holding
their user id (a string, or an element of a JSON list), and the columns of their own rows that
identify them otherwise (names, emails, HR ids). An export reads the rows the user columns
point to. An erasure gathers the person's identifiers from those rows, then replaces each of
them wherever it occurs in any text of any table of the service (read models, counterparts'
rows, cached responses, the outbox's payloads): the user id by a random pseudonym, the other
identifiers by a neutral word. Rows are rewritten rather than deleted so that counts and means
stay right, and the pseudonym is the same in every service so that rows stay consistent.
"""

import json
import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import JSON, Column, LargeBinary, MetaData, String, Table, Text, cast, func, or_
from sqlalchemy import select as select_
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.sql.elements import ColumnElement
from starlette.requests import Request

from contracts.base import PersonErased
from contracts.matching import PersonErasureRequestedV1
from kit import audit
from kit.auth import Principal
from kit.errors import NotFoundError
from kit.events.outbox import emit
from kit.tables import AUDIT_LOG

ERASED = "[erased]"
"""What a name, an email or an HR id becomes wherever it was written."""
PERSON_COLUMN = re.compile(r"(user_id|user_ids|_by|email|display_name|external_id)$")
"""Column names that hold a person: each must be declared in the service's `PersonData`."""
_SHORTEST_SEARCHED = 3
"""Shorter identifiers are replaced only where they are a whole value, never inside a text."""


@dataclass(frozen=True)
class PersonData:
    """Where a service keeps a person: `user_columns[table]` hold their user id (those rows are
    their data), `identity_columns[table]` of those rows hold other identifiers of theirs."""

    user_columns: Mapping[str, tuple[str, ...]]
    identity_columns: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    withheld_columns: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Left out of exports: secrets (webhook secrets, link tokens) and cached responses."""
    deleted: tuple[str, ...] = ()
    """Tables whose rows naming the person are theirs alone (their inbox, their contact data,
    their preferences): an erasure deletes them, as no aggregate counts them."""
    own_words: Mapping[str, tuple[str, Mapping[str, Any]]] = field(default_factory=dict)
    """Per table, the column naming the author and what their texts become on an erasure
    (a counterpart keeps the row, e.g. a goal of the relationship, without the person's words)."""


async def audit_export(
    request: Request, read: AsyncSession, principal: Principal, user_id: str
) -> None:
    """An org admin's export of someone else's data goes to the audit log (a person's export
    of their own is not an admin action). The export is a GET, whose session may not write
    (`kit.db.read_only`): the entry commits in a transaction of its own, once the export was
    read (`read`'s transaction ends first: on SQLite an open read would lock the writer out)."""
    if principal.user_id == user_id:
        return
    await read.commit()
    sessions: async_sessionmaker[AsyncSession] = request.app.state.runtime.sessions
    async with sessions() as session, session.begin():
        await audit.record(session, principal, "person.exported", "person", user_id)


Rows = dict[str, list[dict[str, Any]]]


async def rows_to_export(
    principal: Principal, user_id: str, read: Callable[[str, str], Awaitable[Rows]]
) -> Rows:
    """What `read` finds of the person in the caller's organisation, for the person or their
    org admins; nobody found is a 404, as for anyone not allowed to ask."""
    require_self_or_org_admin(principal, user_id)
    rows = await read(principal.org_id, user_id)
    if not any(rows.values()):
        raise NotFoundError("No such person.")
    return rows


async def erase_and_confirm(
    session: AsyncSession,
    erase: Callable[[str, str, str], Awaitable[None]],
    org_id: str,
    request: PersonErasureRequestedV1,
    confirmation: type[PersonErased],
    service: str,
) -> None:
    """Erase the person here and confirm it to matching, which follows the request, in the
    same transaction."""
    await erase(org_id, request.user_id, request.pseudonym)
    confirmed = confirmation(request_id=request.request_id, service=service)
    await emit(session, confirmed, subject=str(request.request_id), org_id=org_id)


def require_self_or_org_admin(principal: Principal, user_id: str) -> None:
    """A person's data is theirs and their org admins': anyone else gets the 404 a person
    unknown here gets."""
    if principal.user_id != user_id and not principal.is_org_admin:
        raise NotFoundError("No such person.")


_PSEUDONYM_PREFIX = "erased-"


def pseudonym(request_id: str) -> str:
    """The erased person's user id from now on: random (the request's id), never derived from
    who they were, so that nothing leads back to them."""
    return f"{_PSEUDONYM_PREFIX}{request_id.replace('-', '')[:16]}"


def pseudonym_prefix() -> str:
    return _PSEUDONYM_PREFIX


def undeclared_person_columns(metadata: MetaData, person: PersonData) -> list[str]:
    """`table.column` names that look like a person's and that `person` does not declare."""
    declared = {
        f"{table}.{column}"
        for mapping in (person.user_columns, person.identity_columns)
        for table, columns in mapping.items()
        for column in columns
    }
    return sorted(
        f"{table.name}.{column.name}"
        for table in metadata.sorted_tables
        for column in table.columns
        if PERSON_COLUMN.search(column.name) and f"{table.name}.{column.name}" not in declared
    )


def _holds(column: Column[Any], user_id: str) -> ColumnElement[bool]:
    if isinstance(column.type, JSON):
        return cast(column, Text).contains(json.dumps(user_id), autoescape=True)
    return column == user_id


def _really_holds(value: Any, user_id: str) -> bool:
    """A JSON list's text containing the id may still not list it (an escaped lookalike)."""
    return value == user_id or (isinstance(value, list) and user_id in value)


async def person_rows(
    session: AsyncSession, metadata: MetaData, person: PersonData, org_id: str, user_id: str
) -> dict[str, list[dict[str, Any]]]:
    """Every row of the org naming the person in a user column, per table, in key order."""
    found: dict[str, list[dict[str, Any]]] = {}
    for name, columns in person.user_columns.items():
        table = metadata.tables[name]
        query = (
            select_(table)
            .where(table.c.org_id == org_id, or_(*(_holds(table.c[c], user_id) for c in columns)))
            .order_by(*table.primary_key.columns)
        )
        rows = (await session.execute(query)).mappings().all()
        found[name] = [
            dict(row) for row in rows if any(_really_holds(row[c], user_id) for c in columns)
        ]
    return found


async def export(
    session: AsyncSession, metadata: MetaData, person: PersonData, org_id: str, user_id: str
) -> dict[str, list[dict[str, Any]]]:
    """The person's rows for them to take away, without the withheld columns."""
    rows = await person_rows(session, metadata, person, org_id, user_id)
    return {
        table: [
            {k: v for k, v in row.items() if k not in person.withheld_columns.get(table, ())}
            for row in found
        ]
        for table, found in rows.items()
    }


async def identifiers(
    session: AsyncSession, metadata: MetaData, person: PersonData, org_id: str, user_id: str
) -> set[str]:
    """The person's user id and what their own rows name them by (names, emails, HR ids)."""
    rows = await person_rows(session, metadata, person, org_id, user_id)
    found = {user_id}
    for table, columns in person.identity_columns.items():
        for row in rows.get(table, []):
            found |= {row[c].strip() for c in columns if isinstance(row[c], str) and row[c].strip()}
    return found


class Replacer:
    """Replaces identifiers inside strings, JSON documents and UTF-8 bytes."""

    def __init__(self, replacements: Mapping[str, str]) -> None:
        self._replacements = dict(replacements)
        searched = sorted(
            (key for key in replacements if len(key) >= _SHORTEST_SEARCHED), key=len, reverse=True
        )
        # Whole words only: the id `ann` must not turn `joanna` into something else.
        self._pattern = (
            re.compile("|".join(rf"(?<![\w]){re.escape(key)}(?![\w])" for key in searched))
            if searched
            else None
        )

    @property
    def searched(self) -> list[str]:
        return list(self._replacements)

    def text(self, value: str) -> str:
        if value in self._replacements:
            return self._replacements[value]
        if value[:1] in ("{", "["):
            # A JSON text (an event, a cached response): its strings are replaced whole, so
            # that short ids are found there too.
            try:
                parsed = json.loads(value)
            except ValueError:
                pass
            else:
                replaced = self.document(parsed)
                if replaced == parsed:
                    return value
                return json.dumps(replaced, separators=(",", ":"))
        if self._pattern is None:
            return value
        return self._pattern.sub(lambda m: self._replacements[m.group(0)], value)

    def document(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self.document(item) for item in value]
        if isinstance(value, dict):
            return {self.text(k): self.document(v) for k, v in value.items()}
        return value

    def value(self, value: Any) -> Any:
        if isinstance(value, bytes):
            return self.text(value.decode("utf-8", "replace")).encode()
        return self.document(value)


def _textual(column: Column[Any]) -> bool:
    return isinstance(column.type, String | Text | JSON | LargeBinary)


def _as_text(column: Column[Any], dialect: str) -> ColumnElement[str]:
    if isinstance(column.type, LargeBinary) and dialect == "postgresql":
        return func.convert_from(column, "UTF8")
    if isinstance(column.type, JSON | LargeBinary):
        return cast(column, Text)
    return column


async def _scrub_table(session: AsyncSession, table: Table, org_id: str, replacer: Replacer) -> int:
    texts = [c for c in table.columns if _textual(c)]
    if not texts:
        return 0
    dialect = session.get_bind().dialect.name
    mentions = or_(
        *(
            _as_text(column, dialect).contains(key, autoescape=True)
            for column in texts
            for key in replacer.searched
        )
    )
    query = select_(table).where(mentions)
    if "org_id" in table.c:
        query = query.where(table.c.org_id == org_id)
    changed = 0
    keys = list(table.primary_key.columns)
    for row in (await session.execute(query)).mappings().all():
        values = {c.name: replacer.value(row[c.name]) for c in texts if row[c.name] is not None}
        values = {name: v for name, v in values.items() if v != row[name]}
        if values:
            where = [key == row[key.name] for key in keys]
            await session.execute(table.update().where(*where).values(**values))
            changed += 1
    return changed


async def erase(
    session: AsyncSession,
    metadata: MetaData,
    person: PersonData,
    org_id: str,
    user_id: str,
    pseudonym: str,
) -> None:
    """Erase the person from the service's database, irreversibly: their own rows deleted,
    their own words blanked, then their user id replaced by `pseudonym` and their other
    identifiers by `ERASED` everywhere else. Running it again changes nothing."""
    if user_id == pseudonym:
        return
    found = await identifiers(session, metadata, person, org_id, user_id)
    for name in person.deleted:
        table = metadata.tables[name]
        columns = person.user_columns[name]
        await session.execute(
            table.delete().where(
                table.c.org_id == org_id, or_(*(table.c[c] == user_id for c in columns))
            )
        )
    for name, (author, values) in person.own_words.items():
        table = metadata.tables[name]
        await session.execute(
            table.update()
            .where(table.c.org_id == org_id, table.c[author] == user_id)
            .values(**values)
        )
    replacements = {identifier: ERASED for identifier in found}
    replacements[user_id] = pseudonym
    await scrub(session, metadata, org_id, replacements)


async def scrub(
    session: AsyncSession, metadata: MetaData, org_id: str, replacements: Mapping[str, str]
) -> int:
    """Replace each identifier (a key of `replacements`) by its value in every text of every
    table: the org's rows, and all rows of tables without an org (the outbox). Returns how many
    rows changed; running it again changes none."""
    replacer = Replacer(replacements)
    changed = 0
    for table in metadata.sorted_tables:
        if table.name == AUDIT_LOG:
            async with audit.rewriting(session):  # the append-only log's one permitted change
                changed += await _scrub_table(session, table, org_id, replacer)
        else:
            changed += await _scrub_table(session, table, org_id, replacer)
    return changed
