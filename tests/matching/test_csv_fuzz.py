"""The CSV import under generated input (issue 12, item 8): whatever the bytes, the parser
answers with rows and per-row errors (or refuses the file as unreadable, naming the row), and
the endpoint answers 200 or 422, never a 500."""

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from anyio.from_thread import BlockingPortal, start_blocking_portal
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kit.auth import TokenVerifier
from kit.devtokens import DevIssuer
from kit.events.bus import InProcessBus
from matching.app import create_app
from matching.participants import importer
from matching.settings import MatchingSettings
from tests.infra.apps import bearer, serve

COLUMNS = [
    "external_id",
    "user_id",
    "role",
    "display_name",
    "email",
    "capacity",
    "skills_offered",
    "availability",
    "department",
    "goals_text",
]
HOSTILE = ["\r", "\n", "\r\n", "\x00", '"', ",", "\ufeff", "\u2028", ";", ":", "x" * 140_000]
cells = st.one_of(
    st.sampled_from(["", "hr-1", "amy", "mentor", "mentee", "Amy", "a@b.co", "3", "python:4"]),
    st.sampled_from(["2027-01:4", "2027-13:x", "nan", "-1", "1e400", "Europe/Paris"]),
    st.text(max_size=12),
    st.lists(st.sampled_from(HOSTILE), min_size=1, max_size=3).map("".join),
)
endings = st.sampled_from(["\n", "\r\n", "\r"])


@st.composite
def csv_texts(draw: st.DrawFn) -> str:
    """A header (sometimes damaged) and rows of mostly plausible, sometimes hostile cells."""
    header = draw(st.permutations(COLUMNS).map(lambda cols: cols[: draw(st.integers(3, 10))]))
    if draw(st.booleans()):
        header = [*header, draw(st.sampled_from(["user_id", "unknown", "", '"q']))]
    ending = draw(endings)
    lines = [",".join(header)]
    for _ in range(draw(st.integers(0, 6))):
        row = draw(st.lists(cells, min_size=0, max_size=len(header) + 2))
        quoted = draw(st.booleans())
        lines.append(",".join(f'"{cell}"' if quoted else cell for cell in row))
    return ending.join(lines) + draw(st.sampled_from(["", ending]))


def check(parsed: importer.Parsed) -> None:
    numbers = [number for number, _ in parsed.rows]
    assert len(numbers) == len(set(numbers))
    assert not set(numbers) & parsed.bad_rows
    assert all(0 <= error.row <= parsed.total for error in parsed.errors)
    if parsed.unreadable:
        assert parsed.errors
        assert parsed.errors[-1].column == "row"


@pytest.mark.unit
@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_parses_into_rows_and_errors(text: str) -> None:
    check(importer.parse(text))


@pytest.mark.unit
@settings(max_examples=300, deadline=None)
@given(csv_texts())
def test_csv_shaped_text_parses_into_rows_and_errors(text: str) -> None:
    check(importer.parse(text))


@pytest.mark.unit
@settings(max_examples=200, deadline=None)
@given(st.binary())
def test_any_bytes_decode_or_are_refused(body: bytes) -> None:
    text = importer.decode(body)
    assert text is None or isinstance(text, str)


@pytest.mark.unit
def test_valid_rows_written_by_the_csv_module_are_all_read_back() -> None:
    """The parser's strictness costs no valid file: quoted CR, LF, commas and quotes round-trip."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["external_id", "user_id", "role", "display_name", "goals_text"])
    writer.writerow(["hr-1", "amy", "mentee", 'Amy "A, B"', "line one\r\nline two\rthree"])
    parsed = importer.parse(out.getvalue())
    assert parsed.errors == []
    [(_, amy)] = parsed.rows
    assert (amy.display_name, amy.profile.goals_text) == (
        'Amy "A, B"',
        "line one\r\nline two\rthree",
    )


@pytest.fixture(scope="module")
def portal() -> Iterator[BlockingPortal]:
    with start_blocking_portal("asyncio") as running:
        yield running


@pytest.fixture
def client(
    portal: BlockingPortal, tmp_path: Path, verifier: TokenVerifier
) -> Iterator[httpx.AsyncClient]:
    settings = MatchingSettings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'matching.db'}",
        auto_migrate=True,
        log_json=False,
    )
    with portal.wrap_async_context_manager(
        serve(create_app(settings, InProcessBus(), verifier))
    ) as c:
        yield c


@pytest.mark.embedded
def test_the_import_endpoint_answers_200_or_422_to_generated_files(
    portal: BlockingPortal, client: httpx.AsyncClient, issuer: DevIssuer
) -> None:
    admin = bearer(issuer.mint("ada", "acme", ["org_admin"]))
    created = portal.call(lambda: client.post("/v1/programs", json={"name": "P"}, headers=admin))
    url = f"/v1/programs/{created.json()['id']}/participants/import"
    bodies = st.one_of(csv_texts().map(str.encode), st.binary(max_size=300))

    @settings(
        max_examples=60,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(body=bodies, skip=st.booleans())
    def post(body: bytes, skip: bool) -> None:
        async def send() -> httpx.Response:
            return await client.post(
                url,
                content=body,
                params={"skip_invalid": str(skip).lower()},
                headers={**admin, "content-type": "text/csv"},
            )

        response = portal.call(send)
        assert response.status_code in (200, 422), (body, response.text)
        report: dict[str, Any] = response.json()
        if response.status_code == 200:
            assert report["created"] + report["updated"] + report["skipped"] <= report["rows"]

    post()
