"""The matching service: programs, participants, scores, matching runs and matches."""

from pathlib import Path

from fastapi import FastAPI

from kit.app import create_service_app
from kit.audit.endpoints import router as audit_router
from kit.auth import TokenVerifier
from kit.events.bus import InProcessBus
from kit.runtime import ServiceDefinition
from matching.circles.endpoints import router as circles_router
from matching.consumers import CONSUMERS
from matching.directory.endpoints import router as directory_router
from matching.engine.cohort import warm_up
from matching.learning.endpoints import router as learning_router
from matching.matches import service as match_service
from matching.matches.endpoints import router as matches_router
from matching.models import Base, platform
from matching.participants.endpoints import router as participants_router
from matching.privacy import retention
from matching.privacy.endpoints import router as privacy_router
from matching.programs.endpoints import router as programs_router
from matching.runs import service as run_service
from matching.runs.endpoints import router as runs_router
from matching.scim import errors as scim_errors
from matching.scim import openapi as scim_openapi
from matching.scim.endpoints import router as scim_credentials_router
from matching.scim.endpoints import scim_router
from matching.scoring.endpoints import router as scoring_router
from matching.settings import MatchingSettings
from matching.viewer.endpoints import router as viewer_router

DEFINITION = ServiceDefinition(
    name="matching",
    metadata=Base.metadata,
    tables=platform,
    migrations_dir=Path(__file__).resolve().parents[2] / "migrations",
    consumers=CONSUMERS,
    jobs={
        match_service.START: match_service.start_when_due,
        run_service.COMPUTE: run_service.compute_when_due,
        retention.RETENTION: retention.apply,
    },
    warm_up=warm_up,
)


def create_app(
    settings: MatchingSettings | None = None,
    bus: InProcessBus | None = None,
    verifier: TokenVerifier | None = None,
) -> FastAPI:
    app = create_service_app(
        DEFINITION,
        settings or MatchingSettings(),
        [
            programs_router,
            participants_router,
            scoring_router,
            runs_router,
            learning_router,
            matches_router,
            circles_router,
            directory_router,
            viewer_router,
            audit_router,
            privacy_router,
            scim_credentials_router,
            scim_router,
        ],
        bus=bus,
        verifier=verifier,
        own_auth=(scim_router.prefix + "/",),
    )
    scim_errors.install(app, scim_router.prefix)
    scim_openapi.install(app)
    return app
