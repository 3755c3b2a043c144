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
  __typename ... on Preferences { digest channels { category channels } mutedKinds }
  ... on ValidationFailed { message fields { field message } } } }"""


@pytest.fixture
async def gateway(tmp_path: Path) -> AsyncIterator[Gateway]:
    async with serve(create_embedded_app(tmp_path)) as client:
        yield Gateway(client, dev_issuer(tmp_path))


async def test_a_partial_update_keeps_what_it_does_not_name(gateway: Gateway) -> None:
    first = await ok(
        gateway,
        UPDATE,
        input={
            "channels": [{"category": "ADMIN", "channels": ["IN_APP"]}],
            "mutedKinds": ["ADMIN_MATCH_ENDED"],
        },
    )
    assert first["updateNotificationPreferences"] == {
        "__typename": "Preferences",
        "digest": "IMMEDIATE",
        "channels": [{"category": "ADMIN", "channels": ["IN_APP"]}],
        "mutedKinds": ["ADMIN_MATCH_ENDED"],
    }

    second = await ok(gateway, UPDATE, input={"digest": "DAILY"})

    assert second["updateNotificationPreferences"] == {
        "__typename": "Preferences",
        "digest": "DAILY",
        "channels": [{"category": "ADMIN", "channels": ["IN_APP"]}],
        "mutedKinds": ["ADMIN_MATCH_ENDED"],
    }
    read = await ok(gateway, "{ notificationPreferences { digest mutedKinds } }")
    assert read["notificationPreferences"] == {
        "digest": "DAILY",
        "mutedKinds": ["ADMIN_MATCH_ENDED"],
    }

    # Only the kinds a person may turn off are values of the input's enum.
    refused = await gateway.run(
        UPDATE, user="ada", roles=("org_admin",), input={"mutedKinds": ["MATCH_ACCEPTED"]}
    )
    assert refused.get("data") is None, refused
    assert "MutedKind" in refused["errors"][0]["message"], refused
