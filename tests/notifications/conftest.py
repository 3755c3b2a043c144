"""Fixtures of the notifications tests: SMTP server, HTTP receiver, clock, and the service on
each backend (`service`: PostgreSQL + Kafka, SQLite + the in-process bus)."""

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from kit.auth import TokenVerifier
from kit.devtokens import DevIssuer
from tests.backends import Backend, SqliteBus
from tests.notifications.notify_harness import (
    Clock,
    Harness,
    Receiver,
    SmtpServer,
    at,
    running,
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
async def service(
    backend: Backend, verifier: TokenVerifier, issuer: DevIssuer, smtp: SmtpServer, clock: Clock
) -> AsyncIterator[Harness]:
    async with running(backend, clock, verifier, issuer, service_overrides(smtp)) as harness:
        yield harness


@pytest.fixture
async def bus_service(
    tmp_path: Path, verifier: TokenVerifier, issuer: DevIssuer, smtp: SmtpServer, clock: Clock
) -> AsyncIterator[Harness]:
    """The embedded mode only, for a test about that mode (domain tests take `service`)."""
    backend = SqliteBus(tmp_path)
    async with running(backend, clock, verifier, issuer, service_overrides(smtp)) as harness:
        yield harness
