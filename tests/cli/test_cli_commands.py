"""The REST-driven CLI commands (import-participants, import-population, match-run, seed) against
the embedded backend served on a loopback port, invoked as a user would through Typer."""

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from typer.testing import CliRunner, Result

from mentorship.api_client import mint_token
from mentorship.cli import app
from mentorship.embedded import create_embedded_app

pytestmark = pytest.mark.embedded

CSV_HEADER = "external_id,user_id,role,display_name,skills_offered,skills_wanted,languages,timezone"
GOOD_ROWS = [
    "hr-1,mia,mentor,Mia,python:5;sql:4,,en,Europe/Paris",
    "hr-2,noa,mentor,Noa,leadership:4,,en,America/New_York",
    "hr-3,oli,mentee,Oli,,python:3,en,Europe/London",
    "hr-4,pia,mentee,Pia,,leadership:2,en,Asia/Tokyo",
]
BAD_ROWS = [
    "hr-5,quin,mentee,Quin,,python:x,en,Mars/Base",
    "hr-6,rae,boss,Rae,,,en,",
]


@pytest.fixture(scope="module")
def backend(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    data_dir = tmp_path_factory.mktemp("embedded")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(
        create_embedded_app(data_dir), host="127.0.0.1", port=port, log_level="warning"
    )
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    while not running.started:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", data_dir
    running.should_exit = True
    thread.join(timeout=30)


def cli(backend: tuple[str, Path], org: str, *args: str) -> Result:
    url, data_dir = backend
    common = ["--url", url, "--data-dir", str(data_dir), "--org", org]
    return CliRunner().invoke(app, [*args, *common])


def rest(
    backend: tuple[str, Path], org: str, path: str, as_user: str | None = None, **params: Any
) -> Any:
    url, data_dir = backend
    token = mint_token(data_dir, as_user or "admin", org, [] if as_user else ["org_admin"])
    response = httpx.get(
        f"{url}{path}", params=params, headers={"Authorization": f"Bearer {token}"}, timeout=30
    )
    response.raise_for_status()
    return response.json()


def new_program(backend: tuple[str, Path], org: str) -> str:
    url, data_dir = backend
    token = mint_token(data_dir, "admin", org, ["org_admin"])
    response = httpx.post(
        f"{url}/matching/v1/programs",
        json={"name": "CLI test"},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    response.raise_for_status()
    return str(response.json()["id"])


def participants(backend: tuple[str, Path], org: str, program: str) -> list[dict[str, Any]]:
    page = rest(backend, org, f"/matching/v1/programs/{program}/participants", limit=100)
    return list(page["items"])


def write_csv(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "people.csv"
    path.write_text("\n".join([CSV_HEADER, *rows]) + "\n")
    return path


def test_a_bad_row_is_refused_by_row_and_column_and_nothing_is_imported(
    backend: tuple[str, Path], tmp_path: Path
) -> None:
    program = new_program(backend, "csv-refused")
    path = write_csv(tmp_path, GOOD_ROWS[:2] + BAD_ROWS + GOOD_ROWS[2:])

    result = cli(backend, "csv-refused", "import-participants", str(path), "--program", program)

    assert result.exit_code == 1
    assert "row 3 (line 4), column skills_wanted: 'python:x'" in result.stderr
    assert "row 3 (line 4), column timezone:" in result.stderr
    assert "row 4 (line 5), column role:" in result.stderr
    assert "error: 2 of 6 rows are invalid; nothing was imported" in result.stderr
    assert participants(backend, "csv-refused", program) == []


def test_skip_invalid_imports_the_good_rows_in_chunks_and_a_reimport_changes_nothing(
    backend: tuple[str, Path], tmp_path: Path
) -> None:
    program = new_program(backend, "csv-skip")
    path = write_csv(tmp_path, GOOD_ROWS[:2] + BAD_ROWS + GOOD_ROWS[2:])
    # Chunks of three: the four good rows take two requests.
    args = [*("import-participants", str(path), "--program", program), "--skip-invalid"]
    args += ["--chunk-rows", "3"]

    first = cli(backend, "csv-skip", *args)
    again = cli(backend, "csv-skip", *args)

    assert first.exit_code == 0, first.output
    assert "created 4, updated 0, skipped 2" in first.stdout
    assert "row 4 (line 5), column role:" in first.stderr
    assert again.exit_code == 0, again.output
    assert "created 0, updated 0, skipped 2" in again.stdout
    enrolled = participants(backend, "csv-skip", program)
    assert sorted(p["external_id"] for p in enrolled) == ["hr-1", "hr-2", "hr-3", "hr-4"]


def test_import_population_sends_only_the_needed_columns_in_chunks(
    backend: tuple[str, Path], tmp_path: Path
) -> None:
    path = tmp_path / "population.csv"
    rows = [f"hr-{n},Person {n},eng,IC{n % 3},2021-02-0{n % 9 + 1},,," for n in range(7)]
    rows.append("hr-bad,Bad,eng,IC1,someday,,,")
    header = "hr_id,full_name,department,seniority_band,hire_date,exit_date,exit_voluntary,x"
    path.write_text("\n".join([header, *rows]) + "\n")
    args = ["import-population", str(path), "--skip-invalid", "--chunk-rows", "3"]

    first = cli(backend, "csv-population", *args)
    again = cli(backend, "csv-population", *args)

    assert first.exit_code == 0, first.output
    assert "not sent (not needed): full_name, x" in first.stderr
    assert "row 8 (line 9), column hire_date:" in first.stderr
    assert "created 7, updated 0, skipped 1" in first.stdout
    assert again.exit_code == 0, again.output
    assert "created 0, updated 0, skipped 1" in again.stdout


def test_match_run_prints_a_summary_and_publish_proposes_the_pairs(
    backend: tuple[str, Path], tmp_path: Path
) -> None:
    program = new_program(backend, "runs")
    path = write_csv(tmp_path, GOOD_ROWS)
    assert (
        cli(backend, "runs", "import-participants", str(path), "--program", program).exit_code == 0
    )

    draft = cli(backend, "runs", "match-run", "--program", program, "--mode", "stable")
    assert draft.exit_code == 0, draft.output
    assert "(stable, draft)" in draft.stdout
    assert "matched 2 of 2 mentees (2 mentors)" in draft.stdout
    assert "blocking pairs 0" in draft.stdout
    assert rest(backend, "runs", f"/matching/v1/programs/{program}/matches")["items"] == []

    published = cli(backend, "runs", "match-run", "--program", program, "--publish")
    assert published.exit_code == 0, published.output
    assert "(optimal, published)" in published.stdout
    assert "optimality gap" in published.stdout
    assert "published: 2 proposed" in published.stdout
    matches = rest(backend, "runs", f"/matching/v1/programs/{program}/matches")["items"]
    assert [m["status"] for m in matches] == ["proposed", "proposed"]


def test_errors_are_one_clear_line(backend: tuple[str, Path]) -> None:
    missing = cli(
        backend, "errors", "match-run", "--program", "00000000-0000-0000-0000-000000000000"
    )
    unreachable = CliRunner().invoke(
        app,
        [
            *("match-run", "--program", "00000000-0000-0000-0000-000000000000"),
            *("--url", "http://127.0.0.1:9", "--token", "x"),
        ],
    )

    assert missing.exit_code == 1
    assert missing.stderr.strip().splitlines() == [
        "error: POST /matching/v1/programs/00000000-0000-0000-0000-000000000000/runs -> 404: "
        "Program 00000000-0000-0000-0000-000000000000 does not exist."
    ]
    assert unreachable.exit_code == 1
    assert unreachable.stderr.startswith("error: cannot reach the backend at http://127.0.0.1:9")


def test_seed_creates_a_demo_org_and_a_second_seed_is_refused(backend: tuple[str, Path]) -> None:
    url, data_dir = backend
    new_program(backend, "acme")  # the README's "Try" step, which a newcomer runs first
    seed_with_defaults = ["seed", "--people", "12", "--url", url, "--data-dir", str(data_dir)]
    first = CliRunner().invoke(app, seed_with_defaults)
    second = cli(backend, "demo", "seed", "--people", "12")

    assert first.exit_code == 0, first.output
    programs = rest(backend, "demo", "/matching/v1/programs")["items"]
    assert sorted(p["name"] for p in programs) == ["Engineering Mentoring", "Leadership Circle"]
    main = next(p for p in programs if p["name"] == "Engineering Mentoring")
    assert len(main["goal_templates"]) == 2
    assert len(participants(backend, "demo", main["id"])) == 12
    matches = rest(backend, "demo", f"/matching/v1/programs/{main['id']}/matches")["items"]
    statuses = [m["status"] for m in matches]
    assert statuses.count("active") >= 2
    assert {"declined", "proposed"} <= set(statuses)
    active = [m for m in matches if m["status"] == "active"]
    goals = rest(backend, "demo", f"/goals/v1/matches/{active[0]['id']}/goals")["items"]
    assert any(g["status"] in ("active", "completed") and g["milestones"] for g in goals)
    checkins = rest(backend, "demo", f"/goals/v1/matches/{active[0]['id']}/checkins")["items"]
    assert "completed" in [c["status"] for c in checkins]
    given = rest(
        backend,
        "demo",
        "/feedback/v1/feedback-requests",
        as_user=active[0]["mentee_user_id"],
        status="submitted",
    )["items"]
    assert [request["match_id"] for request in given] == [active[0]["id"]]
    assert "feedback submitted:" in first.stdout
    url, data_dir = backend
    graphql = httpx.post(
        f"{url}/graphql",
        json={
            "query": "query($id: ID!) { matches(programId: $id) "
            "{ nodes { status goals { title } } } }",
            "variables": {"id": main["id"]},
        },
        headers={"Authorization": f"Bearer {mint_token(data_dir, 'admin', 'demo', ['org_admin'])}"},
        timeout=30,
    ).json()
    assert "errors" not in graphql, graphql
    nodes = graphql["data"]["matches"]["nodes"]
    assert any(node["goals"] for node in nodes if node["status"] == "ACTIVE"), nodes
    assert second.exit_code == 1
    assert "already has 2 program(s)" in second.stderr
    assert len(rest(backend, "demo", "/matching/v1/programs")["items"]) == 2
