"""Batch reads from matching: participants and programs in one call per batch (a call per 100
keys, the endpoints' limit). Pair explanations and recommendations still take one call per key,
concurrently (a DataLoader removes duplicates); the endpoint wanted is named on each."""

from typing import Any

from gateway.context import Context
from gateway.resolve import batch_items, each, ordered


async def participants_by_id(context: Context, ids: list[str]) -> list[dict[str, Any] | None]:
    return ordered(ids, await batch_items(context, "matching", "/v1/participants", "ids", ids))


async def programs_by_id(context: Context, ids: list[str]) -> list[dict[str, Any] | None]:
    return ordered(ids, await batch_items(context, "matching", "/v1/programs", "ids", ids))


async def pair_explanations(
    context: Context, keys: list[tuple[str, str]]
) -> list[dict[str, Any] | None]:
    """(run id, mentee participant id) -> the chosen pair's per-factor explanation."""
    # Wanted: GET /v1/runs/{run_id}/pairs?mentee_participant_ids=a,b -> {"items": [PairExplanation]}
    matching = context.client("matching")
    return await each(keys, lambda key: matching.get(f"/v1/runs/{key[0]}/pairs/{key[1]}"))


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
