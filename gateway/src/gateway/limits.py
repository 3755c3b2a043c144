"""What keeps one client from hurting others: depth, alias, token and batch limits, no
introspection or suggestions in production, masked unexpected errors, bounded request bodies,
and no mutations through cross-site "simple" requests."""

from collections.abc import Awaitable, Callable
from typing import Any

import structlog
from graphql import GraphQLError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from strawberry.extensions import (
    DisableIntrospection,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)

from gateway.clients.base import ServiceError
from gateway.context import NotAuthenticatedError
from gateway.settings import GatewaySettings
from kit.errors import ProblemError
from kit.tracing import current_traceparent, trace_id_of

log = structlog.get_logger(__name__)

# Errors a client may read as they are; anything else is masked. A service's 4xx answer to a
# query (a bad argument, say) is the client's to read; mutations turn them into union results.
READABLE = (NotAuthenticatedError, ProblemError, ServiceError)


def should_mask_error(error: GraphQLError) -> bool:
    original = error.original_error
    if original is None or isinstance(original, READABLE):
        return False  # validation and limit errors, or errors meant for the client
    trace_id = trace_id_of(current_traceparent())
    log.error(
        "unexpected_graphql_error",
        trace_id=trace_id,
        path=error.path,
        error=repr(original),
        exc_info=original,
    )
    return True


def extensions(settings: GatewaySettings) -> list[Callable[[], SchemaExtension]]:
    chosen: list[Callable[[], SchemaExtension]] = [
        lambda: QueryDepthLimiter(max_depth=settings.max_depth),
        lambda: MaxAliasesLimiter(max_alias_count=settings.max_aliases),
        lambda: MaxTokensLimiter(max_token_count=settings.max_tokens),
        lambda: MaskErrors(
            should_mask_error=should_mask_error,
            error_message="Unexpected error; it has been logged.",
        ),
    ]
    if settings.production:
        chosen.append(DisableIntrospection)
    return chosen


SIMPLE_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data", "text/plain")


def request_guard(settings: GatewaySettings) -> Callable[..., Awaitable[Response]]:
    """Refuse oversized bodies (413) and cross-site "simple" POSTs, which skip CORS preflight."""

    async def guard(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        if request.method == "POST" and request.url.path.startswith("/graphql"):
            content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if content_type in SIMPLE_CONTENT_TYPES or not content_type:
                return _refuse(415, "Send GraphQL as application/json.")
            declared = request.headers.get("content-length")
            if declared is not None and int(declared) > settings.max_request_bytes:
                return _refuse(413, f"Requests are limited to {settings.max_request_bytes} bytes.")
            body = await request.body()
            if len(body) > settings.max_request_bytes:
                return _refuse(413, f"Requests are limited to {settings.max_request_bytes} bytes.")
        return await call_next(request)

    return guard


def _refuse(status: int, message: str) -> Response:
    body: dict[str, Any] = {"errors": [{"message": message}]}
    return JSONResponse(body, status_code=status)
