"""Reactions to matching's events over real Kafka and PostgreSQL: `match.accepted` instantiates
the program's goal templates and schedules the first check-in (once, even when redelivered);
`match.ended` cancels future check-ins and closes the goals. Goals' own events reach Kafka."""

import json
from collections.abc import AsyncIterator, Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest

from contracts.matching import GoalTemplate, MatchEndedV1
from goals.app import create_app
from goals.settings import GoalsSettings
from kit.auth import TokenVerifier
from kit.devtokens import DevIssuer
from tests.goals.conftest import World
from tests.infra.apps import bearer, eventually, serve
from tests.infra.events import publish_to_kafka
from tests.infra.infra import KafkaServer
from tests.kit.kafka_tools import read_all

pytestmark = pytest.mark.integration
TEMPLATES = [
    GoalTemplate(
        title="Map your strengths",
        description="Complete the strengths survey and discuss it with your mentor.",
        due_after_days=30,
        milestones=["Take the survey", "Discuss the results"],
    ),
    GoalTemplate(
        title="Grow your network",
        description="Meet people outside your team across the organisation.",
        metric="introductions",
        target=5,
        unit="people",
        due_after_days=400,
    ),
]


@pytest.fixture
async def goals(
    service_settings: Callable[..., Any], verifier: TokenVerifier
) -> AsyncIterator[tuple[httpx.AsyncClient, GoalsSettings]]:
    settings: GoalsSettings = service_settings(GoalsSettings, scheduler_idle_seconds=0.1)
    async with serve(create_app(settings, verifier=verifier)) as client:
        yield client, settings


async def test_match_accepted_instantiates_templates_and_schedules_the_first_checkin(
    goals: tuple[httpx.AsyncClient, GoalsSettings], issuer: DevIssuer, kafka_server: KafkaServer
) -> None:
    client, settings = goals
    bootstrap = kafka_server.bootstrap_servers
    world = World(templates=TEMPLATES, ends_on=date.today() + timedelta(days=120))

    async def publish(payload: Any, subject: str, org: str, times: int = 1) -> None:
        await publish_to_kafka(
            bootstrap,
            payload,
            subject=subject,
            org_id=org,
            namespace=settings.topic_namespace,
            times=times,
        )

    await publish(world.program(), str(world.program_id), world.org)
    for enrolment in world.enrolments():
        await publish(enrolment, str(enrolment.participant_id), world.org)
    await publish(world.accepted(), str(world.match_id), world.org, times=2)  # redelivered

    mentee = bearer(issuer.mint(world.mentee, world.org))
    found = await eventually(
        lambda: client.get(f"/v1/matches/{world.match_id}/goals", headers=mentee),
        lambda response: response.status_code == 200 and len(response.json()["items"]) >= 2,
    )
    drafts = found.json()["items"]
    assert sorted((g["title"], g["status"], g["template_title"]) for g in drafts) == [
        ("Grow your network", "draft", "Grow your network"),
        ("Map your strengths", "draft", "Map your strengths"),
    ]
    by_title = {g["title"]: g for g in drafts}
    assert [m["title"] for m in by_title["Map your strengths"]["milestones"]] == [
        "Take the survey",
        "Discuss the results",
    ]
    assert by_title["Map your strengths"]["due_on"] == str(world.starts_on + timedelta(days=30))
    assert by_title["Grow your network"]["due_on"] == str(world.ends_on), "capped at the end"
    checkins = await client.get(f"/v1/matches/{world.match_id}/checkins", headers=mentee)
    [first] = checkins.json()["items"]
    assert first["status"] == "scheduled"
    assert datetime.fromisoformat(first["starts_at"]) > datetime.now(UTC)

    topic = f"{settings.topic_namespace}mentorship.goals.events"
    records = await read_all(bootstrap, topic, expect=3)
    types = sorted(json.loads(record.value)["type"] for record in records)
    assert types == [
        "mentorship.goals.checkin.scheduled.v1",
        "mentorship.goals.goal.created.v1",
        "mentorship.goals.goal.created.v1",
    ], "one set of effects although match.accepted arrived twice"

    ended = MatchEndedV1(
        **world.accepted().model_dump(include=set(MatchEndedV1.model_fields) - {"outcome"}),
        outcome="ended_early",
        ended_at=datetime.now(UTC),
    )
    await publish(ended, str(world.match_id), world.org)
    closed = await eventually(
        lambda: client.get(f"/v1/matches/{world.match_id}/goals", headers=mentee),
        lambda response: all(g["status"] == "abandoned" for g in response.json()["items"]),
    )
    assert {g["closed_reason"] for g in closed.json()["items"]} == {"match ended (ended_early)"}
    after = await client.get(f"/v1/matches/{world.match_id}/checkins", headers=mentee)
    assert [c["status"] for c in after.json()["items"]] == ["cancelled"]
    match = await client.get(f"/v1/matches/{world.match_id}", headers=mentee)
    assert match.json()["status"] == "ended"
    records = await read_all(bootstrap, topic, expect=4)
    types = sorted(json.loads(record.value)["type"] for record in records)
    assert types.count("mentorship.goals.checkin.cancelled.v1") == 1
