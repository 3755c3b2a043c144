"""The GraphQL gateway: one typed API over the four services, with live subscriptions."""

import asyncio
import contextlib
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any

import httpx
import strawberry
from fastapi import FastAPI
from opentelemetry.instrumentation.httpx import AsyncOpenTelemetryTransport
from starlette.requests import HTTPConnection, Request
from starlette.responses import HTMLResponse
from strawberry.exceptions import ConnectionRejectionError
from strawberry.fastapi import GraphQLRouter
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL

from contracts import topic_of
from gateway import graphiql
from gateway.auth import principal_from
from gateway.context import SERVICES, Context, Downstream
from gateway.limits import request_guard
from gateway.live import LiveEvents, read_bus, read_kafka
from gateway.schema import build_schema
from gateway.settings import GatewaySettings
from kit.app import install_edge
from kit.auth import JwksKeySource, StaticKeySource, TokenVerifier
from kit.errors import ProblemError, install_problem_handlers
from kit.events.bus import InProcessBus
from kit.logging import configure_logging
from kit.tracing import FRAMEWORK_TELEMETRY, SERVICE_PREFIX, configure_tracing

LIVE_PRODUCERS = ("notifications", "matching")


def make_verifier(settings: GatewaySettings) -> TokenVerifier:
    if settings.jwks_url:
        keys: Any = JwksKeySource(settings.jwks_url)
    elif settings.jwt_public_key_file:
        keys = StaticKeySource.from_file(settings.jwt_public_key_file)
    else:
        raise RuntimeError("gateway: set GATEWAY_JWKS_URL (or GATEWAY_JWT_PUBLIC_KEY_FILE)")
    return TokenVerifier(keys, settings.jwt_issuer, settings.jwt_audience)


def traced(transport: httpx.AsyncBaseTransport) -> httpx.AsyncBaseTransport:
    """A CLIENT span for every call to a service, and its W3C `traceparent` on the request, so
    that the service's span is a child of the gateway's. Wrapping the transport, rather than
    instrumenting the client in place, leaves the embedded mode's transports as they were: a
    second lifespan of the same app does not trace their calls twice."""
    return AsyncOpenTelemetryTransport(transport)


class GatewayRouter(GraphQLRouter[Context, None]):
    assets_built = False

    async def render_graphql_ide(self, request: Request) -> HTMLResponse:
        return graphiql.page(request, self.assets_built)

    async def on_ws_connect(self, context: Context) -> None:
        """Authenticate the socket once, in `connection_init`: `{"Authorization": "Bearer …"}`."""
        params = context.connection_params if isinstance(context.connection_params, dict) else {}
        authorization = params.get("Authorization") or params.get("authorization")
        try:
            context.principal = await principal_from(context.verifier, authorization)
        except ProblemError as error:
            raise ConnectionRejectionError({"message": error.detail}) from error
        if context.principal is None:
            raise ConnectionRejectionError({"message": "connection_init needs Authorization"})


def create_app(
    settings: GatewaySettings | None = None,
    *,
    verifier: TokenVerifier | None = None,
    transports: Mapping[str, httpx.AsyncBaseTransport] | None = None,
    bus: InProcessBus | None = None,
) -> FastAPI:
    """`transports` and `bus` are for the embedded mode: in-process calls and events."""
    settings = settings or GatewaySettings()
    live = LiveEvents()
    state: dict[str, Any] = {}

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        configure_logging(settings.log_level, settings.log_json)
        configure_tracing(SERVICE_PREFIX + "gateway")
        state["verifier"] = verifier or make_verifier(settings)
        timeout = httpx.Timeout(settings.downstream_timeout_seconds)
        clients = {
            name: httpx.AsyncClient(
                base_url=f"http://{name}" if transports else getattr(settings, f"{name}_url"),
                transport=traced(transports[name] if transports else httpx.AsyncHTTPTransport()),
                timeout=timeout,
            )
            for name in SERVICES
        }
        state["downstream"] = Downstream(
            http=clients, cohort_timeout=settings.cohort_timeout_seconds
        )
        app.state.downstream = state["downstream"]
        app.state.live = live
        topics = [topic_of(p, settings.topic_namespace) for p in LIVE_PRODUCERS]
        reader = None
        if bus is not None:
            reader = asyncio.create_task(read_bus(live, bus, topics))
        elif settings.kafka_bootstrap_servers:
            reader = asyncio.create_task(read_kafka(live, settings.kafka_bootstrap_servers, topics))
        try:
            yield
        finally:
            if reader is not None:
                reader.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await reader
            for client in clients.values():
                await client.aclose()

    async def get_context(connection: HTTPConnection) -> Context:
        principal = None
        if connection.scope["type"] == "http":
            principal = await principal_from(
                state["verifier"], connection.headers.get("authorization")
            )
        context = Context(state["downstream"], live, principal)
        context.verifier = state["verifier"]
        return context

    schema: strawberry.Schema = build_schema(settings)
    app = FastAPI(
        title="mentorship gateway",
        version="0.1.0",
        lifespan=lifespan,
        telemetry=FRAMEWORK_TELEMETRY,
    )
    install_problem_handlers(app)
    app.middleware("http")(request_guard(settings))
    install_edge(app, settings, service="gateway", verifier_of=lambda _: state.get("verifier"))
    router = GatewayRouter(
        schema,
        context_getter=get_context,
        subscription_protocols=[GRAPHQL_TRANSPORT_WS_PROTOCOL],
        graphql_ide=None if settings.production else "graphiql",
        multipart_uploads_enabled=False,
    )
    if not settings.production:
        router.assets_built = graphiql.mount_assets(app)
    app.include_router(router, prefix="/graphql")

    @app.get("/healthz", tags=["operations"])
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app
