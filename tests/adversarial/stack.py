"""The four services on PostgreSQL, joined by one in-process bus, served in-process.

Why a loop of their own: schemathesis and hypothesis drive synchronous tests, while the apps'
resources (asyncpg pools, relays, consumers) belong to the event loop that started them. The apps
live on a loop in a background thread and every request is an `httpx.ASGITransport` call
submitted to that loop, so nothing crosses loops and no network socket is involved.

Why PostgreSQL: the domain behaviour under attack (tenancy filters, constraints, transactions) is
PostgreSQL's in production. Kafka is left out on purpose: the transport between services is not
what these tiers probe, and the in-process bus runs the same outbox and inbox code.
"""

import asyncio
import threading
from collections.abc import Awaitable, Callable, Coroutine
from contextlib import AsyncExitStack
from ipaddress import IPv4Address, IPv6Address, ip_address
from typing import Any, TypeVar
from uuid import uuid4

import httpx
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

from feedback.app import create_app as create_feedback
from feedback.settings import FeedbackSettings
from gateway.app import create_app as create_gateway
from gateway.settings import GatewaySettings
from goals.app import create_app as create_goals
from goals.settings import GoalsSettings
from kit.auth import TokenVerifier
from kit.events.bus import InProcessBus
from kit.scheduler import Scheduler
from kit.settings import ServiceSettings
from matching.app import create_app as create_matching
from matching.settings import MatchingSettings
from notifications.app import create_app as create_notifications
from notifications.settings import NotificationsSettings
from tests.infra.infra import PostgresServer

SERVICES = ("matching", "goals", "feedback", "notifications")
T = TypeVar("T")
S = TypeVar("S", bound=ServiceSettings)


async def public_resolver(host: str, port: int) -> list[IPv4Address | IPv6Address]:
    """Every webhook or Slack host name resolves to one public address: the tests never wait
    on DNS, and nothing is delivered (the scheduler that sends deliveries is off)."""
    return [ip_address("93.184.215.14")]


def build_apps(
    urls: dict[str, str], verifier: TokenVerifier, bus: InProcessBus
) -> dict[str, FastAPI]:
    def settings(cls: type[S], name: str) -> S:
        # The scheduler is off: timed jobs would change rows between a write's before and
        # after, and fire deliveries; neither is what these tiers look at.
        return cls(
            database_url=urls[name],
            kafka_bootstrap_servers=None,
            auto_migrate=True,
            log_json=False,
            log_level="WARNING",
            run_scheduler=False,
        )

    return {
        "matching": create_matching(settings(MatchingSettings, "matching"), bus, verifier),
        "goals": create_goals(settings(GoalsSettings, "goals"), bus, verifier),
        "feedback": create_feedback(settings(FeedbackSettings, "feedback"), bus, verifier),
        "notifications": create_notifications(
            settings(NotificationsSettings, "notifications"),
            bus,
            verifier,
            resolve=public_resolver,
        ),
    }


class Stack:
    """Started with `start()`, stopped with `stop()`; `request()` is synchronous."""

    def __init__(
        self, postgres: PostgresServer, verifier: TokenVerifier, *, gateway: bool = False
    ) -> None:
        self._gateway = gateway
        self._postgres = postgres
        self._verifier = verifier
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="adversarial-apps", daemon=True
        )
        self._exit = AsyncExitStack()
        self.databases = {name: f"adv_{name}_{uuid4().hex[:8]}" for name in SERVICES}
        self.urls: dict[str, str] = {}
        self.apps: dict[str, FastAPI] = {}
        self.clients: dict[str, httpx.AsyncClient] = {}
        self.requests_made = 0

    def start(self) -> None:
        for name, database in self.databases.items():
            self.urls[name] = self._postgres.create_database(database)
        self._thread.start()
        self.run(self._start)

    async def _start(self) -> None:
        # Built on the apps' own loop: the bus and the pools bind to the loop that makes them.
        bus = InProcessBus()
        self.apps = build_apps(self.urls, self._verifier, bus)
        if self._gateway:
            # The GraphQL gateway calls the services in-process, as the embedded mode does.
            self.apps["gateway"] = create_gateway(
                GatewaySettings(log_json=False, log_level="WARNING"),
                verifier=self._verifier,
                transports={
                    name: httpx.ASGITransport(app=app, raise_app_exceptions=False)
                    for name, app in self.apps.items()
                },
                bus=bus,
            )
        for name, app in self.apps.items():
            manager = await self._exit.enter_async_context(
                LifespanManager(app, startup_timeout=120, shutdown_timeout=30)
            )
            # raise_app_exceptions=False: an unhandled error is the 500 a client would get,
            # which is what the checks judge, not an exception in the test.
            transport = httpx.ASGITransport(app=manager.app, raise_app_exceptions=False)
            self.clients[name] = await self._exit.enter_async_context(
                httpx.AsyncClient(transport=transport, base_url="http://test")
            )

    def stop(self) -> None:
        try:
            self.run(self._exit.aclose)
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=30)
            self._loop.close()
            for database in self.databases.values():
                self._postgres.drop_database(database)

    def run(self, make: Callable[[], Coroutine[Any, Any, T]], timeout: float = 180) -> T:
        """Run a coroutine on the apps' loop and wait for its result."""
        return asyncio.run_coroutine_threadsafe(make(), self._loop).result(timeout)

    def request(self, service: str, method: str, url: str, **kwargs: Any) -> httpx.Response:
        self.requests_made += 1
        client = self.clients[service]
        return self.run(lambda: client.request(method, url, **kwargs))

    def fire_due_jobs(self, service: str) -> int:
        """Fire the service's scheduled jobs that are due now, once (its scheduler is off)."""
        runtime = self.apps[service].state.runtime
        scheduler = Scheduler(
            service, runtime.sessions, runtime.definition.tables, runtime.definition.jobs
        )
        return self.run(scheduler.fire_due)

    def call(self, make: Callable[[], Awaitable[T]]) -> T:
        async def wrapped() -> T:
            return await make()

        return self.run(wrapped)
