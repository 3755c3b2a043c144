"""In production the schema does not describe itself: no introspection, no "Did you mean"."""

import pytest

from gateway.schema import build_schema
from gateway.settings import GatewaySettings

pytestmark = pytest.mark.unit


async def test_production_refuses_introspection_and_gives_no_field_suggestions() -> None:
    production = build_schema(GatewaySettings(production=True))
    development = build_schema(GatewaySettings(production=False))
    introspection = "{ __schema { types { name } } }"
    typo = "{ unreadNotification }"

    refused = await production.execute(introspection)
    allowed = await development.execute(introspection)
    quiet = await production.execute(typo)
    helpful = await development.execute(typo)

    assert refused.errors
    assert refused.data is None
    assert allowed.errors is None
    assert quiet.errors
    assert helpful.errors
    assert "Did you mean" not in quiet.errors[0].message
    assert "Did you mean" in helpful.errors[0].message
