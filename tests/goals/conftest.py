"""Fixtures of the goals tests: the service on each backend (PostgreSQL + Kafka, SQLite + the
in-process bus), and helpers that play matching's part by publishing its events through the
contracts."""

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from uuid import UUID, uuid4

import httpx
import pytest
from fastapi import FastAPI

from contracts import EventPayload
from contracts.matching import (
    GoalTemplate,
    MatchAcceptedV1,
    ParticipantEnrolledV1,
    ProgramCreatedV1,
)
from goals.app import create_app
from goals.settings import GoalsSettings
from kit.auth import TokenVerifier
from kit.devtokens import DevIssuer
from tests.backends import Backend
from tests.infra.apps import bearer, eventually, serve

Publish = Callable[[EventPayload, str, str], Awaitable[object]]


@dataclass
class World:
    """A program with a mentor and a mentee, matched, as matching would announce it."""

    org: str = "acme"
    program_id: UUID = field(default_factory=uuid4)
    match_id: UUID = field(default_factory=uuid4)
    mentor: str = "maria"
    mentee: str = "tom"
    admin: str = "ada"
    mentor_tz: str = "Europe/Paris"
    mentee_tz: str = "America/New_York"
    starts_on: date = field(default_factory=lambda: date.today())
    ends_on: date | None = field(default_factory=lambda: date.today() + timedelta(days=180))
    cadence: str = "weekly"
    templates: list[GoalTemplate] = field(default_factory=list)
    mentor_participant: UUID = field(default_factory=uuid4)
    mentee_participant: UUID = field(default_factory=uuid4)

    def program(self) -> ProgramCreatedV1:
        return ProgramCreatedV1(
            program_id=self.program_id,
            name="Spring cohort",
            admin_user_ids=[self.admin],
            checkin_cadence="biweekly",
            goal_templates=self.templates,
        )

    def enrolments(self) -> list[ParticipantEnrolledV1]:
        return [
            ParticipantEnrolledV1(
                program_id=self.program_id,
                program_name="Spring cohort",
                participant_id=participant,
                user_id=user,
                role=role,
                display_name=user.title(),
                timezone=tz,
            )
            for participant, user, role, tz in (
                (self.mentor_participant, self.mentor, "mentor", self.mentor_tz),
                (self.mentee_participant, self.mentee, "mentee", self.mentee_tz),
            )
        ]

    def accepted(self) -> MatchAcceptedV1:
        return MatchAcceptedV1(
            match_id=self.match_id,
            program_id=self.program_id,
            mentor_participant_id=self.mentor_participant,
            mentee_participant_id=self.mentee_participant,
            mentor_user_id=self.mentor,
            mentee_user_id=self.mentee,
            starts_on=self.starts_on,
            ends_on=self.ends_on,
            checkin_cadence=self.cadence,
        )


async def start_match(
    client: httpx.AsyncClient,
    world: World,
    publish: Publish,
    issuer: DevIssuer,
    enrolled: Callable[[], Awaitable[None]] | None = None,
) -> None:
    """Publish program, enrolments and acceptance; wait until the service knows the match.
    `enrolled` waits until the enrolments are handled before the acceptance goes out: on Kafka
    they travel on other partitions, and people enrol long before they are matched."""
    await publish(world.program(), str(world.program_id), world.org)
    for enrolment in world.enrolments():
        await publish(enrolment, str(enrolment.participant_id), world.org)
    if enrolled is not None:
        await enrolled()
    await publish(world.accepted(), str(world.match_id), world.org)
    headers = bearer(issuer.mint(world.mentee, world.org))
    found = await eventually(
        lambda: client.get(f"/v1/matches/{world.match_id}/checkins", headers=headers),
        lambda response: response.status_code == 200 and len(response.json()["items"]) > 0,
    )
    assert found.status_code == 200, found.text


@dataclass
class GoalsService:
    client: httpx.AsyncClient
    app: FastAPI
    backend: Backend
    issuer: DevIssuer

    def as_user(self, user: str, org: str = "acme", *roles: str) -> dict[str, str]:
        return bearer(self.issuer.mint(user, org, list(roles)))

    async def publish(self, payload: EventPayload, subject: str, org: str) -> object:
        return await self.backend.publish(payload, subject=subject, org_id=org)

    async def start(self, world: World) -> World:
        await start_match(self.client, world, self.publish, self.issuer, self.settled)
        return world

    async def settled(self) -> None:
        """Wait until every event published so far is handled (before asserting an absence)."""
        await self.backend.settled(self.app.state.runtime)


Embedded = GoalsService
"""Its name from when these tests ran on the embedded mode only; tests written against it keep
working (on both backends)."""


@pytest.fixture
async def goals(
    backend: Backend, verifier: TokenVerifier, issuer: DevIssuer
) -> AsyncIterator[GoalsService]:
    settings = backend.settings(GoalsSettings, scheduler_idle_seconds=0.05)
    app = create_app(settings, backend.bus, verifier)
    async with serve(app) as client:
        yield GoalsService(client, app, backend, issuer)
