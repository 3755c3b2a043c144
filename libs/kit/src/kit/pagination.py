"""Cursor pagination: opaque cursors over a stable (created_at, id) order, at most 100 a page."""

import base64
import json
from collections.abc import Sequence
from datetime import datetime
from typing import Annotated, Any, Generic, Protocol, TypeVar
from uuid import UUID

from fastapi import Query
from pydantic import BaseModel, Field
from sqlalchemy import Select, tuple_
from sqlalchemy.sql.elements import SQLCoreOperations

from kit.errors import UnprocessableError

MAX_PAGE = 100
T = TypeVar("T")
S = TypeVar("S", bound=BaseModel)
R = TypeVar("R", bound="Row")
Q = TypeVar("Q", bound=Any)


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = Field(
        default=None, description="Pass as `cursor` to get the next page; null on the last page."
    )


class PageParams(BaseModel):
    limit: int
    after: tuple[datetime, UUID] | None


def encode_cursor(created_at: datetime, row_id: UUID) -> str:
    raw = json.dumps([created_at.isoformat(), str(row_id)]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, UUID]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        created_at, row_id = json.loads(base64.urlsafe_b64decode(padded))
        return datetime.fromisoformat(created_at), UUID(row_id)
    except (ValueError, TypeError) as exc:
        raise UnprocessableError("The cursor is not one this API issued.", field="cursor") from exc


class Row(Protocol):
    @property
    def created_at(self) -> datetime: ...

    @property
    def id(self) -> UUID: ...


def paginate(
    query: Select[Q],
    created_at: SQLCoreOperations[datetime],
    row_id: SQLCoreOperations[UUID],
    page: PageParams,
) -> Select[Q]:
    """Order by (created_at, id), start after the cursor, fetch one extra row to see if more."""
    query = query.order_by(created_at, row_id).limit(page.limit + 1)
    if page.after is not None:
        query = query.where(tuple_(created_at, row_id) > page.after)
    return query


def page_of(rows: Sequence[R], page: PageParams, schema: type[S]) -> "Page[S]":
    """The page a repository's `paginate`d rows make, with the cursor of the next one."""
    shown = rows[: page.limit]
    more = len(rows) > page.limit
    last = shown[-1] if shown else None
    return Page[S](
        items=[schema.model_validate(row) for row in shown],
        next_cursor=encode_cursor(last.created_at, last.id) if more and last else None,
    )


async def page_params(
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="Items per page")] = 50,
    cursor: Annotated[str | None, Query(description="`next_cursor` of the previous page")] = None,
) -> PageParams:
    # `async` although it awaits nothing: FastAPI runs a plain `def` dependency in its thread
    # pool, a thread hop on every list request for a few microseconds of work.
    return PageParams(limit=limit, after=decode_cursor(cursor) if cursor else None)
