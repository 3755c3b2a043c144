"""What every repository shares: one session, rows added and flushed, rows reloaded, and one
tenant's row by id. A repository adds the queries of its own domain."""

from typing import Any, TypeVar
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

Row = TypeVar("Row")


class Repository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, *rows: object) -> None:
        """Add rows and flush: their ids exist, and a broken constraint shows here."""
        self._session.add_all(rows)
        await self._session.flush()

    async def add_and_load(self, row: Row) -> Row:
        """Add `row`, then reload it as the database holds it (columns it fills itself)."""
        self._session.add(row)
        return await self.save(row)

    async def save(self, row: Row) -> Row:
        """Flush, then reload `row` as the database holds it (columns it fills itself)."""
        await self._session.flush()
        await self._session.refresh(row)
        return row

    async def _of_tenant(
        self, model: type[Row], org_id: str, row_id: UUID, *, for_update: bool = False
    ) -> Row | None:
        """`model`'s row `row_id` if it belongs to `org_id`: another tenant's is missing."""
        table: Any = model
        query = select(model).where(table.org_id == org_id, table.id == row_id)
        if for_update:
            query = query.with_for_update()
        return await self._session.scalar(query)
