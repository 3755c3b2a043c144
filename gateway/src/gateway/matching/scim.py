"""The organisation's SCIM credential, for an org admin connecting the identity provider."""

from typing import Annotated

import strawberry

from gateway.api import matching as api
from gateway.context import GatewayInfo
from gateway.derive import model_type, reader
from gateway.errors import ExpectedError
from gateway.permissions import ORG_ADMIN
from gateway.resolve import mutate


@model_type(api.ScimCredential)
class ScimCredential:
    pass


ScimCredentialResult = Annotated[
    ScimCredential | ExpectedError, strawberry.union("ScimCredentialResult")
]


@strawberry.type
class ScimMutation:
    @strawberry.mutation(
        description="A new SCIM bearer secret for the caller's organisation (org admins), shown "
        "this once; the previous one stops working at once. Give it to the identity provider "
        "with the SCIM base URL `<public root>/scim/v2`.",
        permission_classes=ORG_ADMIN,
    )
    async def rotate_scim_credential(self, info: GatewayInfo) -> ScimCredentialResult:
        call = info.context.client("matching").post("/v1/scim/credentials")
        return await mutate(call, reader(ScimCredential, api.ScimCredential))
