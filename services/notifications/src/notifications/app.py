"""The notifications service: reactions to every domain event, the in-app inbox, email, Slack,
signed enterprise webhooks, preferences, digests and reminders."""

import dataclasses
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from fastapi import FastAPI

from kit.app import create_service_app
from kit.audit.endpoints import router as audit_router
from kit.auth import TokenVerifier
from kit.db import utcnow
from kit.events.bus import InProcessBus
from kit.runtime import ServiceDefinition
from notifications.consumers import CONSUMERS, build_consumers
from notifications.deliveries.endpoints import router as deliveries_router
from notifications.deps import Deps
from notifications.inbox.endpoints import router as inbox_router
from notifications.jobs import build_jobs
from notifications.models import Base, platform
from notifications.preferences.endpoints import router as preferences_router
from notifications.privacy.endpoints import router as privacy_router
from notifications.programs.endpoints import router as programs_router
from notifications.settings import NotificationsSettings
from notifications.unsubscribe.endpoints import router as unsubscribe_router
from notifications.webhooks.endpoints import router as webhooks_router
from notifications.webhooks.targets import Resolver, system_resolve

DEFINITION = ServiceDefinition(
    name="notifications",
    metadata=Base.metadata,
    tables=platform,
    migrations_dir=Path(__file__).resolve().parents[2] / "migrations",
    consumers=CONSUMERS,
    jobs=build_jobs(Deps(NotificationsSettings())),
)


def create_app(
    settings: NotificationsSettings | None = None,
    bus: InProcessBus | None = None,
    verifier: TokenVerifier | None = None,
    clock: Callable[[], datetime] = utcnow,
    resolve: Resolver = system_resolve,
) -> FastAPI:
    """`clock` decides every "now" of the service's scheduling (tests move it by hand);
    `resolve` turns webhook and Slack host names into addresses (tests answer for fake names)."""
    deps = Deps(settings or NotificationsSettings(), clock, resolve=resolve)
    definition = dataclasses.replace(
        DEFINITION, consumers=build_consumers(deps), jobs=build_jobs(deps)
    )
    app = create_service_app(
        definition,
        deps.settings,
        [
            inbox_router,
            preferences_router,
            deliveries_router,
            webhooks_router,
            programs_router,
            unsubscribe_router,
            audit_router,
            privacy_router,
        ],
        bus=bus,
        verifier=verifier,
    )
    app.state.notifications = deps
    app.state.definition = definition
    return app
