"""GraphQL access to a person's data export (GDPR articles 15 and 20)."""

from typing import Annotated

import strawberry
from strawberry.scalars import JSON

from gateway.api import matching as api
from gateway.context import GatewayInfo
from gateway.derive import build, reader
from gateway.errors import ExpectedError
from gateway.permissions import SIGNED_IN
from gateway.privacy.exports import SERVICES, collect
from gateway.privacy.types import (
    ErasureRequest,
    ErasureRequests,
    ErasureRequestsResult,
    PrivacySettings,
    PrivacySettingsResult,
)
from gateway.resolve import mutate


@strawberry.type(
    description="Everything the backend holds about one person: each service's rows naming "
    "them, grouped by table (each service's `PersonalData` schema in its OpenAPI document); null "
    "where a service holds nothing about them."
)
class PersonalDataExport:
    user_id: str
    matching: JSON | None = strawberry.field(description="Enrolments, profiles, matches, runs.")
    goals: JSON | None = strawberry.field(description="Goals, progress, check-in notes, resources.")
    feedback: JSON | None = strawberry.field(description="Feedback given and received, surveys.")
    notifications: JSON | None = strawberry.field(
        description="Notifications, contact data, preferences, deliveries."
    )


PersonalDataExportResult = Annotated[
    PersonalDataExport | ExpectedError, strawberry.union("PersonalDataExportResult")
]


@strawberry.type
class PrivacyQuery:
    @strawberry.field(
        description="A person's data from every service, for the person themself or an org "
        "admin of their organisation (NotFound for anyone else). The same archive is offered "
        "as a zip at GET /privacy/v1/export/{userId}.",
        permission_classes=SIGNED_IN,
    )
    async def personal_data_export(
        self, info: GatewayInfo, user_id: str
    ) -> PersonalDataExportResult:
        clients = {name: info.context.client(name) for name in SERVICES}
        return await mutate(
            collect(clients, user_id),
            lambda found: PersonalDataExport(user_id=user_id, **found),
        )

    @strawberry.field(
        description="The organisation's erasure requests, newest first, each with the services "
        "that have confirmed and those still pending (org admins; NotAllowed otherwise).",
        permission_classes=SIGNED_IN,
    )
    async def erasure_requests(self, info: GatewayInfo, first: int = 50) -> ErasureRequestsResult:
        call = info.context.client("matching").get("/v1/erasure-requests", {"limit": first})
        return await mutate(
            call,
            lambda found: ErasureRequests(
                nodes=[build(ErasureRequest, api.ErasureRequest.model_validate(r)) for r in found]
            ),
        )

    @strawberry.field(
        description="The organisation's privacy rules: self-erasure and retention.",
        permission_classes=SIGNED_IN,
    )
    async def privacy_settings(self, info: GatewayInfo) -> PrivacySettingsResult:
        call = info.context.client("matching").get("/v1/privacy/settings")
        return await mutate(call, reader(PrivacySettings, api.PrivacySettings))
