"""Batch reads of goals per match. Goals has no batch endpoint yet, so each batch is one call per
match, concurrently; the wanted endpoints are named on each function (one line to switch)."""

from datetime import datetime
from typing import Any

from gateway.context import Context
from gateway.resolve import each

PAGE = {"limit": 100}


async def goals_by_match(context: Context, match_ids: list[str]) -> list[list[dict[str, Any]]]:
    # Wanted: GET /v1/goals?match_ids=a,b,c -> {"items": [Goal]} (at most 100 ids).
    goals = context.client("goals")
    pages = await each(match_ids, lambda match_id: goals.get(f"/v1/matches/{match_id}/goals", PAGE))
    return [page["items"] if page else [] for page in pages]


async def next_checkin_by_match(
    context: Context, match_ids: list[str]
) -> list[dict[str, Any] | None]:
    # Wanted: GET /v1/checkins/next?match_ids=a,b,c -> {"items": [Checkin]} (one per match).
    goals = context.client("goals")
    pages = await each(
        match_ids,
        lambda match_id: goals.get(f"/v1/matches/{match_id}/checkins", PAGE),
    )
    return [_next(page["items"]) if page else None for page in pages]


def _next(checkins: list[dict[str, Any]]) -> dict[str, Any] | None:
    scheduled = [c for c in checkins if c["status"] == "scheduled"]
    return min(scheduled, key=lambda c: datetime.fromisoformat(c["starts_at"]), default=None)
