from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from sqlalchemy import RowMapping, Select, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from kit.audit import audit_table
from kit.audit.schemas import AuditFilter


class AuditRepository:
    """Reads only: the log has no update or delete here (append-only, see `kit.audit`)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self._table = audit_table(session)

    async def page(
        self,
        org_id: str,
        where: AuditFilter,
        limit: int,
        after: tuple[datetime, UUID] | None,
    ) -> Sequence[RowMapping]:
        """Newest first by (at, id), from after the cursor, `limit` rows (ask one more to
        learn whether another page follows)."""
        query = self._filtered(org_id, where)
        table = self._table
        if after is not None:
            query = query.where(tuple_(table.c.at, table.c.id) < (after[0], str(after[1])))
        query = query.order_by(table.c.at.desc(), table.c.id.desc()).limit(limit)
        return (await self._session.execute(query)).mappings().all()

    def _filtered(self, org_id: str, where: AuditFilter) -> Select[tuple[object, ...]]:
        c = self._table.c
        query = select(self._table).where(c.org_id == org_id)
        if where.actor_id is not None:
            query = query.where(c.actor_id == where.actor_id)
        if where.action:
            query = query.where(c.action.startswith(where.action, autoescape=True))
        if where.target_type is not None:
            query = query.where(c.target_type == where.target_type)
        if where.target_id is not None:
            query = query.where(c.target_id == where.target_id)
        if where.since is not None:
            query = query.where(c.at >= where.since)
        if where.until is not None:
            query = query.where(c.at < where.until)
        return query
