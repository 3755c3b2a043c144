"""The gateway's typed boundary: the services' generated API models parse every answer, the
Strawberry types derive from them, settings are typed and camelCase, and permission
classes guard the root fields."""

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from graphql import GraphQLEnumType, GraphQLInputObjectType, GraphQLNonNull, GraphQLObjectType

from gateway.api import matching as matching_api
from gateway.api import notifications as notifications_api
from gateway.context import Context, Downstream
from gateway.derive import build, model_type
from gateway.live import LiveEvents
from gateway.notifications.types import Notification, preferences
from gateway.schema import build_schema
from gateway.settings import GatewaySettings
from mentorship.embedded import create_embedded_app, dev_issuer
from tests.gateway.test_graphql_api import Gateway
from tests.infra.apps import serve

NOTIFICATION = {
    "id": "6f1c1b7e-2d0e-4d6a-9a8b-111111111111",
    "category": "matches",
    "title": "A match",
    "body": "You have a match.",
    "created_at": "2026-01-01T09:00:00+00:00",
    "read_at": None,
}


@pytest.mark.unit
def test_a_derived_type_is_built_from_the_parsed_answer_uuids_as_ids() -> None:
    model = notifications_api.Notification.model_validate({**NOTIFICATION, "new_field": 1})
    built: Any = build(Notification, model)
    assert built.id == NOTIFICATION["id"]
    assert isinstance(built.id, str)
    assert built.created_at.isoformat() == NOTIFICATION["created_at"]
    assert built.read_at is None


@pytest.mark.unit
def test_a_derived_type_keeps_the_methods_the_integration_would_drop() -> None:
    @model_type(notifications_api.UnreadCount)
    class Counted:
        @classmethod
        def of(cls, data: Any) -> "Counted":
            return build(cls, notifications_api.UnreadCount.model_validate(data))

    counted: Any = Counted.of({"unread": 3})
    assert counted.unread == 3


@pytest.mark.unit
def test_preferences_channels_are_a_typed_list_not_a_mapping() -> None:
    built: Any = preferences(
        {"effective_timezone": "UTC", "channels": {"matches": ["email"], "admin": ["in_app"]}}
    )
    assert [(c.category, [ch.value for ch in c.channels]) for c in built.channels] == [
        ("admin", ["in_app"]),
        ("matches", ["email"]),
    ]
    assert built.digest is notifications_api.PreferencesDigest.IMMEDIATE


@pytest.mark.unit
def test_closed_sets_are_graphql_enums_and_defaults_are_the_services() -> None:
    schema = build_schema(GatewaySettings())._schema
    settings = schema.type_map["ProgramSettings"]
    assert isinstance(settings, GraphQLObjectType)
    approval = settings.fields["approval"].type
    assert isinstance(approval, GraphQLNonNull)
    assert isinstance(approval.of_type, GraphQLEnumType)
    assert set(approval.of_type.values) >= {"MENTOR_ACCEPTS", "ADMIN_ASSIGNS"}
    weights = str(settings.fields["weights"].type)
    assert weights == "[FactorWeight!]!"
    settings_input = schema.type_map["ProgramSettingsInput"]
    assert isinstance(settings_input, GraphQLInputObjectType)
    default = settings_input.fields["approval"].default_value
    assert default == matching_api.ProgramSettings().approval
    preferences_type = schema.type_map["Preferences"]
    assert isinstance(preferences_type, GraphQLObjectType)
    assert str(preferences_type.fields["channels"].type) == "[CategoryChannels!]!"
    assert str(preferences_type.fields["digest"].type) == "Digest!"


CLOSED_SETS = {
    ("Profile", "communicationStyle"): "CommunicationStyle",
    ("ProfileInput", "communicationStyle"): "CommunicationStyle",
    ("DirectoryProfile", "communicationStyle"): "CommunicationStyle",
    ("MatchingRun", "status"): "MatchingRunStatus",
    ("MatchingRun", "mode"): "MatchingMode",
    ("RunReport", "mode"): "MatchingMode",
    ("MatchExplanation", "mode"): "MatchingMode",
    ("RunUnmatched", "reason"): "UnmatchedReason",
    ("Delivery", "status"): "DeliveryStatus",
    ("Delivery", "channel"): "NotificationChannel",
    ("WebhookDelivery", "status"): "WebhookDeliveryStatus",
    ("Notification", "category"): "NotificationCategory",
    ("CategoryChannels", "category"): "NotificationCategory",
    ("CategoryChannelsInput", "category"): "NotificationCategory",
    ("RelationshipHealth", "status"): "RelationshipStatus",
    ("FactorContribution", "factor"): "MatchFactor",
    ("Resource", "kind"): "ResourceKind",
    ("Resource", "audience"): "ResourceAudience",
    ("ResourceInput", "kind"): "ResourceKind",
}


@pytest.mark.unit
@pytest.mark.parametrize(
    ("field", "enum"), CLOSED_SETS.items(), ids=[".".join(f) for f in CLOSED_SETS]
)
def test_a_closed_set_a_service_declares_is_a_graphql_enum(
    field: tuple[str, str], enum: str
) -> None:
    schema = build_schema(GatewaySettings())._schema
    owner = schema.type_map[field[0]]
    assert isinstance(owner, GraphQLObjectType | GraphQLInputObjectType)
    type_ = owner.fields[field[1]].type
    while isinstance(type_, GraphQLNonNull):
        type_ = type_.of_type
    assert isinstance(type_, GraphQLEnumType)
    assert type_.name == enum


@pytest.mark.unit
async def test_root_fields_need_a_signed_in_caller_checked_by_a_permission_class() -> None:
    schema = build_schema(GatewaySettings())
    context = Context(Downstream(http={}), LiveEvents(), principal=None)
    result = await schema.execute("{ unreadNotifications }", context_value=context)
    assert result.errors is not None
    assert result.errors[0].message == "Sign in first: a bearer token is required."
    assert (result.errors[0].extensions or {}).get("code") == "UNAUTHENTICATED"
    admin_only = await schema.execute(
        "{ webhookEndpoints { nodes { id } } }", context_value=context
    )
    assert admin_only.errors is not None
    assert (admin_only.errors[0].extensions or {}).get("code") == "FORBIDDEN"


@pytest.fixture
async def gateway(tmp_path: Path) -> AsyncIterator[Gateway]:
    async with serve(create_embedded_app(tmp_path)) as client:
        yield Gateway(client, dev_issuer(tmp_path))


@pytest.mark.embedded
async def test_program_settings_go_in_and_come_out_typed_in_camel_case(gateway: Gateway) -> None:
    created: dict[str, Any] = await gateway.run(
        """mutation { createProgram(input: {name: "Typed", settings: {approval: ADMIN_ASSIGNS,
           minimumScore: 40, mode: STABLE, menteeView: [{factor: SKILLS, weight: 2}],
           weights: [{factor: SKILLS, weight: 3}, {factor: LANGUAGE, weight: 1}]}}) {
           __typename ... on Program { settings { approval minimumScore mode objective
           defaultCapacity weights { factor weight } menteeView { factor } } } } }""",
        roles=("org_admin",),
    )
    assert "errors" not in created, created
    program = created["data"]["createProgram"]
    assert program["__typename"] == "Program", program
    settings = program["settings"]
    assert settings["approval"] == "ADMIN_ASSIGNS"
    assert settings["minimumScore"] == 40
    assert settings["mode"] == "STABLE"
    # Left out: the service's defaults, not the gateway's.
    assert settings["objective"] == "MAX_MATCHED"
    assert settings["defaultCapacity"] == matching_api.ProgramSettings().default_capacity
    assert {w["factor"] for w in settings["weights"]} == {"SKILLS", "LANGUAGE"}
    assert settings["menteeView"] == [{"factor": "SKILLS"}]


@pytest.mark.embedded
async def test_a_communication_style_goes_in_and_comes_out_as_an_enum(gateway: Gateway) -> None:
    created: dict[str, Any] = await gateway.run(
        'mutation { createProgram(input: {name: "Styles"}) { ... on Program { id } } }',
        roles=("org_admin",),
    )
    enrolled: dict[str, Any] = await gateway.run(
        """mutation($input: EnrolmentInput!) { enrol(input: $input) {
           __typename ... on Participant { profile { communicationStyle } } } }""",
        roles=("org_admin",),
        input={
            "programId": created["data"]["createProgram"]["id"],
            "userId": "ming",
            "role": "MENTEE",
            "displayName": "Ming",
            "profile": {"communicationStyle": "SUPPORTIVE"},
        },
    )
    assert "errors" not in enrolled, enrolled
    participant = enrolled["data"]["enrol"]
    assert participant == {
        "__typename": "Participant",
        "profile": {"communicationStyle": "SUPPORTIVE"},
    }
