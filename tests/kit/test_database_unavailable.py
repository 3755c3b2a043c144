"""Which database errors mean "the database is away" (503, wait and retry) and which are bugs or
bad data (500, dead letter): by SQLSTATE, raw from asyncpg and wrapped by SQLAlchemy."""

import asyncpg
import pytest
from sqlalchemy.dialects.postgresql.asyncpg import AsyncAdapt_asyncpg_dbapi
from sqlalchemy.exc import DBAPIError, IntegrityError, ProgrammingError, StatementError

from kit.db import database_unavailable

pytestmark = pytest.mark.unit

UNAVAILABLE = [
    asyncpg.CannotConnectNowError("the database system is starting up"),  # 57P03
    asyncpg.TooManyConnectionsError("sorry, too many clients already"),  # 53300
    asyncpg.AdminShutdownError("terminating connection due to administrator command"),  # 57P01
    asyncpg.CrashShutdownError("terminating connection because of crash"),  # 57P02
    asyncpg.ConnectionDoesNotExistError("connection was closed"),  # 08003
    asyncpg.ConnectionFailureError("connection failure"),  # 08006
]
BUGS_OR_BAD_DATA = [
    asyncpg.UniqueViolationError("duplicate key"),  # 23505
    asyncpg.UndefinedTableError('relation "outbox" does not exist'),  # 42P01
    asyncpg.QueryCanceledError("canceling statement due to user request"),  # 57014
    asyncpg.DivisionByZeroError("division by zero"),  # 22012
]


def wrapped(error: asyncpg.PostgresError) -> StatementError:
    """What SQLAlchemy's asyncpg dialect raises for `error`: its DB-API error, then a
    `sqlalchemy.exc` class chosen by name (a plain `DBAPIError` for most of them)."""
    dbapi = AsyncAdapt_asyncpg_dbapi(asyncpg)  # type: ignore[no-untyped-call]
    adapted: Exception | None = None
    for kind in type(error).__mro__:
        if kind in dbapi._asyncpg_error_translate:
            adapted = dbapi._asyncpg_error_translate[kind](error.args[0], error)
            break
    assert adapted is not None
    adapted.__cause__ = error
    return DBAPIError.instance("SELECT 1", None, adapted, dbapi.Error)


@pytest.mark.parametrize("error", UNAVAILABLE, ids=lambda e: type(e).__name__)
def test_server_away_or_refusing_is_unavailable_raw_and_wrapped(
    error: asyncpg.PostgresError,
) -> None:
    assert database_unavailable(error)
    sqlalchemy_error = wrapped(error)
    assert not isinstance(sqlalchemy_error, IntegrityError | ProgrammingError)
    assert database_unavailable(sqlalchemy_error)


@pytest.mark.parametrize("error", BUGS_OR_BAD_DATA, ids=lambda e: type(e).__name__)
def test_bugs_and_bad_data_are_not_unavailable(error: asyncpg.PostgresError) -> None:
    assert not database_unavailable(error)
    assert not database_unavailable(wrapped(error))


def handle_outage_with_a_bug() -> None:
    try:
        raise asyncpg.CannotConnectNowError("starting up")
    except asyncpg.PostgresError:
        raise ValueError("a bug in the handler") from None


def test_a_bug_while_handling_an_outage_is_still_a_bug() -> None:
    with pytest.raises(ValueError, match="a bug") as caught:
        handle_outage_with_a_bug()
    assert not database_unavailable(caught.value)
