"""A NUL character (U+0000) in any input is a 422 naming the field, on both backends: PostgreSQL
cannot store it (text nor jsonb), and before kit refused it at the request boundary a write
holding one was a 500 there."""

from collections.abc import Awaitable, Callable

import httpx
import pytest

from tests.matching.conftest import Headers

NewProgram = Callable[..., Awaitable[str]]


@pytest.mark.parametrize(
    ("body", "location"),
    [
        ({"name": "\x00"}, ["body", "name"]),
        ({"name": "Spring\x00"}, ["body", "name"]),
        ({"description": "ok", "name": "a\x00b"}, ["body", "name"]),
    ],
)
async def test_a_nul_in_a_body_field_is_refused_naming_it(
    api: httpx.AsyncClient,
    as_user: Headers,
    new_program: NewProgram,
    body: dict[str, str],
    location: list[str],
) -> None:
    program_id = await new_program()
    admin = as_user("ada", admin=True)

    refused = await api.patch(f"/v1/programs/{program_id}", json=body, headers=admin)

    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert location in [error["location"] for error in refused.json()["errors"]]
    unchanged = await api.get(f"/v1/programs/{program_id}", headers=admin)
    assert unchanged.json()["name"] == "Spring"


async def test_a_nul_in_a_nested_value_or_key_is_refused(
    api: httpx.AsyncClient, as_user: Headers, new_program: NewProgram
) -> None:
    program_id = await new_program()
    participant = {
        "user_id": "tom",
        "role": "mentee",
        "display_name": "Tom",
        "profile": {"languages": ["en", "fr\x00"], "attributes": {"te\x00am": "x"}},
    }

    refused = await api.post(
        f"/v1/programs/{program_id}/participants",
        json=participant,
        headers=as_user("ada", admin=True),
    )

    assert refused.status_code == 422, refused.text
    locations = [error["location"] for error in refused.json()["errors"]]
    assert ["body", "profile", "languages", 1] in locations


async def test_an_escaped_backslash_before_u0000_is_not_a_nul(
    api: httpx.AsyncClient, as_user: Headers, new_program: NewProgram
) -> None:
    program_id = await new_program()

    kept = await api.patch(
        f"/v1/programs/{program_id}",
        json={"name": "back\\u0000slash"},
        headers=as_user("ada", admin=True),
    )

    assert kept.status_code == 200, kept.text
    assert kept.json()["name"] == "back\\u0000slash"


async def test_a_nul_in_a_query_parameter_is_refused_naming_it(
    api: httpx.AsyncClient, as_user: Headers, new_program: NewProgram
) -> None:
    program_id = await new_program()

    refused = await api.get(
        f"/v1/programs/{program_id}/participants",
        params={"cursor": "abc\x00"},
        headers=as_user("ada", admin=True),
    )

    assert refused.status_code == 422, refused.text
    assert ["query", "cursor"] in [error["location"] for error in refused.json()["errors"]]
