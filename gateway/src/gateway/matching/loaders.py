"""Batch reads from matching: participants, programs, programs' first pages of circles and a
run's pair explanations in one call per batch (a call per 100 keys, the endpoints' limit).
Recommendations still take one call per key, concurrently (a DataLoader removes duplicates); the
endpoint wanted is named on it."""

import asyncio
from typing import Any

from gateway.clients.base import ServiceError
from gateway.context import Context
from gateway.pagination import page_query
from gateway.resolve import batch_items, each, ordered


async def participants_by_id(context: Context, ids: list[str]) -> list[dict[str, Any] | None]:
    return ordered(ids, await batch_items(context, "matching", "/v1/participants", "ids", ids))


async def programs_by_id(context: Context, ids: list[str]) -> list[dict[str, Any] | None]:
    return ordered(ids, await batch_items(context, "matching", "/v1/programs", "ids", ids))


CirclesPage = tuple[str, int, str | None]
"""A page of a program's circles: (program id, page size, cursor after which it starts)."""


async def circles_by_program(
    context: Context, keys: list[CirclesPage]
) -> list[dict[str, Any] | None]:
    """A page of each program's circles, `{"items", "next_cursor"}`. First pages, what a list of
    programs asks for, come from one batch call per page size; a later page is one program's
    (a client paging on), a call of its own. A program the caller may not see, or not in the
    group format, gives None."""
    sizes = list(dict.fromkeys(size for _, size, after in keys if after is None))

    async def first_pages(size: int) -> list[dict[str, Any]]:
        ids = [program_id for program_id, wanted, after in keys if wanted == size and after is None]
        path = "/v1/circles"
        pages = await batch_items(context, "matching", path, "program_ids", ids, {"limit": size})
        return [{**page, "key": (str(page["program_id"]), size, None)} for page in pages]

    async def later_page(key: CirclesPage) -> Any:
        program_id, size, after = key
        path = f"/v1/programs/{program_id}/circles"
        return await context.client("matching").get(path, page_query(size, after))

    later = [key for key in keys if key[2] is not None]
    firsts, laters = await asyncio.gather(
        asyncio.gather(*map(first_pages, sizes)), each(later, later_page)
    )
    found = {page["key"]: page for pages in firsts for page in pages}
    found.update(zip(later, laters, strict=True))
    return [found.get(key) for key in keys]


async def pair_explanations(
    context: Context, keys: list[tuple[str, str]]
) -> list[dict[str, Any] | None]:
    """(run id, mentee participant id) -> the chosen pair's per-factor explanation: one call per
    run (a level of pairs comes from one run); a run the caller may not see gives None."""
    runs = list(dict.fromkeys(run_id for run_id, _ in keys))

    async def of_run(run_id: str) -> list[dict[str, Any]]:
        mentees = [mentee for run, mentee in keys if run == run_id]
        path = f"/v1/runs/{run_id}/pairs"
        try:
            items = await batch_items(context, "matching", path, "mentee_participant_ids", mentees)
        except ServiceError as error:
            if error.status in (403, 404):
                return []
            raise
        return [{**item, "run_id": run_id} for item in items]

    found = [item for items in await asyncio.gather(*map(of_run, runs)) for item in items]
    return ordered(
        [f"{run}/{mentee}" for run, mentee in keys],
        [{**item, "key": f"{item['run_id']}/{item['mentee_participant_id']}"} for item in found],
        field="key",
    )


async def recommendations_by_participant(
    context: Context, keys: list[tuple[str, int]]
) -> list[list[dict[str, Any]]]:
    """One batch read per distinct limit (GET /v1/recommendations?participant_ids=...)."""
    limits = sorted({limit for _, limit in keys})
    pages = await asyncio.gather(
        *(
            batch_items(
                context,
                "matching",
                "/v1/recommendations",
                "participant_ids",
                list(dict.fromkeys(participant for participant, wanted in keys if wanted == limit)),
                {"limit": limit},
            )
            for limit in limits
        )
    )
    found = {
        (str(item["participant_id"]), limit): item["recommendations"]
        for limit, items in zip(limits, pages, strict=True)
        for item in items
    }
    return [found.get(key, []) for key in keys]
