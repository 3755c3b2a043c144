"""Batch reads from matching. Matching has no batch read endpoints yet, so each batch is one call
per key, concurrently (a DataLoader still removes duplicates); the endpoint wanted is named on
each function, and switching to it changes one line."""

from typing import Any

from gateway.context import Context
from gateway.resolve import each


async def participants_by_id(context: Context, ids: list[str]) -> list[dict[str, Any] | None]:
    # Wanted: GET /v1/participants?ids=a,b,c -> {"items": [Participant]} (at most 100 ids).
    matching = context.client("matching")
    return await each(ids, lambda id: matching.get(f"/v1/participants/{id}"))


async def programs_by_id(context: Context, ids: list[str]) -> list[dict[str, Any] | None]:
    # Wanted: GET /v1/programs?ids=a,b,c -> {"items": [Program]}.
    matching = context.client("matching")
    return await each(ids, lambda id: matching.get(f"/v1/programs/{id}"))


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
