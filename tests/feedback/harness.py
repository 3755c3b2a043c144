"""Driving a feedback service under test, fed with matching's and goals' events (contracts).

`feedback_service` runs it on each backend: a real PostgreSQL and Kafka, and SQLite with the
in-process bus (tests/backends.py). The scheduler loop is off in both: tests fire due jobs
themselves with `Scheduler(..., clock=...)`, so time is theirs to move.
"""

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import httpx
from fastapi import FastAPI
from sqlalchemy import select, text

from contracts import EventPayload
from contracts.goals import CheckinCompletedV1, CheckinMissedV1
from contracts.matching import MatchAcceptedV1, ProgramCreatedV1
from feedback.app import DEFINITION
from feedback.models import Program
from kit.devtokens import DevIssuer
from kit.runtime import Runtime
from kit.scheduler import Scheduler
from tests.backends import Backend
from tests.infra.apps import bearer, eventually

ORG = "acme"
WAIT = 120.0  # seconds: a bound for a loaded machine (a shared broker), not a timing claim


@dataclass
class Relationship:
    program_id: UUID = field(default_factory=uuid4)
    match_id: UUID = field(default_factory=uuid4)
    mentor: str = "maria"
    mentee: str = "tom"

    def parties(self) -> dict[str, Any]:
        return {
            "match_id": self.match_id,
            "program_id": self.program_id,
            "mentor_user_id": self.mentor,
            "mentee_user_id": self.mentee,
        }


@dataclass
class Feedback:
    client: httpx.AsyncClient
    app: FastAPI
    issuer: DevIssuer
    send: Callable[[EventPayload, str, str], Awaitable[object]]
    backend: Backend

    @property
    def runtime(self) -> Runtime:
        runtime: Runtime = self.app.state.runtime
        return runtime

    def headers(self, user: str, org: str = ORG, admin: bool = False) -> dict[str, str]:
        return bearer(self.issuer.mint(user, org, ["org_admin"] if admin else []))

    async def publish(self, payload: EventPayload, org: str = ORG) -> None:
        # Keyed like the producers key them: by the aggregate the event is about.
        for aggregate in ("match_id", "participant_id", "program_id"):
            if hasattr(payload, aggregate):
                await self.send(payload, str(getattr(payload, aggregate)), org)
                return
        await self.send(payload, str(uuid4()), org)

    async def outbox(self, event_type: str) -> list[dict[str, Any]]:
        """Payloads of the events this service wrote to its outbox, oldest first."""
        table = DEFINITION.tables.outbox
        async with self.runtime.sessions() as session:
            rows = await session.execute(
                select(table.c.payload).where(table.c.type == event_type).order_by(table.c.id)
            )
            return [json.loads(value)["data"] for (value,) in rows]

    async def rows(self, table: str) -> list[dict[str, Any]]:
        async with self.runtime.sessions() as session:
            result = await session.execute(text(f"SELECT * FROM {table}"))
            return [dict(row._mapping) for row in result]

    def scheduler(self, now: datetime) -> Scheduler:
        return Scheduler(
            "feedback",
            self.runtime.sessions,
            DEFINITION.tables,
            DEFINITION.jobs,
            clock=lambda: now,
        )

    async def program(self, rel: Relationship, admins: list[str] | None = None) -> None:
        await self.publish(
            ProgramCreatedV1(
                program_id=rel.program_id, name="Spring", admin_user_ids=admins or ["ada"]
            )
        )

        async def known() -> bool:
            async with self.runtime.sessions() as session:
                return await session.get(Program, rel.program_id) is not None

        assert await eventually(known, bool, within=WAIT)

    async def accept(self, rel: Relationship, starts_on: date) -> None:
        await self.publish(
            MatchAcceptedV1(
                **rel.parties(),
                mentor_participant_id=uuid4(),
                mentee_participant_id=uuid4(),
                starts_on=starts_on,
            )
        )

    async def checkin(
        self, rel: Relationship, held_at: datetime | None = None, checkin_id: UUID | None = None
    ) -> UUID:
        held_at = held_at or datetime.now(UTC)
        checkin_id = checkin_id or uuid4()
        await self.publish(
            CheckinCompletedV1(
                **rel.parties(),
                checkin_id=checkin_id,
                starts_at=held_at - timedelta(hours=1),
                duration_minutes=45,
                completed_at=held_at,
            )
        )
        return checkin_id

    async def missed(self, rel: Relationship, starts_at: datetime) -> None:
        await self.publish(
            CheckinMissedV1(
                **rel.parties(), checkin_id=uuid4(), starts_at=starts_at, duration_minutes=45
            )
        )

    async def requests_of(self, user: str, count: int, **params: str) -> list[dict[str, Any]]:
        """The user's feedback requests, once there are `count` of them."""

        async def probe() -> list[dict[str, Any]]:
            response = await self.client.get(
                "/v1/feedback-requests", headers=self.headers(user), params=params
            )
            assert response.status_code == 200, response.text
            items: list[dict[str, Any]] = response.json()["items"]
            return items

        return await eventually(probe, lambda items: len(items) >= count, within=WAIT)

    async def caught_up(self) -> None:
        """Wait until every event published so far is handled (before asserting an absence)."""
        await self.backend.settled(self.runtime)

    async def settled(self, table: str, predicate: Callable[[list[dict[str, Any]]], bool]) -> None:
        """Wait until the table's rows satisfy `predicate` (the consumer caught up)."""
        rows = await eventually(lambda: self.rows(table), predicate, within=WAIT)
        assert predicate(rows), f"{table} never settled: {rows}"
