"""The repository base on a real PostgreSQL: another tenant's row is missing like an absent
one, rows are added and flushed, and a saved row comes back as the database holds it."""

from datetime import datetime
from uuid import UUID, uuid4

import pytest
from sqlalchemy import DateTime, String, func
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from kit.db import create_engine
from kit.repository import Repository

pytestmark = pytest.mark.integration


class _Base(DeclarativeBase):
    pass


class _Thing(_Base):
    __tablename__ = "repository_things"
    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid4)
    org_id: Mapped[str] = mapped_column(String(50))
    name: Mapped[str] = mapped_column(String(50), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class _Things(Repository):
    async def get(self, org_id: str, thing_id: UUID, *, for_update: bool = False) -> _Thing | None:
        return await self._of_tenant(_Thing, org_id, thing_id, for_update=for_update)


async def test_rows_of_one_tenant_added_loaded_and_found_only_by_it(database_url: str) -> None:
    engine = create_engine(database_url)
    sessions = async_sessionmaker(engine, expire_on_commit=False)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(_Base.metadata.create_all)
        async with sessions() as session, session.begin():
            things = _Things(session)
            ours, theirs = _Thing(org_id="acme", name="a"), _Thing(org_id="globex", name="b")
            await things.add(ours, theirs)
            loaded = await things.add_and_load(_Thing(org_id="acme", name="c"))
            assert loaded.created_at is not None  # filled by the database, read back
            assert await things.get("acme", ours.id) is ours
            assert await things.get("acme", theirs.id) is None
            assert await things.get("acme", uuid4()) is None
            assert await things.get("globex", theirs.id, for_update=True) is theirs
        async with sessions() as session:
            with pytest.raises(IntegrityError):  # the flush in add shows a broken constraint
                await _Things(session).add(_Thing(org_id="acme", name="a"))
    finally:
        async with engine.begin() as connection:
            await connection.run_sync(_Base.metadata.drop_all)
        await engine.dispose()
