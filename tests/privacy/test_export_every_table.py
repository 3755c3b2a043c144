"""Each service's export holds every row naming the person, in every table a person can appear
in: the tables are filled from the metadata alone, so a table added later is filled too, and a
person column the service does not declare fails the first test."""

from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest
from fastapi import FastAPI

import feedback.app
import goals.app
import matching.app
import notifications.app
from feedback.privacy.repository import PERSON as FEEDBACK
from feedback.settings import FeedbackSettings
from goals.privacy.repository import PERSON as GOALS
from goals.settings import GoalsSettings
from kit.auth import TokenVerifier
from kit.devtokens import DevIssuer
from kit.privacy import PersonData, undeclared_person_columns
from kit.runtime import ServiceDefinition
from kit.settings import ServiceSettings
from matching.privacy.repository import PERSON as MATCHING
from matching.settings import MatchingSettings
from notifications.privacy.repository import PERSON as NOTIFICATIONS
from notifications.settings import NotificationsSettings
from tests.backends import Backend
from tests.infra.apps import bearer, serve
from tests.privacy.rows import fill

SERVICES: dict[str, tuple[ModuleType, type[ServiceSettings], PersonData]] = {
    "matching": (matching.app, MatchingSettings, MATCHING),
    "goals": (goals.app, GoalsSettings, GOALS),
    "feedback": (feedback.app, FeedbackSettings, FEEDBACK),
    "notifications": (notifications.app, NotificationsSettings, NOTIFICATIONS),
}


@pytest.mark.unit
@pytest.mark.parametrize("service", SERVICES)
def test_every_person_column_is_declared(service: str) -> None:
    app, _, person = SERVICES[service]
    definition: ServiceDefinition = app.DEFINITION
    assert undeclared_person_columns(definition.metadata, person) == []
    for table, columns in {**person.user_columns, **person.identity_columns}.items():
        assert set(columns) <= set(definition.metadata.tables[table].c.keys()), table


def _keys(rows: list[dict[str, Any]], key: Callable[[dict[str, Any]], Any]) -> set[Any]:
    return {key(row) for row in rows}


@pytest.mark.parametrize("service", SERVICES)
async def test_the_export_holds_every_row_naming_the_person(
    service: str, backend: Backend, verifier: TokenVerifier, issuer: DevIssuer
) -> None:
    module, settings_class, person = SERVICES[service]
    definition: ServiceDefinition = module.DEFINITION
    app: FastAPI = module.create_app(backend.settings(settings_class), backend.bus, verifier)
    async with serve(app) as client:
        async with app.state.runtime.sessions() as session:
            theirs = await fill(session, definition.metadata, person, "pia")
            others = await fill(session, definition.metadata, person, "zed", singletons_in=None)
            await session.commit()

        response = await client.get(
            "/v1/people/pia/export", headers=bearer(issuer.mint("pia", "acme", []))
        )
        assert response.status_code == 200, response.text
        export = response.json()
        assert export["service"] == service
        assert export["user_id"] == "pia"
        # Tables found through another identifier (feedback's HR records, by the HR id) come
        # on top of those naming the person's user id.
        assert set(person.user_columns) <= set(export["tables"])
        for table in person.user_columns:
            exported = export["tables"][table]
            withheld = person.withheld_columns.get(table, ())
            columns = definition.metadata.tables[table]
            # The row's key, or (when the key is a withheld secret) its texts.
            primary = [c.name for c in columns.primary_key.columns if c.name not in withheld]
            primary = primary or [
                c.name for c in columns.c if c.type.python_type is str and c.name not in withheld
            ]

            def key(row: dict[str, Any], primary: list[str] = primary) -> tuple[str, ...]:
                return tuple(str(row[c]) for c in primary)

            assert key(theirs[table]) in _keys(exported, key), table
            assert key(others[table]) not in _keys(exported, key), table
            assert all(set(withheld).isdisjoint(row) for row in exported), table


@pytest.mark.parametrize("service", SERVICES)
async def test_only_the_person_and_their_org_admins_may_export_what_is_held(
    service: str, backend: Backend, verifier: TokenVerifier, issuer: DevIssuer
) -> None:
    module, settings_class, person = SERVICES[service]
    definition: ServiceDefinition = module.DEFINITION
    app: FastAPI = module.create_app(backend.settings(settings_class), backend.bus, verifier)
    async with serve(app) as client:
        async with app.state.runtime.sessions() as session:
            await fill(session, definition.metadata, person, "pia")
            await session.commit()

        async def status(user: str, org: str, roles: list[str], of: str = "pia") -> int:
            headers = bearer(issuer.mint(user, org, roles))
            return (await client.get(f"/v1/people/{of}/export", headers=headers)).status_code

        assert await status("pia", "acme", []) == 200
        assert await status("ada", "acme", ["org_admin"]) == 200
        assert await status("zed", "acme", []) == 404
        assert await status("ada", "globex", ["org_admin"]) == 404  # pia is not of globex
        assert await status("ada", "acme", ["org_admin"], of="nobody") == 404
