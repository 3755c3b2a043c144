"""Fixtures: the feedback service on each backend (PostgreSQL + Kafka, SQLite + the bus)."""

from collections.abc import AsyncIterator

import pytest

from contracts import EventPayload
from feedback.app import create_app
from feedback.settings import FeedbackSettings
from kit.auth import TokenVerifier
from kit.devtokens import DevIssuer
from tests.backends import Backend
from tests.feedback.harness import Feedback
from tests.infra.apps import serve


@pytest.fixture
async def feedback_service(
    backend: Backend, issuer: DevIssuer, verifier: TokenVerifier
) -> AsyncIterator[Feedback]:
    """The same test on both run modes: PostgreSQL + Kafka, SQLite + the in-process bus."""
    settings = backend.settings(FeedbackSettings, run_scheduler=False)
    app = create_app(settings, backend.bus, verifier)

    async def send(payload: EventPayload, subject: str, org: str) -> object:
        return await backend.publish(payload, subject=subject, org_id=org)

    async with serve(app) as client:
        yield Feedback(client, app, issuer, send, backend)
