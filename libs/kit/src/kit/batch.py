"""Batch reads: `?ids=a,b,c` (at most 100 ids) answered as `{"items": [...]}`.

What lets the gateway read a whole nesting level in one call. Ids the caller may not see, in
this tenant or another, are left out exactly as missing ones are (never a 403 that tells them
apart); duplicates count once.
"""

from collections.abc import Awaitable, Callable
from typing import Annotated, Any, Generic, TypeVar
from uuid import UUID

from fastapi import Depends, Query
from pydantic import BaseModel

from kit.errors import UnprocessableError

MAX_IDS = 100
T = TypeVar("T")


class Items(BaseModel, Generic[T]):
    items: list[T]


def parse_ids(raw: str, field: str) -> list[UUID]:
    """Comma-separated UUIDs, in the order given, each once; a 422 naming `field` otherwise."""
    parts = [part.strip() for part in raw.split(",") if part.strip()]
    if not parts:
        raise UnprocessableError("Give at least one id.", field=field)
    if len(parts) > MAX_IDS:
        raise UnprocessableError(f"At most {MAX_IDS} ids a request.", field=field)
    try:
        return list(dict.fromkeys(UUID(part) for part in parts))
    except ValueError as exc:
        raise UnprocessableError("Every id must be a UUID.", field=field) from exc


def ids_query(name: str, what: str) -> Any:
    """A required `?<name>=a,b,c` parameter as a dependency giving the parsed ids."""

    async def parse(
        raw: Annotated[
            str, Query(alias=name, description=f"Comma-separated {what} ids, at most {MAX_IDS}.")
        ],
    ) -> list[UUID]:
        # `async` although it awaits nothing: a plain `def` would run in FastAPI's thread pool.
        return parse_ids(raw, name)

    dependency: Callable[..., Awaitable[list[UUID]]] = parse
    return Depends(dependency)
