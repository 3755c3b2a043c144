"""The feedback service: two-way feedback, surveys, relationship health and program insights."""

from pathlib import Path

from fastapi import FastAPI

from feedback.consumers import CONSUMERS
from feedback.health.endpoints import router as health_router
from feedback.insights.endpoints import router as insights_router
from feedback.models import Base, platform
from feedback.outcomes.endpoints import router as outcomes_router
from feedback.population.endpoints import router as population_router
from feedback.privacy.endpoints import router as privacy_router
from feedback.programs.endpoints import router as programs_router
from feedback.requests.endpoints import router as requests_router
from feedback.settings import FeedbackSettings
from feedback.surveys.endpoints import router as surveys_router
from feedback.surveys.lifecycle import JOBS
from feedback.viewer.endpoints import router as viewer_router
from kit.app import create_service_app
from kit.audit.endpoints import router as audit_router
from kit.auth import TokenVerifier
from kit.events.bus import InProcessBus
from kit.runtime import ServiceDefinition

DEFINITION = ServiceDefinition(
    name="feedback",
    metadata=Base.metadata,
    tables=platform,
    migrations_dir=Path(__file__).resolve().parents[2] / "migrations",
    consumers=CONSUMERS,
    jobs=JOBS,
)


def create_app(
    settings: FeedbackSettings | None = None,
    bus: InProcessBus | None = None,
    verifier: TokenVerifier | None = None,
) -> FastAPI:
    return create_service_app(
        DEFINITION,
        settings or FeedbackSettings(),
        [
            requests_router,
            programs_router,
            surveys_router,
            health_router,
            insights_router,
            population_router,
            outcomes_router,
            viewer_router,
            audit_router,
            privacy_router,
        ],
        bus=bus,
        verifier=verifier,
    )
