"""The notifications service: reactions to every domain event, the in-app inbox."""

from pathlib import Path

from fastapi import FastAPI

from kit.app import create_service_app
from kit.auth import TokenVerifier
from kit.events.bus import InProcessBus
from kit.runtime import ServiceDefinition
from notifications.consumers import CONSUMERS
from notifications.inbox.endpoints import router as inbox_router
from notifications.models import Base, platform
from notifications.settings import NotificationsSettings

DEFINITION = ServiceDefinition(
    name="notifications",
    metadata=Base.metadata,
    tables=platform,
    migrations_dir=Path(__file__).resolve().parents[2] / "migrations",
    consumers=CONSUMERS,
)


def create_app(
    settings: NotificationsSettings | None = None,
    bus: InProcessBus | None = None,
    verifier: TokenVerifier | None = None,
) -> FastAPI:
    return create_service_app(
        DEFINITION,
        settings or NotificationsSettings(),
        [inbox_router],
        bus=bus,
        verifier=verifier,
    )
