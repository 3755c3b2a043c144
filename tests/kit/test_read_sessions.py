"""A request that only reads (GET, HEAD) runs its queries without a transaction on PostgreSQL:
one round trip per query instead of BEGIN, the query and COMMIT. Writes keep theirs."""

from pathlib import Path
from types import SimpleNamespace

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import delete, insert, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from kit.app import SessionDep
from kit.db import HookedSession, WriteInReadError, create_engine
from kit.runtime import reading_sessions

pytestmark = pytest.mark.integration


async def in_transaction(session: AsyncSession) -> bool:
    """Whether the server holds a transaction open for this session, after one query."""
    await session.execute(text("SELECT 1"))
    connection = await session.connection()
    raw = await connection.get_raw_connection()
    driver = raw.driver_connection
    assert driver is not None
    return bool(driver.is_in_transaction())


async def test_reads_run_without_a_transaction_and_writes_within_one(database_url: str) -> None:
    engine = create_engine(database_url)
    info = {"outbox": object()}
    sessions = async_sessionmaker(
        engine, expire_on_commit=False, sync_session_class=HookedSession, info=info
    )
    reads = reading_sessions(engine, sessions)
    app = FastAPI()
    app.state.runtime = SimpleNamespace(sessions=sessions, read_sessions=reads)

    @app.get("/probe")
    async def read(session: SessionDep) -> dict[str, bool]:
        return {"in_transaction": await in_transaction(session)}

    @app.post("/probe")
    async def write(session: SessionDep) -> dict[str, bool]:
        return {"in_transaction": await in_transaction(session)}

    try:
        assert reads is not None
        async with reads() as session:
            assert session.info["outbox"] is info["outbox"]  # the outbox and hooks come along
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            got = [(await client.get("/probe")).json() for _ in range(3)]
            posted = [(await client.post("/probe")).json() for _ in range(3)]
            got_again = (await client.get("/probe")).json()  # a pooled connection, reset
        assert got == [{"in_transaction": False}] * 3
        assert posted == [{"in_transaction": True}] * 3
        assert got_again == {"in_transaction": False}
    finally:
        await engine.dispose()


async def test_sqlite_reads_keep_their_transaction(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'reads.db'}")
    try:
        assert reading_sessions(engine, async_sessionmaker(engine)) is None
    finally:
        await engine.dispose()


class _Base(DeclarativeBase):
    pass


class _Note(_Base):
    __tablename__ = "read_session_notes"
    id: Mapped[int] = mapped_column(primary_key=True)


async def test_a_write_in_a_read_is_refused_and_leaves_nothing(database_url: str) -> None:
    """Without a transaction a write could be left half done, so a GET may not write at all:
    neither through the unit of work nor by statement."""
    engine = create_engine(database_url)
    sessions = async_sessionmaker(engine, sync_session_class=HookedSession)
    reads = reading_sessions(engine, sessions)
    assert reads is not None
    try:
        async with engine.begin() as connection:
            await connection.run_sync(_Base.metadata.create_all)
        async with reads() as session:
            session.add(_Note(id=1))
            with pytest.raises(WriteInReadError):
                await session.flush()
        async with reads() as session:
            with pytest.raises(WriteInReadError):
                await session.execute(insert(_Note).values(id=2))
            with pytest.raises(WriteInReadError):
                await session.execute(delete(_Note))
            assert (await session.scalars(select(_Note))).all() == []  # reading still works
        async with sessions() as session:  # the writing sessions are untouched
            session.add(_Note(id=3))
            await session.commit()
            assert [note.id for note in (await session.scalars(select(_Note))).all()] == [3]
    finally:
        async with engine.begin() as connection:
            await connection.run_sync(_Base.metadata.drop_all)
        await engine.dispose()
