"""What every resolver does the same way: read one object (null when missing or invisible),
run a mutation (a service's problem becomes the schema's expected-error result), and keep one
DataLoader per request and kind (DESIGN §8 rule 6)."""

import asyncio
from collections.abc import Awaitable, Callable, Hashable, Sequence
from datetime import date, datetime
from typing import Any, Protocol, TypeVar

from strawberry import UNSET
from strawberry.dataloader import DataLoader
from strawberry.utils.str_converters import to_camel_case

from gateway.clients.base import ServiceError
from gateway.context import Context
from gateway.derive import build_all
from gateway.errors import ExpectedError, FieldError, ValidationFailed, expected_error
from gateway.pagination import Connection, connection

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
P = TypeVar("P", covariant=True)

Batch = Callable[[Context, list[K]], Awaitable[Sequence[V]]]


async def fetch_or_none(
    context: Context, service: str, path: str, params: dict[str, Any] | None = None
) -> Any:
    """A single object, or None when the service says it is missing or not the caller's."""
    try:
        return await context.client(service).get(path, params)
    except ServiceError as error:
        if error.status in (403, 404):
            return None
        raise


async def mutate(call: Awaitable[Any], build: Callable[[Any], T]) -> T | ExpectedError:
    try:
        data = await call
    except ServiceError as error:
        return expected_error(error)
    return build(data)


class Page(Protocol[P]):
    """A service's cursor page, as the generated API models have it."""

    @property
    def items(self) -> Sequence[P]: ...

    @property
    def next_cursor(self) -> str | None: ...


def page_of(cls: type[T], page: Page[Any]) -> Connection[T]:
    """A connection of `cls` built from a parsed page of the service's models."""
    return connection({"next_cursor": page.next_cursor}, build_all(cls, page.items))


def loader(context: Context, batch: Batch[K, V]) -> DataLoader[K, V]:
    """The request's DataLoader for `batch` (keyed by the function: one loader per kind)."""
    key = f"{batch.__module__}.{batch.__qualname__}"
    existing: DataLoader[K, V] | None = context.loaders.get(key)
    if existing is None:

        async def load(keys: list[K]) -> Sequence[V]:
            return await batch(context, keys)

        existing = DataLoader(load_fn=load)
        context.loaders[key] = existing
    return existing


async def each(keys: Sequence[K], fetch_one: Callable[[K], Awaitable[Any]]) -> list[Any]:
    """Stand-in for a missing batch endpoint: one call per distinct key, all at once; a key
    the caller may not see gives None. Replace with the batch call when the service has one."""

    async def one(key: K) -> Any:
        try:
            return await fetch_one(key)
        except ServiceError as error:
            if error.status in (403, 404):
                return None
            raise

    return list(await asyncio.gather(*(one(key) for key in keys)))


BATCH_IDS = 100
"""The most ids the services' batch endpoints take in one call."""


async def batch_items(
    context: Context,
    service: str,
    path: str,
    param: str,
    keys: Sequence[str],
    params: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """Every item a batch endpoint gives for `keys` (with any other query `params`): one call
    for up to 100 keys (a page of matches can show 200 people), so more keys take more calls,
    made concurrently."""
    client = context.client(service)
    chunks = [keys[start : start + BATCH_IDS] for start in range(0, len(keys), BATCH_IDS)]
    pages = await asyncio.gather(
        *(client.get(path, {**(params or {}), param: ",".join(c)}) for c in chunks)
    )
    return [item for page in pages for item in page["items"]]


def ordered(keys: Sequence[K], items: list[dict[str, Any]], field: str = "id") -> list[Any]:
    """A batch endpoint's items in the order of `keys`; a key without an item (missing, or not
    the caller's to see) gives None. With it, moving a loader to a batch endpoint is one line:
    `return ordered(ids, (await client.get("/v1/participants", {"ids": ",".join(ids)}))["items"])`.
    """
    found = {str(item[field]): item for item in items}
    return [found.get(str(key)) for key in keys]


def dt(value: str) -> datetime:
    return datetime.fromisoformat(value)


def opt_dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def opt_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def drop_unset(values: dict[str, Any]) -> dict[str, Any]:
    """A PATCH body with only what the client gave (strawberry.UNSET is left out)."""
    return {key: value for key, value in values.items() if value is not UNSET}


def refused_nulls(values: dict[str, Any], clearable: frozenset[str]) -> ValidationFailed | None:
    """An explicit null for a field the service cannot clear: refused here, naming the field
    (the services read such a null as "unchanged", which a client asking to clear would take
    for success). `values` are an update input's attributes, snake_case."""
    refused = [key for key, value in values.items() if value is None and key not in clearable]
    if not refused:
        return None
    names = [to_camel_case(key) for key in refused]
    return ValidationFailed(
        message=f"These fields cannot be cleared: {', '.join(names)}.",
        fields=[FieldError(field=name, message="Cannot be null.") for name in names],
    )
