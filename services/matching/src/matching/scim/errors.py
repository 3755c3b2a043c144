"""SCIM's own responses: `application/scim+json` bodies and RFC 7644 §3.12 errors (an `Error`
message with its `scimType`), never the problem+json of the REST API."""

import json

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from scim2_models import Error, SCIMException
from starlette.exceptions import HTTPException as StarletteHTTPException

from kit.errors import ProblemError

SCIM_JSON = "application/scim+json"


class ScimResponse(JSONResponse):
    media_type = SCIM_JSON


def error_response(error: Error) -> ScimResponse:
    status = error.status or 400
    headers = {"WWW-Authenticate": 'Bearer realm="scim"'} if status == 401 else None
    return ScimResponse(error.model_dump(), status_code=status, headers=headers)


def validation_error(error: ValidationError) -> SCIMException:
    """The first problem of a body scim2-models refused, as the SCIM exception it maps to
    (`invalidSyntax` for a wrong structure, `invalidValue` for a wrong value...)."""
    errors = Error.from_validation_errors(error)
    first = errors[0] if errors else Error(status=400, scim_type="invalidSyntax")
    return SCIMException.from_error(first)


_SCIM_TYPES = {400: "invalidValue", 413: "tooLarge"}
"""SCIM keywords of the statuses the framework answers on SCIM paths (a query parameter of the
wrong type, a body over the limit); the others (401, 404, 405, 429...) have none."""


def install(app: FastAPI, prefix: str) -> None:
    """SCIM errors for the SCIM routes: scim2-models' exceptions, and what the framework and
    the kit answer on SCIM paths (404 for an unknown path, 405, validation, body limits) in
    SCIM's shape instead of problem+json."""

    async def on_scim(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, SCIMException)
        return error_response(exc.to_error())

    def scim_shaped(kind: type[Exception]) -> None:
        previous = app.exception_handlers[kind]

        async def handler(request: Request, exc: Exception) -> Response:
            answer = previous(request, exc)
            if not isinstance(answer, Response):
                answer = await answer
            if not request.url.path.startswith(prefix) or answer.status_code >= 500:
                return answer
            body = json.loads(bytes(answer.body)) if answer.body else {}
            status = 400 if answer.status_code == 422 else answer.status_code
            error = Error(
                status=status, scim_type=_SCIM_TYPES.get(status), detail=body.get("detail")
            )
            response = error_response(error)
            for name in ("Allow", "Retry-After"):
                if name in answer.headers:
                    response.headers[name] = answer.headers[name]
            return response

        app.add_exception_handler(kind, handler)

    app.add_exception_handler(SCIMException, on_scim)
    for kind in (ProblemError, RequestValidationError, StarletteHTTPException):
        scim_shaped(kind)
