"""Fixtures of the notifications tests: SMTP server, HTTP receiver, clock, the service on real
Kafka + PostgreSQL (`kafka_service`) or on SQLite + the in-process bus (`bus_service`)."""

import functools
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from kit.auth import TokenVerifier
from kit.devtokens import DevIssuer
from kit.events.bus import InProcessBus
from kit.testing.apps import serve
from kit.testing.events import publish_to_bus, publish_to_kafka
from kit.testing.infra import KafkaServer
from notifications.settings import NotificationsSettings
from tests.notifications.notify_harness import (
    Clock,
    Harness,
    Receiver,
    SmtpServer,
    at,
    new_app,
    service_overrides,
)


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    server = Receiver()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
def clock() -> Clock:
    return Clock(at("2026-03-02T09:00:00+00:00"))  # a Monday


@pytest.fixture
async def kafka_service(
    service_settings: Callable[..., Any],
    kafka_server: KafkaServer,
    namespace: str,
    verifier: TokenVerifier,
    issuer: DevIssuer,
    smtp: SmtpServer,
    clock: Clock,
) -> AsyncIterator[Harness]:
    settings = service_settings(NotificationsSettings, **service_overrides(smtp))
    app = new_app(settings, clock, verifier=verifier)
    publish = functools.partial(
        publish_to_kafka, kafka_server.bootstrap_servers, namespace=namespace
    )
    async with serve(app) as client:
        yield Harness(app, client, clock, issuer, publish)


@pytest.fixture
async def bus_service(
    tmp_path: Path, verifier: TokenVerifier, issuer: DevIssuer, smtp: SmtpServer, clock: Clock
) -> AsyncIterator[Harness]:
    settings = NotificationsSettings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'notifications.db'}",
        auto_migrate=True,
        log_json=False,
        **service_overrides(smtp),
    )
    bus = InProcessBus()
    app = new_app(settings, clock, bus=bus, verifier=verifier)
    async with serve(app) as client:
        yield Harness(app, client, clock, issuer, functools.partial(publish_to_bus, bus))
