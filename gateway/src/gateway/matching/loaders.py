"""Batch reads from matching: participants, programs and a run's pair explanations in one call
per batch (a call per 100 keys, the endpoints' limit). Recommendations still take one call per
key, concurrently (a DataLoader removes duplicates); the endpoint wanted is named on it."""

import asyncio
from typing import Any

from gateway.clients.base import ServiceError
from gateway.context import Context
from gateway.resolve import batch_items, each, ordered


async def participants_by_id(context: Context, ids: list[str]) -> list[dict[str, Any] | None]:
    return ordered(ids, await batch_items(context, "matching", "/v1/participants", "ids", ids))


async def programs_by_id(context: Context, ids: list[str]) -> list[dict[str, Any] | None]:
    return ordered(ids, await batch_items(context, "matching", "/v1/programs", "ids", ids))


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
    # Wanted: GET /v1/recommendations?participant_ids=a,b&limit=n -> {"items": [{participant_id,
    # recommendations: [Recommendation]}]}.
    matching = context.client("matching")
    found = await each(
        keys,
        lambda key: matching.get(f"/v1/participants/{key[0]}/recommendations", {"limit": key[1]}),
    )
    return [items or [] for items in found]
