"""The population CSV, checked like the participant import: every row is validated before
anything is written, errors name the row and the column, and re-importing the same file changes
nothing (rows are keyed by `hr_id`).

Columns: hr_id, department, seniority_band, hire_date (required); exit_date, exit_voluntary
(true/false), promotion_dates and move_dates ("2025-03-01;2026-01-15"). Dates are ISO 8601.
Any other column (names, emails, pay: what an HR export carries) is not read at all and is
named in the report, so minimisation holds whatever file HR hands over.
"""

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from feedback.population.schemas import ImportError_, PopulationMemberIn

REQUIRED = ("hr_id", "department", "seniority_band", "hire_date")
OPTIONAL = ("exit_date", "exit_voluntary", "promotion_dates", "move_dates")
LISTS = {"promotion_dates", "move_dates"}
MAX_ROWS = 200_000


@dataclass
class Parsed:
    rows: list[tuple[int, PopulationMemberIn]] = field(default_factory=list)
    errors: list[ImportError_] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    total: int = 0
    unreadable: bool = False

    @property
    def header_invalid(self) -> bool:
        return any(error.row == 0 for error in self.errors)

    @property
    def bad_rows(self) -> set[int]:
        return {error.row for error in self.errors}


def decode(body: bytes) -> str | None:
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def _row_data(row: dict[str, str]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for column in (*REQUIRED, *OPTIONAL):
        cell = (row.get(column) or "").strip()
        if not cell:
            continue
        if column in LISTS:
            data[column] = [item.strip() for item in cell.split(";") if item.strip()]
        else:
            data[column] = cell
    return data


def _column_of(location: tuple[int | str, ...]) -> str:
    return str(location[0]) if location else "row"


def _unreadable(row: int, error: csv.Error) -> ImportError_:
    return ImportError_(row=row, column="row", message=f"the CSV cannot be read here: {error}")


def parse(text: str) -> Parsed:
    parsed = Parsed()
    reader = csv.DictReader(io.StringIO(text))
    try:
        header = reader.fieldnames or []
    except csv.Error as exc:
        parsed.errors.append(_unreadable(0, exc))
        parsed.unreadable = True
        return parsed
    known = {*REQUIRED, *OPTIONAL}
    parsed.ignored_columns = sorted({column for column in header if column not in known})
    missing = [column for column in REQUIRED if column not in header]
    repeated = sorted({c for c in header if c in known and header.count(c) > 1})
    parsed.errors += [ImportError_(row=0, column=c, message="missing column") for c in missing]
    parsed.errors += [ImportError_(row=0, column=c, message="repeated column") for c in repeated]
    if parsed.errors:
        return parsed
    seen: dict[str, int] = {}
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
        if None in row or any(value is None for value in row.values()):
            # A torn or shifted record: never read it as "the rest empty".
            parsed.errors.append(
                ImportError_(row=number, column="row", message="cell count differs from header")
            )
            continue
        _check_row(parsed, number, row, seen)
    return parsed


def _check_row(parsed: Parsed, number: int, row: dict[str, str], seen: dict[str, int]) -> None:
    try:
        member = PopulationMemberIn.model_validate(_row_data(row))
    except ValidationError as exc:
        parsed.errors += [
            ImportError_(row=number, column=_column_of(error["loc"]), message=error["msg"])
            for error in exc.errors()
        ]
        return
    if member.hr_id in seen:
        message = f"duplicate of row {seen[member.hr_id]}"
        parsed.errors.append(ImportError_(row=number, column="hr_id", message=message))
        return
    seen[member.hr_id] = number
    parsed.rows.append((number, member))
