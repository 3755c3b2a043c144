"""Fixtures: the feedback service on SQLite + the in-process bus, or on PostgreSQL + Kafka."""

from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from contracts import EventPayload
from feedback.app import create_app
from feedback.settings import FeedbackSettings
from kit.auth import TokenVerifier
from kit.devtokens import DevIssuer
from kit.events.bus import InProcessBus
from kit.testing.apps import serve
from kit.testing.events import publish_to_bus, publish_to_kafka
from kit.testing.infra import KafkaServer
from tests.feedback.harness import Feedback


@pytest.fixture
async def embedded_feedback(
    tmp_path: Path, issuer: DevIssuer, verifier: TokenVerifier
) -> AsyncIterator[Feedback]:
    settings = FeedbackSettings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'feedback.db'}",
        auto_migrate=True,
        log_json=False,
        run_scheduler=False,
    )
    bus = InProcessBus()
    app = create_app(settings, bus, verifier)

    async def send(payload: EventPayload, subject: str, org: str) -> object:
        return await publish_to_bus(bus, payload, subject=subject, org_id=org)

    async with serve(app) as client:
        yield Feedback(client, app, issuer, send)


@pytest.fixture
async def kafka_feedback(
    service_settings: Callable[..., Any],
    kafka_server: KafkaServer,
    namespace: str,
    issuer: DevIssuer,
    verifier: TokenVerifier,
) -> AsyncIterator[Feedback]:
    app = create_app(service_settings(FeedbackSettings, run_scheduler=False), verifier=verifier)

    async def send(payload: EventPayload, subject: str, org: str) -> object:
        return await publish_to_kafka(
            kafka_server.bootstrap_servers,
            payload,
            subject=subject,
            org_id=org,
            namespace=namespace,
        )

    async with serve(app) as client:
        yield Feedback(client, app, issuer, send)


@pytest.fixture(
    params=[
        pytest.param("embedded_feedback", marks=pytest.mark.embedded, id="sqlite-bus"),
        pytest.param("kafka_feedback", marks=pytest.mark.integration, id="postgres-kafka"),
    ]
)
def feedback_service(request: pytest.FixtureRequest) -> Feedback:
    """The same test on both run modes: SQLite + in-process bus, PostgreSQL + Kafka."""
    service: Feedback = request.getfixturevalue(request.param)
    return service
