"""Refusing the NUL character in request input, for every operation of a service.

PostgreSQL stores no U+0000 in text (asyncpg: CharacterNotInRepertoireError) nor in jsonb, so a
NUL that passes the schema would be a 500 at the first write, and on SQLite a value that the
production database could never hold. It is refused at the request boundary instead, as a 422
naming the field, whatever the schema: one app-wide dependency sees the decoded JSON body, the
query string and the path.
"""

import json
from collections.abc import Iterator
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError

NUL = "\x00"
# JSON can carry a NUL only escaped (a raw control character is not valid JSON), so a body
# without this escape needs no decoding here. The hex digits of an escape are case-insensitive,
# but all four are zeros.
_ESCAPED_NUL = b"\\u0000"
_MESSAGE = "The NUL character (U+0000) is not allowed"


def _nul_paths(value: Any, path: tuple[str | int, ...]) -> Iterator[tuple[str | int, ...]]:
    if isinstance(value, str):
        if NUL in value:
            yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            if NUL in key:
                yield (*path, key)
            yield from _nul_paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _nul_paths(item, (*path, index))


def _is_json(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or (
        media.startswith("application/") and media.endswith("+json")
    )


async def refuse_nul(request: Request) -> None:
    """422 `validation-failed` with one error per field holding a NUL."""
    locations: list[tuple[str | int, ...]] = [
        ("path", name)
        for name, value in request.path_params.items()
        if isinstance(value, str) and NUL in value
    ]
    locations += [
        ("query", name)
        for name, value in request.query_params.multi_items()
        if NUL in name or NUL in value
    ]
    if request.method in {"POST", "PUT", "PATCH"} and _is_json(
        request.headers.get("content-type", "")
    ):
        body = await request.body()  # already read (and size-limited) by FastAPI: cached
        if _ESCAPED_NUL in body:
            try:
                decoded = json.loads(body)
            except ValueError:
                decoded = None  # FastAPI reports malformed JSON itself
            locations += _nul_paths(decoded, ("body",))
    if locations:
        raise RequestValidationError(
            [
                {"type": "string_nul", "loc": loc, "msg": _MESSAGE, "input": None}
                for loc in dict.fromkeys(locations)
            ]
        )
