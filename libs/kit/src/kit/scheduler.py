"""A durable scheduler for time-based facts (a check-in missed, a goal overdue, a reminder due).

Jobs live in the service's `scheduled_jobs` table, written in the caller's transaction.
A firing runs its handler and marks the job fired in one transaction, claimed with
`FOR UPDATE SKIP LOCKED`: with several replicas each due job fires once, and a crash before the
commit leaves it due, so a restart neither loses nor repeats it.
"""

import asyncio
import contextlib
import json
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import structlog
from opentelemetry.context import Context
from prometheus_client import Counter
from sqlalchemy import Row, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kit.backoff import backoff_delay
from kit.db import database_unavailable, on_commit, utcnow
from kit.tables import PlatformTables
from kit.tracing import TRACER

log = structlog.get_logger(__name__)

JOBS_FIRED = Counter("scheduled_jobs_total", "Scheduled jobs run", ["service", "kind", "outcome"])

PENDING, FIRED, CANCELLED, FAILED = "pending", "fired", "cancelled", "failed"
SCHEDULER_WAKE_UP = "jobs"
"""The commit hook (`kit.db.on_commit`) that wakes this process's scheduler."""


@dataclass(frozen=True)
class Job:
    id: int
    kind: str
    key: str
    org_id: str
    due_at: datetime
    payload: dict[str, Any]
    attempts: int


JobHandler = Callable[[AsyncSession, Job], Awaitable[None]]


def _tables(session: AsyncSession) -> PlatformTables:
    tables = session.info.get("platform")
    if not isinstance(tables, PlatformTables):
        raise RuntimeError("this session was not made by a service runtime: it has no job table")
    return tables


async def schedule(
    session: AsyncSession,
    kind: str,
    key: str,
    due_at: datetime,
    *,
    org_id: str,
    payload: Mapping[str, Any] | None = None,
) -> None:
    """Schedule (or move, or re-arm) the job `kind`/`key`; it commits with the caller."""
    jobs = _tables(session).jobs
    values = {
        "kind": kind,
        "key": key,
        "org_id": org_id,
        "due_at": due_at,
        "payload": json.dumps(dict(payload or {}), default=str),
        "status": PENDING,
        "attempts": 0,
        "last_error": None,
        "fired_at": None,
    }
    dialect_insert = (
        postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    )
    statement = dialect_insert(jobs).values(created_at=utcnow(), **values)
    statement = statement.on_conflict_do_update(index_elements=["kind", "key"], set_=values)
    await session.execute(statement)
    on_commit(session, SCHEDULER_WAKE_UP)


async def cancel(session: AsyncSession, kind: str, key: str) -> bool:
    """Cancel a pending job; returns whether there was one."""
    jobs = _tables(session).jobs
    result = await session.execute(
        update(jobs)
        .where(jobs.c.kind == kind, jobs.c.key == key, jobs.c.status == PENDING)
        .values(status=CANCELLED)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def pending_job(session: AsyncSession, kind: str, key: str) -> Job | None:
    jobs = _tables(session).jobs
    row = (
        await session.execute(
            select(jobs).where(jobs.c.kind == kind, jobs.c.key == key, jobs.c.status == PENDING)
        )
    ).first()
    return None if row is None else _job(row)


class Scheduler:
    def __init__(
        self,
        service: str,
        sessions: async_sessionmaker[AsyncSession],
        tables: PlatformTables,
        handlers: Mapping[str, JobHandler],
        *,
        idle_seconds: float = 5.0,
        max_attempts: int = 5,
        retry_seconds: float = 30.0,
        max_retry_seconds: float = 3600.0,
        clock: Callable[[], datetime] = utcnow,
        probe_sessions: async_sessionmaker[AsyncSession] | None = None,
    ) -> None:
        self._service = service
        self._sessions = sessions
        self._jobs = tables.jobs
        self._handlers = handlers
        self._idle_seconds = idle_seconds
        self._max_attempts = max_attempts
        self._retry_seconds = retry_seconds
        self._max_retry_seconds = max_retry_seconds
        self._clock = clock
        self._probe_sessions = probe_sessions or sessions
        self._stopping = asyncio.Event()
        self._wakeup = asyncio.Event()

    def notify(self) -> None:
        """Look again now: a job was just scheduled (committed) in this process."""
        self._wakeup.set()

    def stop(self) -> None:
        """Finish the job in hand, then return from `run`."""
        self._stopping.set()
        self._wakeup.set()

    async def run(self) -> None:
        woken = True  # look at once at start
        while not self._stopping.is_set():
            self._wakeup.clear()
            try:
                # A pause that ran out is a poll: one look (no transaction on PostgreSQL)
                # before the claiming transaction, which runs only when a job is due.
                fired = await self.fire_due() if woken or await self.any_due() else 0
            except Exception as exc:
                if database_unavailable(exc):
                    log.warning(
                        "scheduler_database_unavailable", service=self._service, error=repr(exc)
                    )
                else:
                    log.exception("scheduler_failed", service=self._service)
                fired = 0
            woken = bool(fired)
            if not fired:
                # Jobs scheduled here wake us at once; the pause bounds how late a job falls
                # due, or one scheduled by another process, is seen.
                with contextlib.suppress(TimeoutError):
                    woken = await asyncio.wait_for(self._wakeup.wait(), self._idle_seconds)

    async def any_due(self) -> bool:
        """Whether a pending job is due (a look, claiming nothing)."""
        async with self._probe_sessions() as session:
            query = select(self._jobs.c.id).where(
                self._jobs.c.status == PENDING, self._jobs.c.due_at <= self._clock()
            )
            return (await session.execute(query.limit(1))).first() is not None

    async def fire_due(self, limit: int = 100) -> int:
        """Fire up to `limit` due jobs, one transaction each; returns how many ran."""
        count = 0
        while count < limit and not self._stopping.is_set():
            if not await self._fire_one():
                break
            count += 1
        return count

    async def _fire_one(self) -> bool:
        try:
            async with self._sessions() as session, session.begin():
                row = (
                    await session.execute(
                        select(self._jobs)
                        .where(self._jobs.c.status == PENDING, self._jobs.c.due_at <= self._clock())
                        .order_by(self._jobs.c.due_at, self._jobs.c.id)
                        .limit(1)
                        .with_for_update(skip_locked=True)
                    )
                ).first()
                if row is None:
                    return False
                job = _job(row)
                await self._run_handler(session, job)
                # A handler that re-armed its own job (`schedule` with a new time: a periodic
                # sweep) leaves it pending for then.
                await session.execute(
                    update(self._jobs)
                    .where(self._jobs.c.id == job.id, self._jobs.c.due_at == job.due_at)
                    .values(status=FIRED, fired_at=utcnow(), attempts=job.attempts + 1)
                )
        except _JobFailedError as failed:
            await self._note_failure(failed.job, failed.cause)
            return True
        JOBS_FIRED.labels(self._service, job.kind, "fired").inc()
        return True

    async def _run_handler(self, session: AsyncSession, job: Job) -> None:
        handler = self._handlers.get(job.kind)
        try:
            if handler is None:
                raise LookupError(f"no handler for job kind {job.kind!r}")
            # A root span: the events the job emits carry its trace context.
            with TRACER.start_as_current_span(
                f"job {job.kind}",
                context=Context(),
                attributes={
                    "mentorship.job.kind": job.kind,
                    "mentorship.job.key": job.key,
                    "mentorship.job.id": job.id,
                    "mentorship.org_id": job.org_id,
                },
            ):
                await handler(session, job)
        except Exception as exc:
            if database_unavailable(exc):
                raise
            raise _JobFailedError(job, exc) from exc

    async def _note_failure(self, job: Job, exc: Exception) -> None:
        attempts = job.attempts + 1
        gave_up = attempts >= self._max_attempts
        delay = backoff_delay(attempts, base=self._retry_seconds, cap=self._max_retry_seconds)
        async with self._sessions() as session, session.begin():
            await session.execute(
                update(self._jobs)
                .where(self._jobs.c.id == job.id, self._jobs.c.status == PENDING)
                .values(
                    attempts=attempts,
                    last_error=repr(exc)[:2000],
                    status=FAILED if gave_up else PENDING,
                    due_at=job.due_at if gave_up else self._clock() + timedelta(seconds=delay),
                )
            )
        JOBS_FIRED.labels(self._service, job.kind, "failed" if gave_up else "retried").inc()
        log.warning(
            "scheduled_job_failed",
            kind=job.kind,
            key=job.key,
            attempts=attempts,
            gave_up=gave_up,
            error=repr(exc),
        )


class _JobFailedError(Exception):
    def __init__(self, job: Job, cause: Exception) -> None:
        super().__init__(repr(cause))
        self.job = job
        self.cause = cause


def _job(row: Row[Any]) -> Job:
    return Job(
        id=row.id,
        kind=row.kind,
        key=row.key,
        org_id=row.org_id,
        due_at=row.due_at,
        payload=json.loads(row.payload),
        attempts=row.attempts,
    )
