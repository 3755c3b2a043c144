"""One audit log out of four: each service keeps its own (kit.audit), newest first by (at, id);
the gateway asks each for a page after the same position and merges them.

The position is the (at, id) of the last entry shown, as a kit cursor: every service reads it
(the entries of one service are never before another's position by accident, since ids are
unique), so one cursor serves all four and a page never skips or repeats an entry."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar
from uuid import UUID

from kit.pagination import encode_cursor

T = TypeVar("T")


@dataclass(frozen=True)
class Entry(Generic[T]):
    service: str
    at: datetime
    id: str
    row: T


@dataclass(frozen=True)
class Merged(Generic[T]):
    entries: list[Entry[T]]
    next_cursor: str | None


def merge(pages: Mapping[str, tuple[Sequence[Entry[T]], bool]], size: int) -> Merged[T]:
    """The newest `size` entries of the services' pages (each newest first, with whether more
    follow it), and the cursor of the rest when there is any."""
    candidates = sorted(
        (entry for entries, _ in pages.values() for entry in entries),
        key=lambda entry: (entry.at, entry.id),
        reverse=True,
    )
    shown = candidates[:size]
    more = len(candidates) > size or any(more for _, more in pages.values())
    last = shown[-1] if shown else None
    cursor = encode_cursor(last.at, UUID(last.id)) if more and last else None
    return Merged(shown, cursor)
