"""Erasing a person's data (GDPR article 17) and setting the organisation's privacy rules."""

from urllib.parse import quote

import strawberry

from gateway.api import matching as api
from gateway.context import GatewayInfo
from gateway.derive import reader
from gateway.permissions import SIGNED_IN
from gateway.privacy.types import (
    ErasureRequest,
    ErasureRequestResult,
    PrivacySettings,
    PrivacySettingsInput,
    PrivacySettingsResult,
)
from gateway.resolve import mutate


@strawberry.type
class PrivacyMutation:
    @strawberry.mutation(
        description="Erase a person's data in every service: by an org admin, or by the person "
        "where the organisation allows self-erasure (NotAllowed otherwise). Follow it in "
        "`erasureRequests` until every service has confirmed.",
        permission_classes=SIGNED_IN,
    )
    async def request_erasure(self, info: GatewayInfo, user_id: str) -> ErasureRequestResult:
        call = info.context.client("matching").post(f"/v1/people/{quote(user_id, safe='')}/erasure")
        return await mutate(call, reader(ErasureRequest, api.ErasureRequest))

    @strawberry.mutation(
        description="Set the organisation's privacy rules (org admins).",
        permission_classes=SIGNED_IN,
    )
    async def update_privacy_settings(
        self, info: GatewayInfo, input: PrivacySettingsInput
    ) -> PrivacySettingsResult:
        call = info.context.client("matching").put("/v1/privacy/settings", vars(input))
        return await mutate(call, reader(PrivacySettings, api.PrivacySettings))
