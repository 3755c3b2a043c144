"""Pages whose items are built by a view function rather than read straight off the rows."""

from collections.abc import Sequence
from typing import TypeVar

from pydantic import BaseModel

from kit.pagination import Page, PageParams, Row, encode_cursor

S = TypeVar("S", bound=BaseModel)


def page_with(rows: Sequence[Row], page: PageParams, items: list[S]) -> Page[S]:
    """`rows` as fetched by `paginate` (one extra), `items` the views of the first `limit`."""
    last = rows[page.limit - 1] if len(rows) > page.limit else None
    return Page[S](
        items=items,
        next_cursor=encode_cursor(last.created_at, last.id) if last is not None else None,
    )
