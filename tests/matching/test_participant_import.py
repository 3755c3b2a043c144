"""Bulk CSV import: every row checked first, errors by row and column, idempotent re-import."""

from collections.abc import Awaitable, Callable

import httpx

from tests.matching.conftest import Headers

HEADER = (
    "external_id,user_id,role,display_name,email,capacity,"
    "skills_offered,skills_wanted,languages,timezone,seniority,availability\n"
)
GOOD = [
    "hr-1,amy,mentee,Amy,amy@example.com,,,python:3;sql:2,en;fr,Europe/Paris,2,2027-01:4\n",
    "hr-2,max,mentor,Max,max@example.com,3,python:5,,en,America/New_York,6,2027-01:8\n",
]
BAD = [
    "hr-3,bea,mentee,Bea,not-an-email,,,python:x,en,Mars/Base,11,\n",
    "hr-4,amy,mentor,Amy again,,,,,en,,,\n",
]


async def post_csv(
    api: httpx.AsyncClient, program_id: str, headers: dict[str, str], text: str, skip: bool = False
) -> httpx.Response:
    return await api.post(
        f"/v1/programs/{program_id}/participants/import",
        content=text.encode(),
        params={"skip_invalid": "true"} if skip else {},
        headers={**headers, "content-type": "text/csv"},
    )


async def test_a_bad_file_imports_nothing_and_names_rows_and_columns(
    api: httpx.AsyncClient, as_user: Headers, new_program: Callable[..., Awaitable[str]]
) -> None:
    program_id = await new_program()
    admin = as_user("ada", admin=True)
    response = await post_csv(api, program_id, admin, HEADER + "".join(GOOD + BAD))
    assert response.status_code == 422
    errors = {(e["row"], e["column"]) for e in response.json()["errors"]}
    assert {(3, "email"), (3, "skills_wanted")} <= errors
    assert (4, "user_id") in errors
    listed = await api.get(f"/v1/programs/{program_id}/participants", headers=admin)
    assert listed.json()["items"] == []

    skipped = await post_csv(api, program_id, admin, HEADER + "".join(GOOD + BAD), skip=True)
    assert skipped.status_code == 200, skipped.text
    assert (skipped.json()["created"], skipped.json()["skipped"]) == (2, 2)
    people = (await api.get(f"/v1/programs/{program_id}/participants", headers=admin)).json()
    amy = next(p for p in people["items"] if p["user_id"] == "amy")
    assert amy["profile"]["skills_wanted"] == {"python": 3, "sql": 2}
    assert amy["profile"]["languages"] == ["en", "fr"]


async def test_reimporting_is_idempotent_on_the_external_id(
    api: httpx.AsyncClient, as_user: Headers, new_program: Callable[..., Awaitable[str]]
) -> None:
    program_id = await new_program()
    admin = as_user("ada", admin=True)
    first = await post_csv(api, program_id, admin, HEADER + "".join(GOOD))
    assert first.json()["created"] == 2
    same = await post_csv(api, program_id, admin, HEADER + "".join(GOOD))
    assert (same.json()["created"], same.json()["updated"]) == (0, 0)
    changed = await post_csv(
        api, program_id, admin, HEADER + GOOD[0] + GOOD[1].replace("python:5", "python:4")
    )
    assert (changed.json()["created"], changed.json()["updated"]) == (0, 1)
    people = (await api.get(f"/v1/programs/{program_id}/participants", headers=admin)).json()
    assert len(people["items"]) == 2


async def test_only_admins_import_and_a_missing_column_is_reported(
    api: httpx.AsyncClient, as_user: Headers, new_program: Callable[..., Awaitable[str]]
) -> None:
    program_id = await new_program()
    forbidden = await post_csv(api, program_id, as_user("bob"), HEADER + GOOD[0])
    assert forbidden.status_code == 403
    foreign = await post_csv(api, program_id, as_user("ada", "other", admin=True), HEADER)
    assert foreign.status_code == 404
    missing = await post_csv(
        api, program_id, as_user("ada", admin=True), "user_id,role\nx,mentee\n"
    )
    assert missing.status_code == 422
    assert {e["column"] for e in missing.json()["errors"]} == {"external_id", "display_name"}
