"""What keeps one client from hurting others: bounded documents (checked before validation,
see `documents`), depth, alias, token and batch limits, documents parsed and validated once, no
introspection or suggestions in production, masked unexpected errors, and request bodies and
websocket messages bounded while they arrive."""

from collections.abc import Callable, Iterator
from typing import Any

import structlog
from graphql import (
    DocumentNode,
    FieldNode,
    GraphQLError,
    GraphQLSchema,
    NameNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    validate,
)
from graphql.validation import ASTValidationRule
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.validation_rules.maybe_null import MaybeNullValidationRule
from strawberry.schema.validation_rules.one_of import OneOfInputValidationRule

from gateway.clients.base import ServiceError
from gateway.context import NotAuthenticatedError
from gateway.documents import DocumentBounds, Documents, Entry
from gateway.errors import ErrorCodes
from gateway.ids import UuidIdsRule, variable_id_errors
from gateway.settings import GatewaySettings
from kit.errors import ProblemError, problem
from kit.tracing import current_traceparent, trace_id_of

log = structlog.get_logger(__name__)

# Errors a client may read as they are; anything else is masked. A service's 4xx answer to a
# query (a bad argument, say) is the client's to read; mutations turn them into union results.
# graphql-core's own errors about the request's variables are the client's too.
READABLE = (NotAuthenticatedError, ProblemError, ServiceError, GraphQLError)


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


def bounds_of(settings: GatewaySettings) -> DocumentBounds:
    return DocumentBounds(
        max_chars=settings.max_document_chars,
        max_tokens=settings.max_tokens,
        max_selections=settings.max_selections,
        max_repeats=settings.max_repeated_fields,
    )


def validate_document(
    schema: GraphQLSchema,
    document: DocumentNode,
    rules: tuple[type[ASTValidationRule], ...],
    hide_suggestions: bool,
) -> list[GraphQLError]:
    """Strawberry's validation (its own two rules added), with or without suggestions."""
    return validate(
        schema,
        document,
        (*rules, MaybeNullValidationRule, OneOfInputValidationRule),
        hide_suggestions=hide_suggestions,
    )


def _stand_in(operation_name: str | None) -> DocumentNode:
    """A document standing in for a refused one, so that strawberry reports the refusal as a
    pre-execution error (an `error` message on a websocket) without parsing it again."""
    operation = OperationDefinitionNode(
        operation=OperationType.QUERY,
        name=NameNode(value=operation_name) if operation_name else None,
        variable_definitions=(),
        directives=(),
        selection_set=SelectionSetNode(selections=(FieldNode(name=NameNode(value="__typename")),)),
    )
    return DocumentNode(definitions=(operation,))


class CachedDocuments(SchemaExtension):
    """Parse from the cache, refuse a document over its bounds before validation, and validate
    each query text once. Every transport runs through it (HTTP, where the router has already
    refused such documents with a 400, and the websocket's `subscribe`)."""

    def __init__(self, documents: Documents, hide_suggestions: bool) -> None:
        self.documents = documents
        self.hide_suggestions = hide_suggestions
        self._entry: Entry | None = None

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        query = context.query
        if isinstance(query, str) and query and context.graphql_document is None:
            entry = self.documents.get(query)
            if entry.refusal is not None:
                context.graphql_document = _stand_in(context.operation_name)
                context.pre_execution_errors = [entry.refusal.as_graphql_error()]
            elif entry.document is not None:
                context.graphql_document = entry.document
                self._entry = entry
            # else a syntax error: strawberry's own parse (token-limited) reports it
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        entry = self._entry
        if entry is not None and context.pre_execution_errors is None:
            errors = entry.validated(
                lambda document: validate_document(
                    context.schema._schema,
                    document,
                    context.validation_rules,
                    self.hide_suggestions,
                )
            )
            # A copy: the cached list is shared by every request with this query text.
            context.pre_execution_errors = list(errors)
        yield


def extensions(
    settings: GatewaySettings, documents: Documents
) -> list[Callable[[], SchemaExtension]]:
    chosen: list[Callable[[], SchemaExtension]] = [
        lambda: CachedDocuments(documents, hide_suggestions=settings.production),
        lambda: AddValidationRules([UuidIdsRule]),
        lambda: QueryDepthLimiter(max_depth=settings.max_depth),
        lambda: MaxAliasesLimiter(max_alias_count=settings.max_aliases),
        lambda: MaxTokensLimiter(max_token_count=settings.max_tokens),
        ErrorCodes,
        lambda: MaskErrors(
            should_mask_error=should_mask_error,
            error_message="Unexpected error; it has been logged.",
        ),
    ]
    if settings.production:
        chosen.append(DisableIntrospection)
    return chosen


class CheckedExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """Refuses variables whose `ID`s are not UUIDs before anything runs (see `ids`)."""

    hide_suggestions_always = False

    @classmethod
    def build(
        cls,
        schema: GraphQLSchema,
        document: DocumentNode,
        root_value: Any = None,
        context_value: Any = None,
        raw_variable_values: dict[str, Any] | None = None,
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        if cls.hide_suggestions_always:
            kwargs["hide_suggestions"] = True
        executor = super().build(
            schema, document, root_value, context_value, raw_variable_values, *args, **kwargs
        )
        if isinstance(executor, list):
            return executor
        return variable_id_errors(schema, executor.operation, raw_variable_values or {}) or executor


class QuietExecutionContext(CheckedExecutionContext):
    """Production: no "Did you mean …?" in the errors about variables either."""

    hide_suggestions_always = True


SIMPLE_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data", "text/plain")


class PayloadTooLargeError(ProblemError):
    status = 413
    code = "payload-too-large"
    title = "Payload too large"


class RequestGuard:
    """Pure ASGI (no task per request, unlike `BaseHTTPMiddleware`): bodies are bounded while
    they arrive, whether announced by Content-Length or chunked (413); GraphQL over HTTP is JSON
    only, refusing the cross-site "simple" POSTs that skip CORS preflight (415); websocket
    messages are bounded too (close 1009). Kit's generic body limit can replace the HTTP part."""

    def __init__(
        self, app: ASGIApp, *, max_body_bytes: int, max_message_bytes: int, graphql_path: str
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.max_message_bytes = max_message_bytes
        self.graphql_path = graphql_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            await self._http(scope, receive, send)
        elif scope["type"] == "websocket" and _path(scope).startswith(self.graphql_path):
            await self._websocket(scope, receive, send)
        else:
            await self.app(scope, receive, send)

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = dict(scope["headers"])
        if scope["method"] == "POST" and _path(scope).startswith(self.graphql_path):
            content_type = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
            if not content_type or content_type.decode("latin-1") in SIMPLE_CONTENT_TYPES:
                await _refuse(scope, receive, send, 415, "Send GraphQL as application/json.")
                return
        declared = headers.get(b"content-length")
        if declared is not None:
            if not declared.isdigit():
                await _refuse(scope, receive, send, 400, "Content-Length is not a number.")
                return
            if int(declared) > self.max_body_bytes:
                await _refuse(scope, receive, send, 413, self._too_large())
                return
        received = 0
        started = False

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    raise PayloadTooLargeError(self._too_large())
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited, watched)
        except PayloadTooLargeError as error:
            # Raised inside the app, the problem handlers answer it; this is for reads made
            # outside them (a middleware's), before any response began.
            if started:
                raise
            await _refuse(scope, receive, send, 413, error.detail)

    async def _websocket(self, scope: Scope, receive: Receive, send: Send) -> None:
        closed = False

        async def capped() -> Message:
            nonlocal closed
            message = await receive()
            if message["type"] == "websocket.receive" and self._too_big(message):
                closed = True
                await send({"type": "websocket.close", "code": 1009, "reason": "Message too big"})
                return {"type": "websocket.disconnect", "code": 1009}
            return message

        async def unless_closed(message: Message) -> None:
            if not closed:  # once closed here, what the app still sends has nowhere to go
                await send(message)

        await self.app(scope, capped, unless_closed)

    def _too_big(self, message: Message) -> bool:
        data = message.get("bytes")
        if data is not None:
            return len(data) > self.max_message_bytes
        text = message.get("text") or ""
        if len(text) > self.max_message_bytes:
            return True
        # A character takes up to 4 bytes in UTF-8: only a long text needs encoding to tell.
        return len(text) * 4 > self.max_message_bytes and (
            len(text.encode("utf-8")) > self.max_message_bytes
        )

    def _too_large(self) -> str:
        return f"Requests are limited to {self.max_body_bytes} bytes."


def _path(scope: Scope) -> str:
    path: str = scope["path"]
    root: str = scope.get("root_path", "")
    return path[len(root) :] if root and path.startswith(root) else path


async def _refuse(scope: Scope, receive: Receive, send: Send, status: int, detail: str) -> None:
    titles = {
        400: ("bad-request", "Bad request"),
        413: ("payload-too-large", "Payload too large"),
        415: ("unsupported-media-type", "Unsupported media type"),
    }
    code, title = titles[status]
    response = problem(status, code, title, detail, _path(scope))
    await response(scope, receive, send)
