"""The FastAPI app of a service: lifespan, operations endpoints, problem details, metrics."""

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Annotated

import structlog
from fastapi import APIRouter, Depends, FastAPI, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy.ext.asyncio import AsyncSession

from kit import metrics
from kit.auth import TokenVerifier
from kit.edge import EdgeGuard, VerifierOf, app_verifier
from kit.errors import install_problem_handlers, problem
from kit.events.bus import InProcessBus
from kit.logging import configure_logging
from kit.nul import refuse_nul
from kit.runtime import Runtime, ServiceDefinition, make_verifier, start_runtime
from kit.settings import EdgeSettings, ServiceSettings
from kit.tracing import FRAMEWORK_TELEMETRY, SERVICE_PREFIX, configure_tracing, instrument_app

log = structlog.get_logger(__name__)

# What any operation may answer besides its own results, all as application/problem+json: the
# edge refuses before routing (413, 429, 431, 401), the handlers map ProblemError and
# validation (400, 403, 404, 409, 422), a lost database is 503. Documented once for every
# operation so that a client (and the fuzz tier) may rely on "every status is documented".
GENERIC_RESPONSES: dict[int | str, dict[str, object]] = {
    status: {"description": f"{what} (application/problem+json)"}
    for status, what in (
        (400, "Malformed request"),
        (401, "Missing, expired or invalid token"),
        (403, "Not allowed"),
        (404, "Not found (or not visible to the caller)"),
        (409, "Conflict with the object's current state"),
        (413, "Request body too large"),
        (422, "Validation failed"),
        (429, "Rate limited (see Retry-After and RateLimit headers)"),
        (431, "Request header fields too large"),
        (503, "Database unavailable"),
    )
}


def create_service_app(
    definition: ServiceDefinition,
    settings: ServiceSettings,
    routers: Sequence[APIRouter],
    *,
    bus: InProcessBus | None = None,
    verifier: TokenVerifier | None = None,
    title: str | None = None,
    own_auth: tuple[str, ...] = (),
) -> FastAPI:
    """The service's app. Routes under the `own_auth` path prefixes authenticate with a secret
    of their own rather than a user's JWT (matching's SCIM API): the edge does not verify it."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        configure_logging(settings.log_level, settings.log_json)
        configure_tracing(SERVICE_PREFIX + definition.name)
        runtime = await start_runtime(definition, settings, bus, migrate=settings.auto_migrate)
        app.state.runtime = runtime
        app.state.verifier = verifier or make_verifier(settings)
        if app.state.verifier is None:
            await runtime.stop()
            raise RuntimeError(
                f"{definition.name}: no token keys configured: set "
                f"{definition.name.upper()}_JWKS_URL (or _JWT_PUBLIC_KEY_FILE for development)"
            )
        log.info("service_started", service=definition.name)
        try:
            yield
        finally:
            await runtime.stop()
            log.info("service_stopped", service=definition.name)

    app = FastAPI(
        title=title or f"mentorship {definition.name}",
        version="0.1.0",
        lifespan=lifespan,
        telemetry=FRAMEWORK_TELEMETRY,
        responses=GENERIC_RESPONSES,
        dependencies=[Depends(refuse_nul)],
    )
    install_problem_handlers(app)
    install_edge(app, settings, service=definition.name, own_auth=own_auth)
    app.include_router(_operations_router())
    for router in routers:
        app.include_router(router)
    return app


def _operations_router() -> APIRouter:
    router = APIRouter(tags=["operations"])

    @router.get("/healthz", summary="The process is alive")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @router.get("/readyz", summary="Database reachable and consumers running")
    async def readyz(request: Request) -> Response:
        runtime: Runtime = request.app.state.runtime
        checks, detail = await runtime.readiness()
        if all(checks.values()):
            return Response('{"status":"ready"}', media_type="application/json")
        return problem(503, "not-ready", "Not ready", detail, checks=checks)

    @router.get("/metrics", summary="Prometheus metrics", include_in_schema=False)
    async def prometheus() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return router


def install_edge(
    app: FastAPI,
    settings: EdgeSettings,
    *,
    service: str,
    verifier_of: VerifierOf = app_verifier,
    own_auth: tuple[str, ...] = (),
) -> None:
    """The middleware of every HTTP process, outermost first: request metrics (pure ASGI), the
    edge's cheap refusals (headers 431, declared size 413, rate 429, one token check), then
    server spans when tracing is on. Bodies are counted while they stream in against
    `settings.max_body_bytes` or the route's own `max_body_size=` (413)."""
    instrument_app(app)
    app.add_middleware(EdgeGuard, settings=settings, verifier_of=verifier_of, own_auth=own_auth)
    app.add_middleware(metrics.RequestMetrics, service=service)


_READS = frozenset({"GET", "HEAD"})


async def _session(request: Request) -> AsyncIterator[AsyncSession]:
    """The request's one transaction: committed when the endpoint returns, else rolled back.
    A GET or HEAD only reads: it gets the runtime's reading sessions (no transaction on
    PostgreSQL, one round trip per query; `kit.runtime.reading_sessions`)."""
    runtime: Runtime = request.app.state.runtime
    sessions = runtime.sessions
    if request.method in _READS and runtime.read_sessions is not None:
        sessions = runtime.read_sessions
    async with sessions() as session:
        try:
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            raise


SessionDep = Annotated[AsyncSession, Depends(_session, scope="function")]
