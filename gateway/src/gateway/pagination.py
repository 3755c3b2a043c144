"""Relay-style connections over the services' cursor pages (at most 100 a page)."""

from typing import Any, Generic, TypeVar

import strawberry

MAX_PAGE = 100
N = TypeVar("N")


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.type
class Connection(Generic[N]):
    nodes: list[N]
    page_info: PageInfo


def page_query(first: int, after: str | None) -> dict[str, Any]:
    """The services' query parameters for a page; `first` is clamped to 1..100."""
    params: dict[str, Any] = {"limit": max(1, min(first, MAX_PAGE))}
    if after:
        params["cursor"] = after
    return params


def connection(page: dict[str, Any], nodes: list[N]) -> Connection[N]:
    cursor = page.get("next_cursor")
    return Connection(
        nodes=nodes, page_info=PageInfo(has_next_page=cursor is not None, end_cursor=cursor)
    )
