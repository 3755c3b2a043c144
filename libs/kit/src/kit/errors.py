"""RFC 9457 problem details for every error a service answers with.

Expected failures are raised as `ProblemError` subclasses from services; the handlers here turn
them, FastAPI's validation errors and a lost database into `application/problem+json`.
"""

from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException

from kit.db import database_unavailable

PROBLEM_JSON = "application/problem+json"
PROBLEM_BASE = "https://mentorship.dev/problems/"

log = structlog.get_logger(__name__)


class ProblemError(Exception):
    """An expected failure with a stable machine-readable `code`."""

    status = 400
    code = "bad-request"
    title = "Bad request"

    def __init__(self, detail: str, **extensions: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extensions = extensions


class NotFoundError(ProblemError):
    """Missing, foreign and invisible objects all look the same to a client."""

    status = 404
    code = "not-found"
    title = "Not found"


class ForbiddenError(ProblemError):
    status = 403
    code = "forbidden"
    title = "Forbidden"


class UnauthorizedError(ProblemError):
    status = 401
    code = "unauthorized"
    title = "Unauthorized"


class ConflictError(ProblemError):
    status = 409
    code = "conflict"
    title = "Conflict"


class UnprocessableError(ProblemError):
    status = 422
    code = "validation-failed"
    title = "Validation failed"


def problem(
    status: int, code: str, title: str, detail: str, instance: str | None = None, **ext: Any
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + code,
        "title": title,
        "status": status,
        "detail": detail,
        "code": code,
    }
    if instance:
        body["instance"] = instance
    body.update(ext)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


_HTTP_CODES = {
    400: ("bad-request", "Bad request"),
    401: ("unauthorized", "Unauthorized"),
    403: ("forbidden", "Forbidden"),
    404: ("not-found", "Not found"),
    405: ("method-not-allowed", "Method not allowed"),
    409: ("conflict", "Conflict"),
    413: ("payload-too-large", "Payload too large"),
    415: ("unsupported-media-type", "Unsupported media type"),
    429: ("rate-limited", "Too many requests"),
}


def install_problem_handlers(app: FastAPI) -> None:
    async def on_problem(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, ProblemError)
        return problem(
            exc.status, exc.code, exc.title, exc.detail, request.url.path, **exc.extensions
        )

    async def on_validation(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        errors = [
            {
                "location": list(err.get("loc", ())),
                "message": err.get("msg", ""),
                "type": err.get("type", ""),
            }
            for err in exc.errors()
        ]
        return problem(
            422,
            "validation-failed",
            "Validation failed",
            "The request does not match the schema; see `errors`.",
            request.url.path,
            errors=errors,
        )

    async def on_http(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        code, title = _HTTP_CODES.get(exc.status_code, ("http-error", "HTTP error"))
        return problem(exc.status_code, code, title, str(exc.detail), request.url.path)

    async def on_unexpected(request: Request, exc: Exception) -> JSONResponse:
        if database_unavailable(exc):
            log.warning("database_unavailable", error=str(exc), path=request.url.path)
            return problem(
                503,
                "database-unavailable",
                "Service unavailable",
                "The database is unreachable; nothing was written. Retry later.",
                request.url.path,
            )
        log.exception("unhandled_error", path=request.url.path)
        return problem(
            500,
            "internal-error",
            "Internal error",
            "An unexpected error occurred; it has been logged.",
            request.url.path,
        )

    app.add_exception_handler(ProblemError, on_problem)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
    # Database and network errors get their own handlers: the catch-all `Exception` handler
    # runs in Starlette's outermost middleware, which re-raises after answering.
    for error in (DBAPIError, PoolTimeoutError, OSError, TimeoutError, Exception):
        app.add_exception_handler(error, on_unexpected)
