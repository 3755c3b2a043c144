"""The GraphQL gateway: one typed API over the four services, with live subscriptions."""

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any

import httpx
import strawberry
import structlog
from cross_web import AsyncHTTPRequestAdapter
from fastapi import FastAPI
from opentelemetry.instrumentation.httpx import AsyncOpenTelemetryTransport
from opentelemetry.propagate import inject
from starlette.requests import HTTPConnection, Request
from starlette.responses import HTMLResponse
from strawberry.exceptions import ConnectionRejectionError
from strawberry.fastapi import GraphQLRouter
from strawberry.http import GraphQLRequestData
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import ConnectionInitMessage

from contracts import topic_of
from gateway import graphiql, public_links
from gateway.audit import export as audit_export
from gateway.auth import RememberedTokens, expires_at, principal_from
from gateway.context import SERVICES, Context, Downstream
from gateway.documents import DocumentRefusedError, Documents
from gateway.limits import RequestGuard, bounds_of
from gateway.live import LiveEvents, read_bus, read_kafka
from gateway.privacy import archive as privacy_archive
from gateway.schema import build_schema
from gateway.settings import GatewaySettings
from kit.app import install_edge
from kit.auth import JwksKeySource, StaticKeySource, TokenVerifier
from kit.errors import ProblemError, UnauthorizedError, install_problem_handlers
from kit.events.bus import InProcessBus
from kit.logging import configure_logging
from kit.tracing import FRAMEWORK_TELEMETRY, SERVICE_PREFIX, configure_tracing

log = structlog.get_logger(__name__)

LIVE_PRODUCERS = ("notifications", "matching")
GRAPHQL_PATH = "/graphql"


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


class Propagating(httpx.AsyncBaseTransport):
    """While no spans are recorded (no tracer provider), a CLIENT span per call would cost
    for nothing; the caller's trace context, when a request brought one, still goes on to the
    service, which keeps a trace whole across a gateway that does not record."""

    def __init__(self, transport: httpx.AsyncBaseTransport) -> None:
        self._transport = transport

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        inject(request.headers)
        return await self._transport.handle_async_request(request)

    async def aclose(self) -> None:
        await self._transport.aclose()


class GatewayTransportWSHandler(BaseGraphQLTransportWSHandler[Context, None]):
    """A socket lives no longer than its token: at the token's expiry its operations end and
    the socket closes with 4401 (the client reconnects with a fresh token)."""

    _expiry: asyncio.Task[None] | None = None

    async def handle_connection_init(self, message: ConnectionInitMessage) -> None:
        await super().handle_connection_init(message)
        deadline = self.context.expires_at
        if self.connection_acknowledged and deadline is not None and self._expiry is None:
            self._expiry = asyncio.create_task(self._close_at(deadline))

    async def _close_at(self, deadline: float) -> None:
        await asyncio.sleep(max(0.0, deadline - time.time()))
        for operation_id in list(self.operations):
            await self.cleanup_operation(operation_id)
        with contextlib.suppress(Exception):  # the client may be gone already
            await self.websocket.close(code=4401, reason="Token expired")

    async def shutdown(self) -> None:
        if self._expiry is not None:
            self._expiry.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._expiry
        await super().shutdown()


class GatewayRouter(GraphQLRouter[Context, None]):
    assets_built = False
    documents: Documents | None = None
    max_selections = 0
    graphql_transport_ws_handler_class = GatewayTransportWSHandler

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
        context.expires_at = expires_at(context.principal)

    async def parse_http_body(
        self, request: AsyncHTTPRequestAdapter
    ) -> GraphQLRequestData | list[GraphQLRequestData]:
        """Refuse, with a 400, a request whose documents cost more than their bounds, before
        any of them is validated (`documents`); the same document is then served from the
        cache to the execution."""
        data = await super().parse_http_body(request)
        if self.documents is None:
            return data
        selections = 0
        for item in data if isinstance(data, list) else [data]:
            if not isinstance(item.query, str):
                continue
            entry = self.documents.get(item.query)
            if entry.refusal is not None:
                raise entry.refusal
            selections += entry.selections
        if selections > self.max_selections:
            raise DocumentRefusedError(
                f"A request may select {self.max_selections} fields at most, in all of its "
                "operations.",
                "selections",
            )
        return data


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
        recording = configure_tracing(SERVICE_PREFIX + "gateway") is not None
        wrap = traced if recording else Propagating
        state["verifier"] = RememberedTokens(
            verifier or make_verifier(settings), settings.token_cache_seconds
        )
        timeout = httpx.Timeout(settings.downstream_timeout_seconds)
        # Every connection may stay open between requests: with httpx's default of 20 kept
        # alive, a busier gateway opened and closed connections to the services all the time.
        limits = httpx.Limits(
            max_connections=settings.downstream_max_connections,
            max_keepalive_connections=settings.downstream_max_connections,
            keepalive_expiry=settings.downstream_keepalive_seconds,
        )
        clients = {
            name: httpx.AsyncClient(
                base_url=f"http://{name}" if transports else getattr(settings, f"{name}_url"),
                # `limits` belong to the transport: a client given one ignores its own.
                transport=wrap(
                    transports[name] if transports else httpx.AsyncHTTPTransport(limits=limits)
                ),
                timeout=timeout,
            )
            for name in SERVICES
        }
        state["downstream"] = Downstream(
            http=clients,
            cohort_timeout=settings.cohort_timeout_seconds,
            recheck_seconds=settings.subscription_recheck_seconds,
        )
        app.state.downstream = state["downstream"]
        app.state.verifier = state["verifier"]  # for REST routes' `CurrentUser`
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
        """Authentication comes first: an HTTP request without a valid token is refused (401)
        before its body is read or any GraphQL work is done. Only GraphiQL's page (a GET
        without a query) is served to anyone; the page takes its token from `?token=`.
        Websockets authenticate in `connection_init` (`GatewayRouter.on_ws_connect`)."""
        principal = None
        if connection.scope["type"] == "http":
            principal = await principal_from(
                state["verifier"], connection.headers.get("authorization")
            )
            if principal is None and not _ide_page(connection):
                raise UnauthorizedError("Sign in first: a bearer token is required.")
        context = Context(state["downstream"], live, principal)
        context.verifier = state["verifier"]
        return context

    documents = Documents(bounds_of(settings), settings.document_cache_chars)
    schema: strawberry.Schema = build_schema(settings, documents)
    app = FastAPI(
        title="mentorship gateway",
        version="0.1.0",
        lifespan=lifespan,
        telemetry=FRAMEWORK_TELEMETRY,
    )
    install_problem_handlers(app)
    app.add_middleware(
        RequestGuard,
        max_body_bytes=settings.max_request_bytes,
        max_message_bytes=settings.max_ws_message_bytes,
        graphql_path=GRAPHQL_PATH,
    )
    install_edge(app, settings, service="gateway", verifier_of=lambda _: state.get("verifier"))
    router = GatewayRouter(
        schema,
        context_getter=get_context,
        subscription_protocols=[GRAPHQL_TRANSPORT_WS_PROTOCOL],
        graphql_ide=None if settings.production else "graphiql",
        multipart_uploads_enabled=False,
    )
    router.documents = documents
    router.max_selections = settings.max_selections
    if not settings.production:
        router.assets_built = graphiql.mount_assets(app)
    app.include_router(router, prefix=GRAPHQL_PATH)
    app.include_router(public_links.router)
    app.include_router(audit_export.router)
    app.include_router(privacy_archive.router)
    app.state.documents = documents

    @app.get("/healthz", tags=["operations"])
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app


def _ide_page(connection: HTTPConnection) -> bool:
    return connection.scope.get("method") == "GET" and "query" not in connection.query_params
