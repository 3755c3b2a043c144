"""The SCIM credential through the gateway (embedded backend): an org admin gets a secret that
the identity provider then uses on matching's /scim/v2; anyone else is refused."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from mentorship.embedded import create_embedded_app, dev_issuer
from tests.gateway.test_graphql_api import Gateway
from tests.infra.apps import serve

pytestmark = pytest.mark.embedded

ROTATE = """mutation { rotateScimCredential {
  __typename ... on ScimCredential { secret basePath createdAt }
  ... on NotAllowed { message } } }"""


@pytest.fixture
async def gateway(tmp_path: Path) -> AsyncIterator[Gateway]:
    async with serve(create_embedded_app(tmp_path)) as client:
        yield Gateway(client, dev_issuer(tmp_path))


async def test_an_org_admin_rotates_the_scim_secret_and_the_idp_uses_it(gateway: Gateway) -> None:
    first = (await gateway.run(ROTATE))["data"]["rotateScimCredential"]
    assert (first["__typename"], first["basePath"]) == ("ScimCredential", "/scim/v2")
    second = (await gateway.run(ROTATE))["data"]["rotateScimCredential"]

    async def users(secret: str) -> int:
        response = await gateway.client.get(
            "/matching/scim/v2/Users", headers={"Authorization": f"Bearer {secret}"}
        )
        return response.status_code

    assert await users(second["secret"]) == 200
    assert await users(first["secret"]) == 401


async def test_only_org_admins_may_rotate_it(gateway: Gateway) -> None:
    refused = await gateway.run(ROTATE, user="bob", roles=())
    assert refused["data"] is None
    assert "org_admin" in refused["errors"][0]["message"]
