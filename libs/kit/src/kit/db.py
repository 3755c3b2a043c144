"""Database engine, sessions and the transaction boundary.

The request or handler boundary owns the transaction: services `flush()`, never `commit()`.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, MetaData, TypeDecorator, event, func, text
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.exc import DBAPIError, DisconnectionError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, create_async_engine
from sqlalchemy.orm import Mapped, Session, mapped_column
from sqlalchemy.pool import ConnectionPoolEntry

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_metadata() -> MetaData:
    """Each service owns its own metadata (its own database), with constraint names fixed."""
    return MetaData(naming_convention=NAMING_CONVENTION)


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def create_engine(url: str, **kwargs: Any) -> AsyncEngine:
    if is_sqlite(url):
        engine = create_async_engine(url, **kwargs)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        event.listen(engine.sync_engine, "begin", _sqlite_begin)
        return engine
    kwargs.setdefault("pool_size", 10)
    kwargs.setdefault("max_overflow", 10)
    kwargs.setdefault("pool_timeout", 5)
    # A stalled database must surface as 503 quickly, not hold requests until the client gives up.
    kwargs.setdefault("connect_args", {"timeout": 5, "command_timeout": 30})
    engine = create_async_engine(url, **kwargs)
    event.listen(engine.sync_engine, "checkout", _discard_closed)
    return engine


def _discard_closed(
    dbapi_connection: DBAPIConnection, record: ConnectionPoolEntry, proxy: object
) -> None:
    """Instead of a ping per checkout (a round trip on every request): hand out no connection
    the server has already closed. A restarted or failed-over server closes its sockets, the
    driver notices on the event loop while the connection idles, and the pool then opens a new
    one (raising `DisconnectionError` here makes it retry). A connection that dies unnoticed
    fails its statement instead: that request gets a 503 and SQLAlchemy drops the pool's older
    connections (invalidation on a disconnect error)."""
    driver = record.driver_connection
    is_closed = getattr(driver, "is_closed", None)
    if callable(is_closed) and is_closed():
        raise DisconnectionError("the server closed this pooled connection")


def _sqlite_pragmas(dbapi_connection: DBAPIConnection, _: ConnectionPoolEntry) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets the relay read while a request writes; the busy timeout waits instead of failing.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
    # Let SQLAlchemy, not the driver, open transactions: savepoints work only this way, and
    # BEGIN IMMEDIATE takes the write lock up front instead of failing to upgrade a read.
    dbapi_connection.isolation_level = None


def _sqlite_begin(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")


# SQLSTATEs that mean "the server is away or refusing connections", not "this statement is
# wrong": connection exceptions (class 08), the server shutting down or crashed (57P01, 57P02),
# starting up or in recovery (57P03), out of connection slots (53300).
_UNAVAILABLE_SQLSTATES = frozenset({"57P01", "57P02", "57P03", "53300"})


def unavailable_sqlstate(sqlstate: str | None) -> bool:
    if not sqlstate:
        return False
    return sqlstate.startswith("08") or sqlstate in _UNAVAILABLE_SQLSTATES


def database_unavailable(exc: BaseException) -> bool:
    """Whether the error means "the database is away", as opposed to a bug or bad data.

    Looks through SQLAlchemy's wrapper (`.orig`) and the driver's exception chain for a
    SQLSTATE, since asyncpg raises e.g. `CannotConnectNowError` for a second after a restart
    and SQLAlchemy wraps it in a plain `DBAPIError`.
    """
    if isinstance(exc, OperationalError | InterfaceError | PoolTimeoutError | ConnectionError):
        return True
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    if isinstance(exc, OSError | TimeoutError):
        return True
    return any(unavailable_sqlstate(_sqlstate(error)) for error in _chain(exc))


def _sqlstate(error: BaseException) -> str | None:
    code = getattr(error, "sqlstate", None) or getattr(error, "pgcode", None)
    return code if isinstance(code, str) else None


def _chain(exc: BaseException) -> list[BaseException]:
    """The exception, what it wraps (`orig`) and its explicit causes (`raise ... from`), each
    once; not `__context__`, which may be an unrelated error being handled at the time."""
    seen: list[BaseException] = []
    pending: list[BaseException | None] = [exc]
    while pending:
        error = pending.pop()
        if error is None or any(error is known for known in seen) or len(seen) > 20:
            continue
        seen.append(error)
        orig = getattr(error, "orig", None)
        pending += [
            orig if isinstance(orig, BaseException) else None,
            error.__cause__,
        ]
    return seen


def utcnow() -> datetime:
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on every database: SQLite would otherwise return them naive."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are ambiguous; pass an aware one")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


def now_column() -> Mapped[datetime]:
    """A timestamp that defaults to now: set by the application, by the database as a fallback."""
    return mapped_column(UtcDateTime, default=utcnow, server_default=func.now())


@dataclass(frozen=True)
class CommitDurability:
    """What the server says about its commits (`SHOW synchronous_commit`, `SHOW fsync`).

    The consumer protocol (inbox row in the effect's transaction, Kafka offset committed after)
    and the outbox (state and event committed, then acknowledged) rely on a commit surviving a
    crash of the database server. With `synchronous_commit=off` the server acknowledges a commit
    before its WAL is written: a crash of PostgreSQL's processes loses it while the offset has
    moved on. `fsync=off` only loses commits when the machine itself crashes (the WAL is
    written to the OS before the commit is acknowledged), so it is reported, not refused:
    throwaway test servers use it for speed; production must not.
    """

    synchronous_commit: str
    fsync: str

    @property
    def durable(self) -> bool:
        return self.synchronous_commit.lower() != "off"

    @property
    def problem(self) -> str | None:
        if self.durable:
            return None
        return (
            f"the database acknowledges commits before they are durable "
            f"(synchronous_commit={self.synchronous_commit}): a crash of PostgreSQL would lose "
            "events whose offsets were already committed. Set synchronous_commit=on for this "
            "database, or allow it explicitly for development (<SERVICE>_ALLOW_NONDURABLE_COMMITS)"
        )


async def commit_durability(engine: AsyncEngine) -> CommitDurability | None:
    """The server's durability settings as this engine's sessions see them (per-database and
    per-role settings included); None for SQLite, which commits durably in its own process."""
    if engine.dialect.name != "postgresql":
        return None
    async with engine.connect() as connection:
        synchronous_commit = await connection.scalar(text("SHOW synchronous_commit"))
        fsync = await connection.scalar(text("SHOW fsync"))
    return CommitDurability(str(synchronous_commit), str(fsync))


_COMMIT_MARKS = "kit.commit_marks"
_COMMIT_HOOKS = "kit.commit_hooks"


class HookedSession(Session):
    """A session that, after a commit, calls the hooks its transaction asked for (`on_commit`):
    the relay and the scheduler wake up when there is something for them, instead of polling."""


class WriteInReadError(RuntimeError):
    """A GET or HEAD tried to write. Those run without a transaction on PostgreSQL
    (`kit.runtime.reading_sessions`), where a write could be left half done: a bug, refused."""


def read_only(session_class: type[Session]) -> type[Session]:
    """`session_class` refusing every write: a flush with changes, or an INSERT, UPDATE or
    DELETE statement."""
    reading = type(f"Reading{session_class.__name__}", (session_class,), {})

    def refuse_flush(session: Session, *_: object) -> None:
        if session.new or session.dirty or session.deleted:
            raise WriteInReadError("A read-only request changed rows.")

    def refuse_statement(state: Any) -> None:
        if state.is_insert or state.is_update or state.is_delete:
            raise WriteInReadError(f"A read-only request ran: {state.statement}")

    event.listen(reading, "before_flush", refuse_flush)
    event.listen(reading, "do_orm_execute", refuse_statement)
    return reading


def on_commit(session: AsyncSession | Session, mark: str) -> None:
    """Ask for the hook registered as `mark` to run once this session's transaction commits."""
    session.info.setdefault(_COMMIT_MARKS, set()).add(mark)


def commit_hooks(hooks: Mapping[str, Callable[[], None]]) -> dict[str, object]:
    """The `info` entry of a sessionmaker whose sessions run these hooks (by mark). The mapping
    itself is kept, not a copy: the relay and the scheduler register their hooks after the
    sessionmaker exists, and a copy left every commit without them."""
    return {_COMMIT_HOOKS: hooks}


@event.listens_for(HookedSession, "after_commit")
def _run_commit_hooks(session: Session) -> None:
    marks = session.info.pop(_COMMIT_MARKS, None)
    hooks = session.info.get(_COMMIT_HOOKS) or {}
    for mark in marks or ():
        if (hook := hooks.get(mark)) is not None:
            hook()


@event.listens_for(HookedSession, "after_rollback")
def _forget_commit_hooks(session: Session) -> None:
    session.info.pop(_COMMIT_MARKS, None)
