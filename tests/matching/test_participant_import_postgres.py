"""A large CSV import on PostgreSQL: looking up its ids stays within asyncpg's 32,767 bind
parameters (issue 12, item 8: an import of more rows than that was a 500)."""

from collections.abc import AsyncIterator

import httpx
import pytest

from kit.auth import TokenVerifier
from kit.devtokens import DevIssuer
from kit.events.bus import InProcessBus
from matching.app import create_app
from matching.settings import MatchingSettings
from tests.infra.apps import bearer, serve

pytestmark = pytest.mark.integration
ROWS = 33_000


@pytest.fixture
async def api(database_url: str, verifier: TokenVerifier) -> AsyncIterator[httpx.AsyncClient]:
    settings = MatchingSettings(database_url=database_url, auto_migrate=True, log_json=False)
    async with serve(create_app(settings, InProcessBus(), verifier)) as client:
        yield client


async def test_an_import_of_more_ids_than_bind_parameters_is_checked_not_a_500(
    api: httpx.AsyncClient, issuer: DevIssuer
) -> None:
    admin = bearer(issuer.mint("ada", "acme", ["org_admin"]))
    program = await api.post("/v1/programs", json={"name": "Big"}, headers=admin)
    assert program.status_code == 201, program.text
    lines = ["external_id,user_id,role,display_name"]
    lines += [f"hr-{n},user-{n},mentee,Person {n}" for n in range(ROWS)]
    lines.append("hr-last,user-last,sculptor,Last")  # one bad row: checked, nothing written
    response = await api.post(
        f"/v1/programs/{program.json()['id']}/participants/import",
        content="\n".join(lines).encode(),
        headers={**admin, "content-type": "text/csv"},
    )
    assert response.status_code == 422, response.text[:500]
    assert [(e["row"], e["column"]) for e in response.json()["errors"]] == [(ROWS + 1, "role")]
