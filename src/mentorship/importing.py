"""`mentorship import-participants` and `import-population`: check every row locally with the
service's own parser, then send the CSV in chunks (the header repeated) to the import endpoint.

The endpoints are idempotent on the HR id (`external_id`, `hr_id`), so a chunk sent twice (a
retry, a re-run after a failure half-way) updates nothing the second time.
"""

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from matching.participants import importer
from matching.participants.schemas import ImportError_
from mentorship.api_client import Api, ApiError

CHUNK_ROWS = 200


@dataclass
class Checked:
    """The file split into its header and data rows (as csv cells), with every local error."""

    header: list[str]
    rows: list[list[str]]
    errors: list[ImportError_]

    @property
    def bad_rows(self) -> set[int]:
        return {error.row for error in self.errors}

    def good_rows(self) -> list[tuple[int, list[str]]]:
        bad = self.bad_rows
        return [(n, row) for n, row in enumerate(self.rows, start=1) if n not in bad]


@dataclass
class Totals:
    created: int = 0
    updated: int = 0
    skipped: int = 0
    errors: list[ImportError_] = field(default_factory=list)


class _Error(Protocol):
    row: int
    column: str
    message: str


class _Parsed(Protocol):
    @property
    def errors(self) -> Sequence[_Error]: ...


def check(text: str, parse: Callable[[str], _Parsed] = importer.parse) -> Checked:
    """The same validation the server runs (its importer's `parse`), on the whole file."""
    parsed = parse(text)
    # Blank lines are no rows for csv.DictReader either: the numbers stay the parser's.
    records = [record for record in csv.reader(io.StringIO(text)) if record]
    header, rows = (records[0], records[1:]) if records else ([], [])
    errors = [ImportError_(row=e.row, column=e.column, message=e.message) for e in parsed.errors]
    return Checked(header, rows, sorted(errors, key=lambda e: (e.row, e.column)))


def without_columns(text: str, columns: Sequence[str]) -> str:
    """The CSV without these columns: what the server does not keep never leaves the machine."""
    records = list(csv.reader(io.StringIO(text)))
    if not records:
        return text
    drop = {index for index, name in enumerate(records[0]) if name in columns}
    return _csv(
        [cell for index, cell in enumerate(records[0]) if index not in drop],
        [[cell for index, cell in enumerate(row) if index not in drop] for row in records[1:]],
    )


def participants_path(program_id: str) -> str:
    return f"/matching/v1/programs/{program_id}/participants/import"


POPULATION_PATH = "/feedback/v1/population/import"


def format_error(error: ImportError_) -> str:
    where = "header" if error.row == 0 else f"row {error.row} (line {error.row + 1})"
    return f"{where}, column {error.column}: {error.message}"


def _csv(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def send(
    api: Api,
    path: str,
    checked: Checked,
    *,
    skip_invalid: bool,
    chunk_rows: int = CHUNK_ROWS,
    advance: Callable[[int], Any] = lambda _: None,
) -> Totals:
    """Import the locally valid rows chunk by chunk; server-side refusals (a user enrolled under
    another external_id, a role change) come back with their original row numbers."""
    good = checked.good_rows()
    totals = Totals(skipped=len(checked.bad_rows))
    for start in range(0, len(good), chunk_rows):
        chunk = good[start : start + chunk_rows]
        numbers = [number for number, _ in chunk]
        try:
            report = api.request(
                "POST",
                path,
                content=_csv(checked.header, [row for _, row in chunk]),
                params={"skip_invalid": str(skip_invalid).lower()},
                headers={"Content-Type": "text/csv"},
            )
        except ApiError as exc:
            if exc.errors:
                exc.body["errors"] = [_renumber(error, numbers) for error in exc.errors]
            if start:
                raise ApiError(
                    f"{exc} (rows before {numbers[0]} were imported; re-running is safe)",
                    exc.status,
                    exc.body,
                ) from exc
            raise
        totals.created += report["created"]
        totals.updated += report["updated"]
        totals.skipped += report["skipped"]
        totals.errors += [
            ImportError_.model_validate(_renumber(error, numbers)) for error in report["errors"]
        ]
        advance(len(chunk))
    return totals


def _renumber(error: dict[str, Any], numbers: list[int]) -> dict[str, Any]:
    """A chunk's row n is the file's row numbers[n - 1]."""
    row = error.get("row")
    if isinstance(row, int) and 1 <= row <= len(numbers):
        return {**error, "row": numbers[row - 1]}
    return error
