"""Batch reads of goals per match: one call per batch of matches (a call per 100, the
endpoints' limit; a page of matches holds at most 100)."""

from typing import Any

from gateway.context import Context
from gateway.resolve import batch_items, ordered


async def goals_by_match(context: Context, match_ids: list[str]) -> list[list[dict[str, Any]]]:
    items = await batch_items(context, "goals", "/v1/goals", "match_ids", match_ids)
    found: dict[str, list[dict[str, Any]]] = {match_id: [] for match_id in match_ids}
    for goal in items:
        found[str(goal["match_id"])].append(goal)
    return [found[match_id] for match_id in match_ids]


async def next_checkin_by_match(
    context: Context, match_ids: list[str]
) -> list[dict[str, Any] | None]:
    items = await batch_items(context, "goals", "/v1/checkins/next", "match_ids", match_ids)
    return ordered(match_ids, items, field="match_id")
