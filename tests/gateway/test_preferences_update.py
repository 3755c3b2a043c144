"""updateNotificationPreferences changes only the fields given (the service's PUT replaces the
whole set: the gateway keeps the rest), muted kinds among them."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from mentorship.embedded import create_embedded_app, dev_issuer
from tests.gateway.test_domain_operations import ok
from tests.gateway.test_graphql_api import Gateway
from tests.infra.apps import serve

pytestmark = pytest.mark.embedded

UPDATE = """mutation($input: PreferencesInput!) { updateNotificationPreferences(input: $input) {
  __typename ... on Preferences { digest channels mutedKinds }
  ... on ValidationFailed { message fields { field message } } } }"""


@pytest.fixture
async def gateway(tmp_path: Path) -> AsyncIterator[Gateway]:
    async with serve(create_embedded_app(tmp_path)) as client:
        yield Gateway(client, dev_issuer(tmp_path))


async def test_a_partial_update_keeps_what_it_does_not_name(gateway: Gateway) -> None:
    first = await ok(
        gateway,
        UPDATE,
        input={"channels": {"admin": ["in_app"]}, "mutedKinds": ["admin_match_ended"]},
    )
    assert first["updateNotificationPreferences"] == {
        "__typename": "Preferences",
        "digest": "immediate",
        "channels": {"admin": ["in_app"]},
        "mutedKinds": ["admin_match_ended"],
    }

    second = await ok(gateway, UPDATE, input={"digest": "daily"})

    assert second["updateNotificationPreferences"] == {
        "__typename": "Preferences",
        "digest": "daily",
        "channels": {"admin": ["in_app"]},
        "mutedKinds": ["admin_match_ended"],
    }
    read = await ok(gateway, "{ notificationPreferences { digest mutedKinds } }")
    assert read["notificationPreferences"] == {
        "digest": "daily",
        "mutedKinds": ["admin_match_ended"],
    }

    refused = await ok(gateway, UPDATE, input={"mutedKinds": ["match_accepted"]})
    result = refused["updateNotificationPreferences"]
    assert result["__typename"] == "ValidationFailed"
    assert [f["field"] for f in result["fields"]] == ["input.mutedKinds.0"]  # the schema's own path
