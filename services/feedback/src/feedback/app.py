"""The feedback service: its domain arrives in its own issue; the platform parts run already."""

from pathlib import Path

from fastapi import FastAPI

from feedback.consumers import CONSUMERS
from feedback.models import Base, platform
from feedback.settings import FeedbackSettings
from kit.app import create_service_app
from kit.auth import TokenVerifier
from kit.events.bus import InProcessBus
from kit.runtime import ServiceDefinition

DEFINITION = ServiceDefinition(
    name="feedback",
    metadata=Base.metadata,
    tables=platform,
    migrations_dir=Path(__file__).resolve().parents[2] / "migrations",
    consumers=CONSUMERS,
)


def create_app(
    settings: FeedbackSettings | None = None,
    bus: InProcessBus | None = None,
    verifier: TokenVerifier | None = None,
) -> FastAPI:
    return create_service_app(
        DEFINITION,
        settings or FeedbackSettings(),
        [],
        bus=bus,
        verifier=verifier,
    )
