"""The edge of every HTTP process: the cheap refusals, before any token is checked or any body
is read. A pure ASGI middleware (no task per request):

1. request line and headers over their byte or count limit: 431;
2. a declared `Content-Length` over the largest body any route accepts: 413. Bodies are then
   counted as they stream in, chunked ones too, against `max_body_bytes` or the route's own
   limit (FastAPI's `max_body_size=`, as the CSV import declares it): 413 at the first byte
   over, before anything parses them;
3. the caller over its rate budget (`kit.ratelimit`): 429. The bearer token is verified here,
   once: the outcome is remembered for the request (`kit.auth.verified_for_this_request`), so
   the endpoint's dependency does not verify it again.

Probes and scrapes (`/healthz`, `/readyz`, `/metrics`) are never limited.
"""

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from starlette.exceptions import HTTPException
from starlette.middleware.body_limit import MAX_BODY_SIZE_SCOPE_KEY
from starlette.routing import BaseRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kit.auth import OutcomeVerifier, Principal, bearer_token, verified_for_this_request
from kit.errors import problem
from kit.ratelimit import RateLimiter, Refusal
from kit.settings import EdgeSettings

PROBES = frozenset({"/healthz", "/readyz", "/metrics"})


class BodyTooLargeError(HTTPException):
    """413: an HTTPException, so that FastAPI re-raises it from body parsing to the handlers."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"Request bodies are limited to {limit} bytes here.")


VerifierOf = Callable[[Scope], OutcomeVerifier | None]


def app_verifier(scope: Scope) -> OutcomeVerifier | None:
    """A service's verifier: set on `app.state` by its lifespan."""
    app = scope.get("app")
    return getattr(getattr(app, "state", None), "verifier", None)


class EdgeGuard:
    def __init__(
        self,
        app: ASGIApp,
        settings: EdgeSettings,
        verifier_of: VerifierOf = app_verifier,
        exempt: frozenset[str] = PROBES,
        own_auth: tuple[str, ...] = (),
    ) -> None:
        self.app = app
        self.settings = settings
        self.verifier_of = verifier_of
        self.exempt = exempt
        self.own_auth = own_auth
        """Path prefixes whose routes check a bearer secret of their own (SCIM): it is not a
        JWT, so it is not verified here and the request counts as one without a token."""
        self.limiter = RateLimiter(settings) if settings.rate_limit_enabled else None
        self._body_ceiling: int | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        refusal = self._head_refusal(scope)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        if scope["type"] != "http" or _route_path(scope) in self.exempt:
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.settings.max_body_bytes:
            ceiling = self._largest_body(scope)
            if declared > ceiling:
                await problem(
                    413,
                    "payload-too-large",
                    "Payload too large",
                    f"Request bodies are limited to {ceiling} bytes.",
                )(scope, receive, send)
                return
        token = bearer_token(_header(scope, b"authorization"))
        if token is not None and self.own_auth and _route_path(scope).startswith(self.own_auth):
            token = None
        verifier = self.verifier_of(scope) if token else None
        if token is None or verifier is None:
            limited = self._spend_anonymous(scope)
            if limited is not None:
                await limited.response()(scope, receive, send)
                return
            await self._call(scope, receive, send, declared)
            return
        outcome = await verifier.outcome(token)
        limited = self._spend_authenticated(scope, outcome)
        if limited is not None:
            await limited.response()(scope, receive, send)
            return
        with verified_for_this_request(verifier, token, outcome):
            await self._call(scope, receive, send, declared)

    async def _call(self, scope: Scope, receive: Receive, send: Send, declared: int | None) -> None:
        if declared is None and _header(scope, b"transfer-encoding") is None:
            await self.app(scope, receive, send)  # no body
            return
        received = 0
        started = False

        async def counted_receive() -> Message:
            nonlocal received
            # A route's own limit (`max_body_size=`) is in the scope once it is routed.
            limit = scope.get(MAX_BODY_SIZE_SCOPE_KEY, self.settings.max_body_bytes)
            if declared is not None and declared > limit:
                raise BodyTooLargeError(limit)
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLargeError(limit)
            return message

        async def noting_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted_receive, noting_send)
        except BodyTooLargeError as error:
            # Inside FastAPI the problem handlers answer it; this is for readers outside it
            # (a middleware reading the body).
            if started:
                raise
            await problem(413, "payload-too-large", "Payload too large", error.detail)(
                scope, receive, send
            )

    def _head_refusal(self, scope: Scope) -> Any:
        headers: Sequence[tuple[bytes, bytes]] = scope["headers"]
        if len(headers) > self.settings.max_header_count:
            detail = f"At most {self.settings.max_header_count} request headers are accepted."
        else:
            size = len(scope.get("raw_path") or b"") + len(scope.get("query_string") or b"")
            size += sum(len(name) + len(value) + 4 for name, value in headers)
            if size <= self.settings.max_header_bytes:
                return None
            detail = (
                f"The request line and headers are limited to {self.settings.max_header_bytes} "
                "bytes."
            )
        return problem(431, "headers-too-large", "Request header fields too large", detail)

    def _spend_anonymous(self, scope: Scope) -> Refusal | None:
        if self.limiter is None:
            return None
        address = _client_address(scope)
        return self.limiter.spend(self.limiter.address, address) or self.limiter.spend(
            self.limiter.anonymous, address
        )

    def _spend_authenticated(self, scope: Scope, outcome: object) -> Refusal | None:
        if self.limiter is None:
            return None
        address = _client_address(scope)
        refused = self.limiter.spend(self.limiter.address, address)
        if refused is not None:
            return refused
        if isinstance(outcome, Principal):
            # A user id is unique within its org only: count the pair.
            who = f"{outcome.org_id}\x1f{outcome.user_id}"
            return self.limiter.spend(self.limiter.principal, who)
        return self.limiter.spend(self.limiter.failed_auth, address)

    def _largest_body(self, scope: Scope) -> int:
        if self._body_ceiling is None:
            app = scope.get("app")
            routes = getattr(getattr(app, "router", None), "routes", ())
            self._body_ceiling = max([self.settings.max_body_bytes, *declared_body_limits(routes)])
        return self._body_ceiling


def declared_body_limits(routes: Sequence[BaseRoute]) -> Iterator[int]:
    """The `max_body_size` of every route and router under `routes` (FastAPI keeps included
    routers as wrappers around the original router)."""
    for route in routes:
        limit = getattr(route, "max_body_size", None)
        if isinstance(limit, int):
            yield limit
        router = getattr(route, "original_router", None)
        if router is not None:
            limit = getattr(router, "max_body_size", None)
            if isinstance(limit, int):
                yield limit
            yield from declared_body_limits(getattr(router, "routes", ()))


def _route_path(scope: Scope) -> str:
    path: str = scope["path"]
    root: str = scope.get("root_path", "")
    return path[len(root) :] if root and path.startswith(root) else path


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            try:
                return str(value.decode("latin-1"))
            except UnicodeDecodeError:  # pragma: no cover - latin-1 decodes every byte
                return None
    return None


def _content_length(scope: Scope) -> int | None:
    value = _header(scope, b"content-length")
    if value is None or not value.strip().isdigit():
        return None
    return int(value)


def _client_address(scope: Scope) -> str:
    client = scope.get("client")
    return str(client[0]) if client else "unknown"
