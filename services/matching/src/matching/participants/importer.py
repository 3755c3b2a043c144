"""Bulk enrolment from CSV, the way HR systems export people.

Every row is validated before anything is written; errors name the row and the column. With
errors nothing is imported, unless the caller asks to skip bad rows. Re-importing the same file
changes nothing: rows are keyed by `external_id` (an existing one is updated, not duplicated).
A file the CSV reader cannot read through (a bare CR in an unquoted field, a field over the
reader's size limit) is refused whole, naming the row: past that point, where one record ends
and the next begins is a guess, so skipping "bad rows" could import a torn record.

Columns: external_id, user_id, role, display_name, email, capacity, and profile columns:
skills_offered / skills_wanted ("python:4;sql:2"), goals, languages, exclusions ("a;b"),
motivators ("growth:5;impact:3"), availability ("2027-01:10;2027-02:6"), attributes
("site:paris"), communication_style, seniority, department, manager_user_id, timezone,
goals_text.
"""

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from matching.participants.schemas import ImportError_, ParticipantCreate

REQUIRED = ("external_id", "user_id", "role", "display_name")
TOP_LEVEL = {"user_id", "role", "display_name", "email", "external_id", "capacity"}
LISTS = {"goals", "languages", "exclusions"}
MAPS = {
    "skills_offered": int,
    "skills_wanted": int,
    "motivators": int,
    "availability": float,
    "attributes": str,
}
SCALARS = {
    "communication_style",
    "seniority",
    "department",
    "manager_user_id",
    "timezone",
    "goals_text",
}
MAX_ROWS = 100_000


@dataclass
class Parsed:
    rows: list[tuple[int, ParticipantCreate]] = field(default_factory=list)
    errors: list[ImportError_] = field(default_factory=list)
    total: int = 0
    unreadable: bool = False
    """The reader stopped at a malformed record (the last error says where)."""

    @property
    def header_invalid(self) -> bool:
        """Columns are missing or repeated: no row can be read, whatever `skip_invalid` says."""
        return any(error.row == 0 for error in self.errors)

    @property
    def bad_rows(self) -> set[int]:
        return {error.row for error in self.errors}


class _CellError(ValueError):
    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column


def _map(column: str, cell: str, convert: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for part in filter(None, (piece.strip() for piece in cell.split(";"))):
        key, sep, value = part.rpartition(":")
        if not sep or not key.strip():
            raise _CellError(column, f"{part!r} is not key:value")
        try:
            out[key.strip()] = convert(value.strip())
        except ValueError as exc:
            raise _CellError(column, f"{part!r}: {value.strip()!r} is not a number") from exc
    return out


def _row_data(row: dict[str, str]) -> tuple[dict[str, Any], list[_CellError]]:
    """The row as a ParticipantCreate body, and every cell that could not be read."""
    data: dict[str, Any] = {}
    profile: dict[str, Any] = {}
    problems: list[_CellError] = []
    for column, raw in row.items():
        cell = (raw or "").strip()
        if not cell:
            continue
        if column in TOP_LEVEL:
            data[column] = cell
        elif column in LISTS:
            profile[column] = [item.strip() for item in cell.split(";") if item.strip()]
        elif column in MAPS:
            try:
                profile[column] = _map(column, cell, MAPS[column])
            except _CellError as exc:
                problems.append(exc)
        elif column in SCALARS:
            profile[column] = cell
        else:
            problems.append(_CellError(column, "unknown column"))
    data["profile"] = profile
    return data, problems


def _column_of(location: tuple[int | str, ...]) -> str:
    if location and location[0] == "profile" and len(location) > 1:
        return str(location[1])
    return str(location[0]) if location else "row"


def decode(body: bytes) -> str | None:
    """The upload as text (UTF-8, with or without a byte-order mark); None if it is not."""
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def _unreadable(row: int, error: csv.Error) -> ImportError_:
    if "new-line" in str(error):
        message = (
            "a line break (bare CR) inside an unquoted field: quote the field, "
            "or end lines with LF or CRLF"
        )
    else:
        message = f"the CSV cannot be read here: {error}"
    return ImportError_(row=row, column="row", message=message)


def parse(text: str) -> Parsed:
    parsed = Parsed()
    reader = csv.DictReader(io.StringIO(text))
    try:
        header = reader.fieldnames or []
    except csv.Error as exc:
        parsed.errors.append(_unreadable(0, exc))
        parsed.unreadable = True
        return parsed
    missing = [column for column in REQUIRED if column not in header]
    repeated = sorted({column for column in header if header.count(column) > 1})
    parsed.errors += [ImportError_(row=0, column=c, message="missing column") for c in missing]
    parsed.errors += [ImportError_(row=0, column=c, message="repeated column") for c in repeated]
    if parsed.errors:
        return parsed
    seen_external: dict[str, int] = {}
    seen_users: dict[str, int] = {}
    number = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            parsed.total = number + 1
            parsed.errors.append(_unreadable(number + 1, exc))
            parsed.unreadable = True
            break
        number += 1
        parsed.total = number
        if number > MAX_ROWS:
            parsed.errors.append(ImportError_(row=number, column="row", message="too many rows"))
            break
        if None in row:
            parsed.errors.append(
                ImportError_(row=number, column="row", message="more cells than columns")
            )
            continue
        if any(value is None for value in row.values()):
            # A short row is a record torn apart or shifted: never read it as "the rest empty".
            parsed.errors.append(
                ImportError_(row=number, column="row", message="fewer cells than columns")
            )
            continue
        _check_row(parsed, number, row, seen_external, seen_users)
    return parsed


def _check_row(
    parsed: Parsed,
    number: int,
    row: dict[str, str],
    seen_external: dict[str, int],
    seen_users: dict[str, int],
) -> None:
    errors_before = len(parsed.errors)
    data, problems = _row_data(row)
    parsed.errors += [ImportError_(row=number, column=p.column, message=str(p)) for p in problems]
    try:
        participant = ParticipantCreate.model_validate(data)
    except ValidationError as exc:
        parsed.errors += [
            ImportError_(row=number, column=_column_of(error["loc"]), message=error["msg"])
            for error in exc.errors()
        ]
        return
    if problems:
        return
    external_id = participant.external_id or ""
    for key, seen, column in (
        (external_id, seen_external, "external_id"),
        (participant.user_id, seen_users, "user_id"),
    ):
        if key in seen:
            parsed.errors.append(
                ImportError_(row=number, column=column, message=f"duplicate of row {seen[key]}")
            )
        seen.setdefault(key, number)
    if len(parsed.errors) == errors_before:
        parsed.rows.append((number, participant))
