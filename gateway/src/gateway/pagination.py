"""Relay-style connections over the services' cursor pages (at most 100 a page)."""

from typing import Any, Generic, TypeVar

import strawberry
from graphql import GraphQLError

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


class PageSizeError(GraphQLError):
    """`first` outside 1..MAX_PAGE. Refused rather than clamped: a client asking for -1 or 500
    has a bug it should hear of, and a silently different page hides it."""

    code = "invalid-page-size"

    def __init__(self, first: int) -> None:
        super().__init__(
            f"first must be between 1 and {MAX_PAGE}; it was {first}.",
            extensions={
                "code": self.code,
                "field": "first",
                "min": 1,
                "max": MAX_PAGE,
            },
        )


def page_size(first: int) -> int:
    """`first`, checked: every connection's page size goes through here."""
    if not 1 <= first <= MAX_PAGE:
        raise PageSizeError(first)
    return first


def page_query(first: int, after: str | None) -> dict[str, Any]:
    """The services' query parameters for a page; `first` outside 1..100 is a GraphQL error
    naming the argument (code `invalid-page-size`)."""
    params: dict[str, Any] = {"limit": page_size(first)}
    if after:
        params["cursor"] = after
    return params


def connection(page: dict[str, Any], nodes: list[N]) -> Connection[N]:
    cursor = page.get("next_cursor")
    return Connection(
        nodes=nodes, page_info=PageInfo(has_next_page=cursor is not None, end_cursor=cursor)
    )
