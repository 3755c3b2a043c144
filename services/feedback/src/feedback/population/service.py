"""The organisation's population, imported by an org admin from an HR export (CSV)."""

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.feedback import PopulationImportedV1
from feedback.models import PopulationMember
from feedback.population import importer
from feedback.population.repository import PopulationRepository
from feedback.population.schemas import PopulationImportReport, PopulationMemberIn
from kit.auth import Principal
from kit.errors import UnprocessableError
from kit.events.outbox import emit


class CsvUnreadableError(UnprocessableError):
    code = "csv-unreadable"
    title = "The CSV cannot be read"


def _fields(data: PopulationMemberIn) -> dict[str, Any]:
    return {
        "department": data.department,
        "seniority_band": data.seniority_band,
        "hire_date": data.hire_date,
        "exit_date": data.exit_date,
        "exit_voluntary": data.exit_voluntary,
        "promotion_dates": sorted(day.isoformat() for day in data.promotion_dates),
        "move_dates": sorted(day.isoformat() for day in data.move_dates),
    }


async def import_csv(
    session: AsyncSession, user: Principal, text: str, skip_invalid: bool
) -> PopulationImportReport:
    """Validate every row, then upsert all (or, if asked, all the valid ones) by HR id."""
    user.require_org_admin()
    parsed = importer.parse(text)
    errors = [error.model_dump() for error in parsed.errors]
    if parsed.unreadable:
        raise CsvUnreadableError(
            f"The CSV cannot be read past row {parsed.errors[-1].row}; nothing was imported.",
            errors=errors,
        )
    if parsed.header_invalid:
        raise UnprocessableError(
            "The CSV's header is invalid; nothing was imported.", errors=errors
        )
    if parsed.errors and not skip_invalid:
        raise UnprocessableError(
            f"{len(parsed.bad_rows)} row(s) are invalid; nothing was imported.", errors=errors
        )
    repository = PopulationRepository(session)
    current = await repository.by_hr_ids(user.org_id, [data.hr_id for _, data in parsed.rows])
    created: list[PopulationMember] = []
    updated = 0
    for _, data in parsed.rows:
        fields = _fields(data)
        row = current.get(data.hr_id)
        if row is None:
            created.append(PopulationMember(org_id=user.org_id, hr_id=data.hr_id, **fields))
        elif any(getattr(row, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(row, name, value)
            updated += 1
    await repository.add_all(created)
    report = PopulationImportReport(
        rows=parsed.total,
        created=len(created),
        updated=updated,
        skipped=len(parsed.bad_rows),
        errors=parsed.errors,
        ignored_columns=parsed.ignored_columns,
    )
    if created or updated:
        await emit(
            session,
            PopulationImportedV1(
                imported_by=user.user_id,
                rows=report.rows,
                created=report.created,
                updated=report.updated,
                skipped=report.skipped,
            ),
            subject=user.org_id,
            org_id=user.org_id,
        )
    return report
