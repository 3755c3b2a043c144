"""Participants under hostile input (issue 12, items 3, 7 and 8): external ids are set by admins
and imports only, an import never writes one person's HR row onto another person's
participant, names carry no control characters, and a CSV the reader cannot read is a 422
naming the row, never a 500."""

from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from tests.matching.conftest import Headers

pytestmark = pytest.mark.embedded

HEADER = "external_id,user_id,role,display_name,email,department\n"
NewProgram = Callable[..., Awaitable[str]]


async def post_csv(
    api: httpx.AsyncClient, program_id: str, headers: dict[str, str], body: bytes, skip: bool
) -> httpx.Response:
    return await api.post(
        f"/v1/programs/{program_id}/participants/import",
        content=body,
        params={"skip_invalid": "true"} if skip else {},
        headers={**headers, "content-type": "text/csv"},
    )


async def people(api: httpx.AsyncClient, program_id: str, admin: dict[str, str]) -> list[Any]:
    response = await api.get(f"/v1/programs/{program_id}/participants", headers=admin)
    assert response.status_code == 200, response.text
    items: list[Any] = response.json()["items"]
    return items


async def test_a_person_enrolling_themselves_cannot_claim_an_external_id(
    api: httpx.AsyncClient, as_user: Headers, new_program: NewProgram
) -> None:
    program_id = await new_program()
    url = f"/v1/programs/{program_id}/participants"
    squat = {"user_id": "eve", "role": "mentee", "display_name": "Eve", "external_id": "hr-42"}
    refused = await api.post(url, json=squat, headers=as_user("eve"))
    assert refused.status_code == 403, refused.text
    assert (refused.json()["code"], refused.json()["field"]) == (
        "external-id-reserved",
        "external_id",
    )
    assert await people(api, program_id, as_user("ada", admin=True)) == []

    without = {key: value for key, value in squat.items() if key != "external_id"}
    assert (await api.post(url, json=without, headers=as_user("eve"))).status_code == 201
    by_admin = await api.post(
        url,
        json={"user_id": "max", "role": "mentor", "display_name": "Max", "external_id": "hr-7"},
        headers=as_user("ada", admin=True),
    )
    assert by_admin.status_code == 201, by_admin.text
    assert by_admin.json()["external_id"] == "hr-7"


async def test_an_import_row_never_lands_on_another_persons_participant(
    api: httpx.AsyncClient, as_user: Headers, new_program: NewProgram
) -> None:
    """eve holds hr-42 (however she got it); HR says hr-42 is bob. The row is an error naming
    the column, eve's participant keeps her own data, and with skip_invalid nothing is written
    for the row."""
    program_id = await new_program()
    admin = as_user("ada", admin=True)
    enrolled = await api.post(
        f"/v1/programs/{program_id}/participants",
        json={"user_id": "eve", "role": "mentee", "display_name": "Eve", "external_id": "hr-42"},
        headers=admin,
    )
    assert enrolled.status_code == 201, enrolled.text
    row = "hr-42,bob,mentee,Bob Builder,bob@acme.example,Finance\n"

    refused = await post_csv(api, program_id, admin, (HEADER + row).encode(), skip=False)
    assert refused.status_code == 422, refused.text
    assert [(e["row"], e["column"]) for e in refused.json()["errors"]] == [(1, "external_id")]
    skipped = await post_csv(api, program_id, admin, (HEADER + row).encode(), skip=True)
    assert skipped.status_code == 200, skipped.text
    assert (skipped.json()["created"], skipped.json()["updated"], skipped.json()["skipped"]) == (
        0,
        0,
        1,
    )
    [eve] = await people(api, program_id, admin)
    assert (eve["user_id"], eve["display_name"], eve["email"]) == ("eve", "Eve", None)
    assert eve["profile"]["department"] is None


async def test_an_import_links_a_person_who_enrolled_themselves_to_their_hr_row(
    api: httpx.AsyncClient, as_user: Headers, new_program: NewProgram
) -> None:
    program_id = await new_program()
    admin = as_user("ada", admin=True)
    own = {"user_id": "amy", "role": "mentee", "display_name": "amy"}
    assert (
        await api.post(f"/v1/programs/{program_id}/participants", json=own, headers=as_user("amy"))
    ).status_code == 201
    body = (HEADER + "hr-1,amy,mentee,Amy Pond,amy@acme.example,Sales\n").encode()

    first = await post_csv(api, program_id, admin, body, skip=False)
    assert first.status_code == 200, first.text
    assert (first.json()["created"], first.json()["updated"]) == (0, 1)
    again = await post_csv(api, program_id, admin, body, skip=False)
    assert (again.json()["created"], again.json()["updated"]) == (0, 0)
    [amy] = await people(api, program_id, admin)
    assert (amy["external_id"], amy["display_name"], amy["profile"]["department"]) == (
        "hr-1",
        "Amy Pond",
        "Sales",
    )


@pytest.mark.parametrize(
    "name", ["Eve\r\nBcc: all@acme.example", "Eve\nBob", "Eve\rBob", "Eve\x00", "Eve\u2028Bob"]
)
async def test_a_display_name_with_control_characters_is_refused_naming_the_field(
    api: httpx.AsyncClient, as_user: Headers, new_program: NewProgram, name: str
) -> None:
    program_id = await new_program()
    admin = as_user("ada", admin=True)
    body = {"user_id": "eve", "role": "mentee", "display_name": name}
    created = await api.post(f"/v1/programs/{program_id}/participants", json=body, headers=admin)
    assert created.status_code == 422, created.text
    assert ["body", "display_name"] in [e["location"] for e in created.json()["errors"]]

    body["display_name"] = "Eve"
    created = await api.post(f"/v1/programs/{program_id}/participants", json=body, headers=admin)
    participant = created.json()["id"]
    patched = await api.patch(
        f"/v1/participants/{participant}", json={"display_name": name}, headers=as_user("eve")
    )
    assert patched.status_code == 422, patched.text
    assert ["body", "display_name"] in [e["location"] for e in patched.json()["errors"]]

    quoted = '"' + name.replace('"', '""') + '"'
    csv = (HEADER + f"hr-9,zoe,mentee,{quoted},,\n").encode()
    imported = await post_csv(api, program_id, admin, csv, skip=False)
    assert imported.status_code == 422, imported.text
    assert [(e["row"], e["column"]) for e in imported.json()["errors"]] == [(1, "display_name")]


async def test_a_bare_cr_in_an_unquoted_field_is_a_422_naming_the_row(
    api: httpx.AsyncClient, as_user: Headers, new_program: NewProgram
) -> None:
    program_id = await new_program()
    admin = as_user("ada", admin=True)
    body = (
        HEADER + "hr-1,amy,mentee,Amy,,\n" + "hr-2,max,mentor,Ma\rx,,\n" + "hr-3,bea,mentee,Bea,,\n"
    )
    for skip in (False, True):  # past a torn record no row can be trusted: nothing is imported
        response = await post_csv(api, program_id, admin, body.encode(), skip=skip)
        assert response.status_code == 422, response.text
        problem = response.json()
        assert problem["code"] == "csv-unreadable"
        assert [(e["row"], e["column"]) for e in problem["errors"]] == [(2, "row")]
        assert "bare CR" in problem["errors"][0]["message"]
    assert await people(api, program_id, admin) == []


async def test_a_short_row_is_an_error_not_a_row_with_empty_cells(
    api: httpx.AsyncClient, as_user: Headers, new_program: NewProgram
) -> None:
    program_id = await new_program()
    admin = as_user("ada", admin=True)
    body = HEADER + "hr-1,amy,mentee,Amy\n" + "hr-2,max,mentor,Max,,,\n"
    response = await post_csv(api, program_id, admin, body.encode(), skip=False)
    assert response.status_code == 422, response.text
    assert [(e["row"], e["message"]) for e in response.json()["errors"]] == [
        (1, "fewer cells than columns"),
        (2, "more cells than columns"),
    ]


@pytest.mark.parametrize(
    ("body", "columns"),
    [
        (HEADER.encode() + b"hr-1,amy,mentee,Amy,,\xff\xfe\n", {"body"}),  # not UTF-8
        (HEADER.encode() + b"hr-1,amy,mentee,A\x00my,,\n", {"display_name"}),
        (HEADER.encode() + b"hr-1,amy,mentee,Amy,,Fin\x00ance\n", {"department"}),
        (HEADER.encode() + b"hr-1,amy,mentee,Amy,," + b"x" * 200_000 + b"\n", {"row"}),
        (HEADER.encode() + b'hr-1,amy,mentee,"Amy,,\n', {"row"}),  # an unclosed quote
        (b"external_id,external_id,user_id,role,display_name\n", {"external_id"}),
        (b"\xef\xbb\xbf" + HEADER.encode() + b"hr-1,amy,mentee,Amy,,,\n", {"row"}),
        (b"", {"external_id", "user_id", "role", "display_name"}),
        (
            HEADER.encode() + b"hr-1,amy,mentee,Amy,,\n" + b"hr-1,bea,mentee,Bea,,\n",
            {"external_id"},
        ),
        (
            b"external_id,user_id,role,display_name,availability\n"
            b"hr-1,amy,mentee,Amy,2027-01:nan\n",
            {"availability"},
        ),
    ],
)
async def test_hostile_csv_bodies_are_422s_naming_rows_or_columns(
    api: httpx.AsyncClient,
    as_user: Headers,
    new_program: NewProgram,
    body: bytes,
    columns: set[str],
) -> None:
    program_id = await new_program()
    admin = as_user("ada", admin=True)
    response = await post_csv(api, program_id, admin, body, skip=False)
    assert response.status_code == 422, response.text
    problem = response.json()
    named = {e["column"] for e in problem.get("errors", [])} or {problem.get("field")}
    assert named == columns, problem
    assert await people(api, program_id, admin) == []


async def test_non_finite_availability_is_refused_on_the_json_api(
    api: httpx.AsyncClient, as_user: Headers, new_program: NewProgram
) -> None:
    """JSON parsers take NaN; stored, it reads back as null and every later read failed."""
    program_id = await new_program()
    body = (
        '{"user_id":"amy","role":"mentee","display_name":"Amy",'
        '"profile":{"availability":{"2027-01":NaN}}}'
    )
    response = await api.post(
        f"/v1/programs/{program_id}/participants",
        content=body,
        headers={**as_user("amy"), "content-type": "application/json"},
    )
    assert response.status_code == 422, response.text


async def test_a_bad_header_is_a_422_even_when_bad_rows_may_be_skipped(
    api: httpx.AsyncClient, as_user: Headers, new_program: NewProgram
) -> None:
    program_id = await new_program()
    admin = as_user("ada", admin=True)
    for body in (b"", b"user_id,role\namy,mentee\n"):
        response = await post_csv(api, program_id, admin, body, skip=True)
        assert response.status_code == 422, response.text
        assert {e["row"] for e in response.json()["errors"]} == {0}
