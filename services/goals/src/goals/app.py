"""The goals service: SMART goals, milestones and progress, check-ins on a cadence, calendar
feeds, resources and training; it learns about matches from matching's events."""

from dataclasses import replace
from pathlib import Path

from fastapi import FastAPI

from goals.calendar.endpoints import router as calendar_router
from goals.checkins.endpoints import router as checkins_router
from goals.consumers import make_consumers
from goals.goals.endpoints import router as goals_router
from goals.jobs import make_jobs
from goals.matches.endpoints import router as matches_router
from goals.models import Base, platform
from goals.privacy.endpoints import router as privacy_router
from goals.resources.endpoints import router as resources_router
from goals.settings import GoalsSettings
from goals.viewer.endpoints import router as viewer_router
from kit.app import create_service_app
from kit.audit.endpoints import router as audit_router
from kit.auth import TokenVerifier
from kit.events.bus import InProcessBus
from kit.runtime import ServiceDefinition

_DEFAULTS = GoalsSettings()
DEFINITION = ServiceDefinition(
    name="goals",
    metadata=Base.metadata,
    tables=platform,
    migrations_dir=Path(__file__).resolve().parents[2] / "migrations",
    consumers=make_consumers(_DEFAULTS),
    jobs=make_jobs(_DEFAULTS),
)
ROUTERS = [
    matches_router,
    goals_router,
    checkins_router,
    calendar_router,
    resources_router,
    viewer_router,
    audit_router,
    privacy_router,
]


def create_app(
    settings: GoalsSettings | None = None,
    bus: InProcessBus | None = None,
    verifier: TokenVerifier | None = None,
) -> FastAPI:
    settings = settings or GoalsSettings()
    definition = replace(DEFINITION, consumers=make_consumers(settings), jobs=make_jobs(settings))
    return create_service_app(definition, settings, ROUTERS, bus=bus, verifier=verifier)
