"""Each service's answer about the signed-in person, read once per request: a DataLoader with one
key memoises it, so `viewer { matches todo goals }` still makes one call per service."""

from typing import Any

from gateway.context import Context
from gateway.resolve import loader

ME = "me"
MATCH_LIMIT = 200
"""The most matches matching returns (open ones first): far above one person's history."""
TODO_LIMIT = 100
"""The most open feedback requests, and open surveys, feedback returns."""


async def matching_me(context: Context, keys: list[str]) -> list[dict[str, Any]]:
    data = await context.client("matching").get("/v1/me", {"limit": MATCH_LIMIT})
    return [data for _ in keys]


async def goals_me(context: Context, keys: list[str]) -> list[dict[str, Any]]:
    data = await context.client("goals").get("/v1/me")
    return [data for _ in keys]


async def feedback_me(context: Context, keys: list[str]) -> list[dict[str, Any]]:
    data = await context.client("feedback").get("/v1/me", {"limit": TODO_LIMIT})
    return [data for _ in keys]


async def of_matching(context: Context) -> dict[str, Any]:
    return await loader(context, matching_me).load(ME)


async def of_goals(context: Context) -> dict[str, Any]:
    return await loader(context, goals_me).load(ME)


async def of_feedback(context: Context) -> dict[str, Any]:
    return await loader(context, feedback_me).load(ME)
