"""The embedded run: every service and the gateway in one ASGI app, SQLite, the in-process bus.

The services run the same code as in the distributed mode; only the database URL and the
transport differ. A local issuer signs development tokens (`mentorship token`).
"""

import os
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar

import httpx
from fastapi import FastAPI
from opentelemetry import context as otel_context
from starlette.types import ASGIApp, Receive, Scope, Send

from feedback.app import create_app as create_feedback
from feedback.settings import FeedbackSettings
from gateway.app import create_app as create_gateway
from gateway.settings import GatewaySettings
from goals.app import create_app as create_goals
from goals.settings import GoalsSettings
from kit.auth import StaticKeySource, TokenVerifier
from kit.events.bus import InProcessBus
from kit.settings import ServiceSettings
from kit.tracing import FRAMEWORK_TELEMETRY, configure_tracing
from matching.app import create_app as create_matching
from matching.settings import MatchingSettings
from mentorship.issuer import dev_issuer as dev_issuer  # tests and tools mint from here too
from notifications.app import create_app as create_notifications
from notifications.settings import NotificationsSettings

SERVICES = ("matching", "goals", "feedback", "notifications")


S = TypeVar("S", bound=ServiceSettings)


def _settings(cls: type[S], data_dir: Path, name: str, public_url: str | None) -> S:
    overrides: dict[str, Any] = {}
    # Links start with where this process is reached, unless the environment says otherwise
    # (arguments would win over the environment in pydantic-settings).
    if public_url and f"{name.upper()}_PUBLIC_URL" not in os.environ:
        overrides["public_url"] = public_url
    return cls(
        database_url=f"sqlite+aiosqlite:///{data_dir / name}.db",
        kafka_bootstrap_servers=None,
        auto_migrate=True,
        log_json=False,
        **overrides,
    )


def as_if_remote(app: ASGIApp) -> ASGIApp:
    """The gateway's in-process calls reach a service as they would over the network: in an
    OpenTelemetry context of their own, so that the service's span is a SERVER span whose parent
    is the one named by the request's `traceparent` (the gateway's CLIENT span)."""

    async def call(scope: Scope, receive: Receive, send: Send) -> None:
        token = otel_context.attach(otel_context.Context())
        try:
            await app(scope, receive, send)
        finally:
            otel_context.detach(token)

    return call


def create_embedded_app(data_dir: Path, public_url: str | None = None) -> FastAPI:
    """`public_url`: the root people reach this process at (`mentorship run`'s host and port),
    which the services' links start with; None keeps the settings' default."""
    data_dir = data_dir.resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    bus = InProcessBus()
    issuer = dev_issuer(data_dir)
    verifier = TokenVerifier(StaticKeySource(issuer.public_key_pem), issuer.issuer, issuer.audience)
    services: dict[str, FastAPI] = {
        "matching": create_matching(
            _settings(MatchingSettings, data_dir, "matching", public_url), bus, verifier
        ),
        "goals": create_goals(
            _settings(GoalsSettings, data_dir, "goals", public_url), bus, verifier
        ),
        "feedback": create_feedback(
            _settings(FeedbackSettings, data_dir, "feedback", public_url), bus, verifier
        ),
        "notifications": create_notifications(
            _settings(NotificationsSettings, data_dir, "notifications", public_url), bus, verifier
        ),
    }

    gateway = create_gateway(
        GatewaySettings(log_json=False),
        verifier=verifier,
        transports={
            name: httpx.ASGITransport(app=as_if_remote(service), raise_app_exceptions=False)
            for name, service in services.items()
        },
        bus=bus,
    )

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # One process, one `service.name`: set before the services would each set their own.
        configure_tracing("mentorship")
        # Mounted apps' lifespans do not run by themselves: enter each one here.
        async with AsyncExitStack() as stack:
            for sub_app in (*services.values(), gateway):
                await stack.enter_async_context(sub_app.router.lifespan_context(sub_app))
            yield

    app = FastAPI(
        title="mentorship (embedded)",
        version="0.1.0",
        lifespan=lifespan,
        telemetry=FRAMEWORK_TELEMETRY,
    )

    @app.get("/healthz", tags=["operations"])
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    for name, service in services.items():
        app.mount(f"/{name}", service)
    app.state.gateway = gateway
    app.mount("/", gateway)
    return app
