"""SCIM 2.0 (RFC 7644) for the organisation's identity provider, under `/scim/v2`, and the
REST endpoint with which an org admin gets the organisation's SCIM secret.

The SCIM routes authenticate with that secret only (a user's JWT is refused) and act on its
organisation. Bodies and answers are scim2-models' messages in `application/scim+json`.
"""

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response, status
from pydantic import ValidationError
from scim2_models import (
    Context,
    InvalidSyntaxException,
    ListResponse,
    NotFoundException,
    PatchOp,
    ResourceType,
    ResponseParameters,
    Schema,
    SearchRequest,
    User,
)

from kit.app import SessionDep
from kit.auth import CurrentUser, bearer_token
from matching.people import filters, resources
from matching.people import service as people_service
from matching.scim import discovery, openapi
from matching.scim import service as credential_service
from matching.scim.errors import ScimResponse, validation_error
from matching.scim.schemas import ScimCredential

router = APIRouter(prefix="/v1", tags=["scim"])
scim_router = APIRouter(prefix="/scim/v2", tags=["scim"], default_response_class=ScimResponse)

MAX_SCIM_BODY = 64 * 1024


@router.post(
    "/scim/credentials", response_model=ScimCredential, status_code=status.HTTP_201_CREATED
)
async def rotate_scim_credential(session: SessionDep, user: CurrentUser) -> ScimCredential:
    """A new SCIM bearer secret for the caller's organisation (org admins), shown this once;
    the previous secret stops working at once."""
    return await credential_service.rotate(session, user)


async def scim_org(request: Request, session: SessionDep) -> str:
    """The organisation of the request's SCIM bearer secret (401 otherwise)."""
    secret = bearer_token(request.headers.get("authorization"))
    return await credential_service.authenticate(session, secret)


ScimOrg = Annotated[str, Depends(scim_org)]


def base_url(request: Request) -> str:
    return str(request.base_url).rstrip("/") + scim_router.prefix


async def _message(request: Request) -> Any:
    raw = await request.body()
    if len(raw) > MAX_SCIM_BODY:
        raise InvalidSyntaxException(detail=f"SCIM bodies are limited to {MAX_SCIM_BODY} bytes.")
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError) as error:
        raise InvalidSyntaxException(detail="The body is not JSON.") from error


async def _user(request: Request, context: Context) -> User[Any]:
    data = await _message(request)
    if not isinstance(data, dict):
        raise InvalidSyntaxException(detail="The body is not a SCIM User.")
    try:
        return User.model_validate(data, scim_ctx=context)
    except ValidationError as error:
        raise validation_error(error) from error


def _parameters(attributes: str | None, excluded: str | None) -> ResponseParameters[Any] | None:
    if not attributes and not excluded:
        return None
    try:
        return ResponseParameters.model_validate(
            {"attributes": attributes, "excludedAttributes": excluded}
        )
    except ValidationError as error:
        raise validation_error(error) from error


def _user_response(
    request: Request,
    person: Any,
    status_code: int = 200,
    parameters: ResponseParameters[Any] | None = None,
) -> ScimResponse:
    user = resources.to_user(person, base_url(request))
    body = user.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE, response_parameters=parameters)
    headers = {"ETag": resources.etag(person)}
    if status_code == 201:
        headers["Location"] = str(user.meta.location if user.meta else "")
    return ScimResponse(body, status_code=status_code, headers=headers)


AttributesQuery = Annotated[str | None, Query(description="Attributes to return, comma-separated.")]
ExcludedQuery = Annotated[
    str | None,
    Query(alias="excludedAttributes", description="Attributes to leave out, comma-separated."),
]


@scim_router.get(
    "/ServiceProviderConfig",
    openapi_extra={"security": openapi.SECURITY},
    responses=openapi.answer(200, None, "The service's SCIM configuration"),
)
async def service_provider_config(request: Request, org_id: ScimOrg) -> ScimResponse:
    """What this SCIM service supports (filter, patch; no bulk, sort or etags)."""
    return ScimResponse(discovery.dump(discovery.service_provider_config(base_url(request))))


@scim_router.get(
    "/ResourceTypes",
    openapi_extra={"security": openapi.SECURITY},
    responses=openapi.answer(200, None, "The resource types (User)"),
)
async def resource_types(request: Request, org_id: ScimOrg) -> ScimResponse:
    """The resource types served: User."""
    found = [discovery.user_resource_type(base_url(request))]
    return ScimResponse(_list(ResourceType, found))


@scim_router.get(
    "/ResourceTypes/{resource_type_id}",
    openapi_extra={"security": openapi.SECURITY},
    responses=openapi.answer(200, None, "The resource type"),
)
async def resource_type(request: Request, resource_type_id: str, org_id: ScimOrg) -> ScimResponse:
    """One resource type (User)."""
    found = discovery.user_resource_type(base_url(request))
    if resource_type_id != found.id:
        raise NotFoundException(detail=f"No resource type {resource_type_id}.")
    return ScimResponse(discovery.dump(found))


@scim_router.get(
    "/Schemas",
    openapi_extra={"security": openapi.SECURITY},
    responses=openapi.answer(200, None, "The schemas (User)"),
)
async def schemas(request: Request, org_id: ScimOrg) -> ScimResponse:
    """The schema of what the directory keeps of a User."""
    return ScimResponse(_list(Schema, [discovery.user_schema(base_url(request))]))


@scim_router.get(
    "/Schemas/{schema_id}",
    openapi_extra={"security": openapi.SECURITY},
    responses=openapi.answer(200, None, "The schema"),
)
async def schema(request: Request, schema_id: str, org_id: ScimOrg) -> ScimResponse:
    """One schema (the User schema's URN)."""
    found = discovery.user_schema(base_url(request))
    if schema_id != found.id:
        raise NotFoundException(detail=f"No schema {schema_id}.")
    return ScimResponse(discovery.dump(found))


def _list(model: Any, documents: list[Any]) -> dict[str, Any]:
    page = ListResponse[model](
        total_results=len(documents),
        start_index=1,
        items_per_page=len(documents),
        resources=documents,
    )
    return page.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE)


@scim_router.post(
    "/Users",
    status_code=status.HTTP_201_CREATED,
    openapi_extra=openapi.body("ScimUser"),
    responses=openapi.answer(201, "ScimUser", "The user created"),
)
async def create_user(request: Request, session: SessionDep, org_id: ScimOrg) -> ScimResponse:
    """Provision a person (409 `uniqueness` if the userName or externalId is taken)."""
    user = await _user(request, Context.RESOURCE_CREATION_REQUEST)
    person = await people_service.create(session, org_id, user)
    return _user_response(request, person, status.HTTP_201_CREATED)


@scim_router.get(
    "/Users",
    openapi_extra={"security": openapi.SECURITY},
    responses=openapi.answer(200, "ScimUserList", "One page of users"),
)
async def list_users(
    request: Request,
    session: SessionDep,
    org_id: ScimOrg,
    filter: Annotated[
        str | None,
        Query(description='e.g. `userName eq "bjensen"`, `externalId eq "E123"` (RFC 7644).'),
    ] = None,
    start_index: Annotated[
        int | None, Query(alias="startIndex", description="1-based index of the first user.")
    ] = None,
    count: Annotated[
        int | None, Query(description=f"Users per page (at most {discovery.MAX_RESULTS}).")
    ] = None,
    attributes: AttributesQuery = None,
    excluded_attributes: ExcludedQuery = None,
) -> ScimResponse:
    """The organisation's users, oldest first, filtered and paged (RFC 7644 §3.4.2)."""
    parameters = _parameters(attributes, excluded_attributes)
    return await _page(request, session, org_id, filter, start_index, count, parameters)


@scim_router.post(
    "/Users/.search",
    openapi_extra=openapi.body("ScimSearchRequest"),
    responses=openapi.answer(200, "ScimUserList", "One page of users"),
)
async def search_users(request: Request, session: SessionDep, org_id: ScimOrg) -> ScimResponse:
    """The same search as GET /Users, asked in a body (RFC 7644 §3.4.3)."""
    return await _search(request, session, org_id)


@scim_router.post(
    "/.search",
    openapi_extra=openapi.body("ScimSearchRequest"),
    responses=openapi.answer(200, "ScimUserList", "One page of users"),
)
async def search_everything(request: Request, session: SessionDep, org_id: ScimOrg) -> ScimResponse:
    """A search across resource types (RFC 7644 §3.4.3): Users are the only one."""
    return await _search(request, session, org_id)


async def _search(request: Request, session: SessionDep, org_id: str) -> ScimResponse:
    data = await _message(request)
    try:
        asked: SearchRequest[Any] = SearchRequest.model_validate(
            data, scim_ctx=Context.SEARCH_REQUEST
        )
    except ValidationError as error:
        raise validation_error(error) from error
    filter = str(asked.filter) if asked.filter is not None else None
    return await _page(request, session, org_id, filter, asked.start_index, asked.count, asked)


async def _page(
    request: Request,
    session: SessionDep,
    org_id: str,
    filter: str | None,
    start_index: int | None,
    count: int | None,
    parameters: ResponseParameters[Any] | None,
) -> ScimResponse:
    condition = filters.parse(filter) if filter else None
    # RFC 7644 §3.4.2.4: below 1 means 1, a negative count means 0.
    first = max(1, start_index or 1)
    size = min(discovery.MAX_RESULTS, max(0, discovery.MAX_RESULTS if count is None else count))
    total, people = await people_service.search(session, org_id, condition, first, size)
    users = [resources.to_user(person, base_url(request)) for person in people]
    page = ListResponse[User[Any]](
        total_results=total, start_index=first, items_per_page=len(users), resources=users
    )
    return ScimResponse(
        page.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE, response_parameters=parameters)
    )


@scim_router.get(
    "/Users/{scim_user_id}",
    openapi_extra={"security": openapi.SECURITY},
    responses=openapi.answer(200, "ScimUser", "The user"),
)
async def get_user(
    request: Request,
    scim_user_id: str,
    session: SessionDep,
    org_id: ScimOrg,
    attributes: AttributesQuery = None,
    excluded_attributes: ExcludedQuery = None,
) -> ScimResponse:
    """A user of the organisation (404 for another organisation's, as for a missing one)."""
    parameters = _parameters(attributes, excluded_attributes)
    person = await people_service.get(session, org_id, scim_user_id)
    return _user_response(request, person, parameters=parameters)


@scim_router.put(
    "/Users/{scim_user_id}",
    openapi_extra=openapi.body("ScimUser"),
    responses=openapi.answer(200, "ScimUser", "The user replaced"),
)
async def replace_user(
    request: Request, scim_user_id: str, session: SessionDep, org_id: ScimOrg
) -> ScimResponse:
    """Replace what the directory keeps of a user; `active: false` withdraws them."""
    user = await _user(request, Context.RESOURCE_REPLACEMENT_REQUEST)
    person = await people_service.replace(session, org_id, scim_user_id, user)
    return _user_response(request, person)


@scim_router.patch(
    "/Users/{scim_user_id}",
    openapi_extra=openapi.body("ScimPatchOp"),
    responses=openapi.answer(200, "ScimUser", "The user patched"),
)
async def patch_user(
    request: Request, scim_user_id: str, session: SessionDep, org_id: ScimOrg
) -> ScimResponse:
    """Change some attributes (RFC 7644 §3.5.2); `active: false` withdraws the user from every
    open program and stops their notifications, `active: true` lets them enrol again."""
    data = await _message(request)
    try:
        operations = PatchOp[User[Any]].model_validate(
            data, scim_ctx=Context.RESOURCE_PATCH_REQUEST
        )
    except ValidationError as error:
        raise validation_error(error) from error
    person = await people_service.patch(
        session, org_id, scim_user_id, operations, base_url(request)
    )
    return _user_response(request, person)


@scim_router.delete(
    "/Users/{scim_user_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    openapi_extra={"security": openapi.SECURITY},
    responses=openapi.answer(204, None, "The user is deleted"),
)
async def delete_user(scim_user_id: str, session: SessionDep, org_id: ScimOrg) -> Response:
    """Delete a user: withdrawn from every open program, told nothing more."""
    await people_service.delete(session, org_id, scim_user_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
