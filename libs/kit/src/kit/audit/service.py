import csv
import io
import json
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from kit.audit.repository import AuditRepository
from kit.audit.schemas import AuditEntry, AuditFilter
from kit.auth import Principal
from kit.pagination import Page, PageParams, encode_cursor

CSV_COLUMNS = list(AuditEntry.model_fields)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


async def page(
    session: AsyncSession, user: Principal, where: AuditFilter, params: PageParams
) -> Page[AuditEntry]:
    """One page of the organisation's entries, newest first (org admins only)."""
    user.require_org_admin()
    rows = await AuditRepository(session).page(user.org_id, where, params.limit + 1, params.after)
    shown = [AuditEntry.model_validate(row) for row in rows[: params.limit]]
    more = len(rows) > params.limit
    last = shown[-1] if shown else None
    return Page[AuditEntry](
        items=shown, next_cursor=encode_cursor(last.at, last.id) if more and last else None
    )


def as_csv(entries: Sequence[AuditEntry]) -> str:
    """One row per entry; before and after as JSON. A cell that a spreadsheet would run as a
    formula is prefixed with a quote (values come from users: names, settings)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for entry in entries:
        row = entry.model_dump(mode="json")
        writer.writerow([_cell(row[column]) for column in CSV_COLUMNS])
    return out.getvalue()


def _cell(value: object) -> str:
    if value is None:
        return ""
    text = value if isinstance(value, str) else json.dumps(value, sort_keys=True)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text
