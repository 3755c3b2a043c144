"""The CLI commands that talk to a running backend over REST: import-participants,
import-population, match-run, seed. Each ends with one clear error line and a non-zero exit when
something goes wrong."""

from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal
from uuid import UUID

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from mentorship.api_client import Api, ApiError, admin_token

if TYPE_CHECKING:  # the import commands load the services' parsers only when they run
    from mentorship.importing import Checked

Url = Annotated[
    str,
    typer.Option(
        envvar="MENTORSHIP_URL",
        help="Backend root; the services are mounted at /matching, /goals, /feedback, ...",
    ),
]
Token = Annotated[
    str | None,
    typer.Option(
        envvar="MENTORSHIP_TOKEN",
        help="Bearer token; by default an org_admin dev token minted from --data-dir.",
    ),
]
Org = Annotated[str, typer.Option(help="Tenant of the minted token")]
Sub = Annotated[str, typer.Option(help="User id of the minted token")]
DataDir = Annotated[Path, typer.Option(help="The embedded mode's data dir (its dev issuer).")]
ProgramId = Annotated[UUID, typer.Option("--program", help="The program's id")]
DEFAULT_URL = "http://127.0.0.1:8000"


def fail(message: str) -> typer.Exit:
    typer.secho(f"error: {message}", err=True, fg=typer.colors.RED)
    return typer.Exit(1)


@contextmanager
def api_errors() -> Iterator[None]:
    try:
        yield
    except ApiError as exc:
        for error in exc.errors[:20]:
            where = ", ".join(f"{k} {v}" for k, v in error.items() if k != "message")
            typer.echo(f"  {where}: {error.get('message', '')}", err=True)
        raise fail(str(exc)) from exc


def progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),  # stdout stays the result, for scripts
    )


CsvFile = Annotated[
    Path, typer.Argument(exists=True, dir_okay=False, readable=True, help="The CSV file")
]
SkipInvalid = Annotated[bool, typer.Option(help="Import the valid rows and report the others.")]
ChunkRows = Annotated[
    int, typer.Option(min=1, max=10_000, help="Rows per request (the header is repeated)")
]


def import_participants(
    file: CsvFile,
    program: ProgramId,
    skip_invalid: SkipInvalid = False,
    chunk_rows: ChunkRows = 200,
    url: Url = DEFAULT_URL,
    token: Token = None,
    org: Org = "acme",
    sub: Sub = "admin",
    data_dir: DataDir = Path("data"),
) -> None:
    """Enrol or update participants from a CSV (HR export); every row is checked first."""
    from matching.participants import importer
    from mentorship import importing

    text = _read(file)
    checked = _checked(file, importing.check(text, importer.parse), skip_invalid)
    path = importing.participants_path(str(program))
    _send(checked, path, skip_invalid, chunk_rows, Api(url, admin_token(token, data_dir, sub, org)))


def import_population(
    file: CsvFile,
    skip_invalid: SkipInvalid = False,
    chunk_rows: ChunkRows = 500,
    url: Url = DEFAULT_URL,
    token: Token = None,
    org: Org = "acme",
    sub: Sub = "admin",
    data_dir: DataDir = Path("data"),
) -> None:
    """Create or update the organisation's people (participants or not) from an HR export, for
    the outcomes report; only hr_id, department, seniority_band, hire/exit dates and promotion
    and move dates are sent, every other column stays on this machine."""
    from feedback.population import importer
    from mentorship import importing

    text = _read(file)
    parsed = importer.parse(text)
    if parsed.ignored_columns:
        typer.echo(f"not sent (not needed): {', '.join(parsed.ignored_columns)}", err=True)
        text = importing.without_columns(text, parsed.ignored_columns)
    checked = _checked(file, importing.check(text, importer.parse), skip_invalid)
    api = Api(url, admin_token(token, data_dir, sub, org))
    _send(checked, importing.POPULATION_PATH, skip_invalid, chunk_rows, api)


def _read(file: Path) -> str:
    try:
        return file.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise fail(f"{file} is not UTF-8") from None


def _checked(file: Path, checked: "Checked", skip_invalid: bool) -> "Checked":
    from mentorship import importing

    for error in checked.errors:
        typer.echo(importing.format_error(error), err=True)
    if any(error.row == 0 for error in checked.errors):
        raise fail(f"{file}: the header is invalid; nothing was imported")
    if checked.errors and not skip_invalid:
        raise fail(
            f"{len(checked.bad_rows)} of {len(checked.rows)} rows are invalid; nothing was "
            "imported (fix them, or pass --skip-invalid to import the valid rows)"
        )
    return checked


def _send(checked: "Checked", path: str, skip_invalid: bool, chunk_rows: int, client: Api) -> None:
    from mentorship import importing

    with api_errors(), client as api:
        api.check_reachable()
        good = len(checked.good_rows())
        with progress() as bar:
            task = bar.add_task("importing", total=good)
            totals = importing.send(
                api,
                path,
                checked,
                skip_invalid=skip_invalid,
                chunk_rows=chunk_rows,
                advance=lambda n: bar.advance(task, n),
            )
    for error in totals.errors:
        typer.echo(importing.format_error(error), err=True)
    typer.echo(f"created {totals.created}, updated {totals.updated}, skipped {totals.skipped}")


def run_summary(run: dict[str, Any]) -> list[str]:
    report = run["report"]
    reasons = Counter(u["reason"] for u in run["unmatched"])
    lines = [
        f"run {run['id']} ({run['mode']}, {run['status']})",
        f"matched {report.get('matched', len(run['pairs']))} of {report.get('mentees', '?')} "
        f"mentees ({report.get('mentors', '?')} mentors)",
        "unmatched "
        + str(len(run["unmatched"]))
        + ("" if not reasons else ": " + ", ".join(f"{r} {n}" for r, n in sorted(reasons.items()))),
        f"score total {report.get('total_score', 0)}, mean {report.get('mean_score', 0)}",
    ]
    certificate = report.get("certificate")
    if certificate:
        exact = " (exact)" if certificate.get("exact") else ""
        lines.append(
            f"optimality gap {certificate.get('gap_units')} units, "
            f"relative {certificate.get('relative_gap')}{exact}"
        )
    if report.get("blocking_pairs") is not None:
        lines.append(f"blocking pairs {report['blocking_pairs']}")
    if published := report.get("published"):
        lines.append(
            f"published: {published.get('proposed')} proposed, {published.get('skipped')} skipped"
        )
    return lines


def match_run(
    program: ProgramId,
    mode: Annotated[
        Literal["optimal", "stable"] | None,
        typer.Option(help="optimal or stable (default: the program's setting)"),
    ] = None,
    publish: Annotated[bool, typer.Option(help="Publish the run: propose every pair")] = False,
    url: Url = DEFAULT_URL,
    token: Token = None,
    org: Org = "acme",
    sub: Sub = "admin",
    data_dir: DataDir = Path("data"),
) -> None:
    """Compute a matching run of a program's cohort, print its summary, publish on request."""
    with api_errors(), Api(url, admin_token(token, data_dir, sub, org)) as api:
        run = api.post(f"/matching/v1/programs/{program}/runs", {"mode": mode} if mode else {})
        if publish:
            run = api.post(f"/matching/v1/runs/{run['id']}/publish")
    for line in run_summary(run):
        typer.echo(line)


def seed(
    people: Annotated[
        int, typer.Option(min=8, max=2000, help="Participants of the main program")
    ] = 56,
    url: Url = DEFAULT_URL,
    token: Token = None,
    org: Org = "demo",
    sub: Sub = "admin",
    data_dir: DataDir = Path("data"),
) -> None:
    """A realistic demo organisation through the REST APIs: programs, participants, a published
    run, accepted matches, goals, check-ins and feedback. The demo people act with tokens minted
    from --data-dir's dev issuer. Refuses an org that already has programs."""
    from mentorship import seeding

    with api_errors(), Api(url, admin_token(token, data_dir, sub, org)) as api:
        api.check_reachable()
        seeding.refuse_if_seeded(api)

        def person(user_id: str) -> Api:
            return api.as_user(seeding.person_token(data_dir, user_id, org))

        with progress() as bar:
            task = bar.add_task("seeding", total=None)

            def step(description: str, total: int | None = None) -> Callable[[], None]:
                bar.update(task, description=description, total=total, completed=0)
                return lambda: bar.advance(task, 1)

            result = seeding.seed(api, person, people=people, step=step)
    for line in result.lines():
        typer.echo(line)


def register(app: typer.Typer) -> None:
    app.command("import-participants")(import_participants)
    app.command("import-population")(import_population)
    app.command("match-run")(match_run)
    app.command("seed")(seed)
