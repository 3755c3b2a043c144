from typing import Annotated, Any

import strawberry

from gateway.api import notifications as api
from gateway.clients.base import ServiceError
from gateway.context import GatewayInfo
from gateway.derive import build, reader
from gateway.errors import ExpectedError, NotFound, expected_error
from gateway.notifications.types import (
    Notification,
    Preferences,
    PreferencesInput,
    ProgramSlack,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEndpointInput,
    WebhookEndpointUpdateInput,
    preferences,
)
from gateway.permissions import SIGNED_IN
from gateway.resolve import drop_unset, mutate, refused_nulls
from gateway.results import Removed, RemovedResult

MarkReadResult = Annotated[Notification | NotFound, strawberry.union("MarkReadResult")]
PreferencesResult = Annotated[Preferences | ExpectedError, strawberry.union("PreferencesResult")]
EndpointResult = Annotated[
    WebhookEndpoint | ExpectedError, strawberry.union("WebhookEndpointResult")
]
ProgramSlackResult = Annotated[ProgramSlack | ExpectedError, strawberry.union("ProgramSlackResult")]
DeliveryResult = Annotated[
    WebhookDelivery | ExpectedError, strawberry.union("WebhookDeliveryResult")
]


def _json(values: dict[str, Any]) -> dict[str, Any]:
    return {
        key: value.isoformat() if hasattr(value, "isoformat") else value
        for key, value in drop_unset(values).items()
    }


def _preferences(input: PreferencesInput) -> dict[str, Any]:
    """The service's body: channels as its mapping of category to channels."""
    values = _json(vars(input))
    if values.get("channels") is not None:
        values["channels"] = {
            item.category.value: list(item.channels) for item in values["channels"]
        }
    return values


@strawberry.type
class NotificationsMutation:
    @strawberry.mutation(
        description="Mark one of the caller's notifications read.", permission_classes=SIGNED_IN
    )
    async def mark_notification_read(self, info: GatewayInfo, id: strawberry.ID) -> MarkReadResult:
        try:
            data = await info.context.client("notifications").post(f"/v1/notifications/{id}/read")
        except ServiceError as error:
            result = expected_error(error)
            if isinstance(result, NotFound):
                return result
            raise
        return build(Notification, api.Notification.model_validate(data))

    @strawberry.mutation(
        description="Mark all the caller's notifications read; how many changed.",
        permission_classes=SIGNED_IN,
    )
    async def mark_all_notifications_read(self, info: GatewayInfo) -> int:
        data = await info.context.client("notifications").post("/v1/notifications/read-all")
        return api.MarkedRead.model_validate(data).marked

    @strawberry.mutation(
        description="Change the caller's preferences; only the fields given.",
        permission_classes=SIGNED_IN,
    )
    async def update_notification_preferences(
        self, info: GatewayInfo, input: PreferencesInput
    ) -> PreferencesResult:
        client = info.context.client("notifications")
        # The service replaces the whole set (PUT): what the input leaves out is kept from the
        # current preferences, else changing the digest would reset channels and muted kinds.
        current = await client.get("/v1/preferences")
        kept = {key: value for key, value in current.items() if key != "effective_timezone"}
        return await mutate(client.put("/v1/preferences", kept | _preferences(input)), preferences)

    @strawberry.mutation(
        description="Set (or, with null, remove) a program's Slack incoming webhook: program "
        "messages go there for people who chose Slack without a webhook of their own. Org and "
        "program admins.",
        permission_classes=SIGNED_IN,
    )
    async def set_program_slack_webhook(
        self, info: GatewayInfo, program_id: strawberry.ID, url: str | None
    ) -> ProgramSlackResult:
        call = info.context.client("notifications").put(
            f"/v1/programs/{program_id}/slack", {"slack_webhook_url": url}
        )
        return await mutate(call, reader(ProgramSlack, api.ProgramSlack))

    @strawberry.mutation(
        description="Register a webhook endpoint; its secret is shown once.",
        permission_classes=SIGNED_IN,
    )
    async def create_webhook_endpoint(
        self, info: GatewayInfo, input: WebhookEndpointInput, idempotency_key: str | None = None
    ) -> EndpointResult:
        call = info.context.client("notifications").post(
            "/v1/webhook-endpoints", vars(input), idempotency_key=idempotency_key
        )
        return await mutate(call, reader(WebhookEndpoint, api.WebhookEndpointWithSecret))

    @strawberry.mutation(
        description="Change or re-enable a webhook endpoint.", permission_classes=SIGNED_IN
    )
    async def update_webhook_endpoint(
        self, info: GatewayInfo, id: strawberry.ID, input: WebhookEndpointUpdateInput
    ) -> EndpointResult:
        given = drop_unset(vars(input))
        # The service clears none of an endpoint's fields.
        if refused := refused_nulls(given, frozenset()):
            return refused
        call = info.context.client("notifications").patch(f"/v1/webhook-endpoints/{id}", given)
        return await mutate(call, reader(WebhookEndpoint, api.WebhookEndpoint))

    @strawberry.mutation(
        description="A new signing secret; the old one works for a while.",
        permission_classes=SIGNED_IN,
    )
    async def rotate_webhook_secret(self, info: GatewayInfo, id: strawberry.ID) -> EndpointResult:
        call = info.context.client("notifications").post(
            f"/v1/webhook-endpoints/{id}/rotate-secret"
        )
        return await mutate(call, reader(WebhookEndpoint, api.WebhookEndpointWithSecret))

    @strawberry.mutation(
        description="Send a test event to a webhook endpoint.", permission_classes=SIGNED_IN
    )
    async def test_webhook_endpoint(self, info: GatewayInfo, id: strawberry.ID) -> DeliveryResult:
        call = info.context.client("notifications").post(f"/v1/webhook-endpoints/{id}/test")
        return await mutate(call, reader(WebhookDelivery, api.WebhookDelivery))

    @strawberry.mutation(description="Delete a webhook endpoint.", permission_classes=SIGNED_IN)
    async def delete_webhook_endpoint(self, info: GatewayInfo, id: strawberry.ID) -> RemovedResult:
        call = info.context.client("notifications").delete(f"/v1/webhook-endpoints/{id}")
        return await mutate(call, lambda _: Removed(id=id))
