"""Batch reads from feedback. No batch endpoint yet: one call per match, concurrently."""

from typing import Any

from gateway.context import Context
from gateway.resolve import each


async def health_by_match(context: Context, match_ids: list[str]) -> list[dict[str, Any] | None]:
    # Wanted: GET /v1/health?match_ids=a,b,c -> {"items": [RelationshipHealth]} (admins).
    feedback = context.client("feedback")
    return await each(match_ids, lambda match_id: feedback.get(f"/v1/matches/{match_id}/health"))
