"""The SCIM routes in matching's OpenAPI document: their bodies are scim2-models' messages (their
JSON Schemas, under `Scim*` component names) and they authenticate with the organisation's SCIM
bearer secret (`ScimBearer`), not with the user's JWT."""

from typing import Any

from fastapi import FastAPI
from scim2_models import Error, ListResponse, PatchOp, SearchRequest, User

from matching.scim.errors import SCIM_JSON

SECURITY: list[dict[str, list[str]]] = [{"ScimBearer": []}]
_MODELS: dict[str, Any] = {
    "ScimUser": User,
    "ScimUserList": ListResponse[User[Any]],
    "ScimPatchOp": PatchOp[User[Any]],
    "ScimSearchRequest": SearchRequest,
    "ScimError": Error,
}


def ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


def body(name: str) -> dict[str, Any]:
    """`openapi_extra` of a route that reads a SCIM message as its body."""
    return {
        "security": SECURITY,
        "requestBody": {"required": True, "content": {SCIM_JSON: {"schema": ref(name)}}},
    }


def answer(status: int, name: str | None, description: str) -> dict[int | str, Any]:
    """A route's success response: a SCIM document (or no body for 204)."""
    if name is None:
        return {status: {"description": description}}
    return {status: {"description": description, "content": {SCIM_JSON: {"schema": ref(name)}}}}


def _components() -> dict[str, Any]:
    schemas: dict[str, Any] = {}
    for name, model in _MODELS.items():
        schema = model.model_json_schema(ref_template="#/components/schemas/Scim{model}")
        for inner, definition in schema.pop("$defs", {}).items():
            schemas[f"Scim{inner}"] = definition
        schemas[name] = schema
    return schemas


def install(app: FastAPI) -> None:
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = generate()
            components = document.setdefault("components", {})
            components.setdefault("schemas", {}).update(_components())
            components.setdefault("securitySchemes", {})["ScimBearer"] = {
                "type": "http",
                "scheme": "bearer",
                "description": "The organisation's SCIM secret (POST /v1/scim/credentials).",
            }
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
