"""Batch reads from feedback: one call per batch of matches (per 100, the endpoint's limit)."""

from typing import Any

from gateway.context import Context
from gateway.resolve import batch_items, ordered


async def health_by_match(context: Context, match_ids: list[str]) -> list[dict[str, Any] | None]:
    items = await batch_items(context, "feedback", "/v1/health", "match_ids", match_ids)
    return ordered(match_ids, items, field="match_id")
