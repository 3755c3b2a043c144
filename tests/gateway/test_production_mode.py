"""In production the schema does not describe itself: no introspection, no "Did you mean"."""

from typing import Any

import pytest

from gateway.schema import build_schema
from gateway.settings import GatewaySettings

pytestmark = pytest.mark.unit

PROGRAM_ID = "0f8fad5b-d9cb-469f-a165-70867728950e"


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


CREATE = "mutation($input: ProgramInput!) { createProgram(input: $input) { __typename } }"
TYPOS: list[tuple[str, str, dict[str, Any] | None]] = [
    ("argument", f'{{ program(idd: "{PROGRAM_ID}") {{ name }} }}', None),
    ("type", "query($id: IDD!) { program(id: $id) { name } }", None),
    (
        "enum value",
        f'mutation {{ changeProgramStatus(id: "{PROGRAM_ID}", status: ACTIV) {{ __typename }} }}',
        None,
    ),
    ("input field", 'mutation { createProgram(input: {nme: "x"}) { __typename } }', None),
    ("variable's input field", CREATE, {"input": {"name": "x", "fromat": "GROUP"}}),
    ("variable's enum value", CREATE, {"input": {"name": "x", "format": "GRUOP"}}),
]


@pytest.mark.parametrize(("what", "document", "variables"), TYPOS, ids=[t[0] for t in TYPOS])
async def test_production_suggests_nothing_anywhere(
    what: str, document: str, variables: dict[str, Any] | None
) -> None:
    production = build_schema(GatewaySettings(production=True))
    development = build_schema(GatewaySettings(production=False))

    quiet = await production.execute(document, variable_values=variables)
    helpful = await development.execute(document, variable_values=variables)

    assert quiet.errors, what
    assert helpful.errors, what
    assert not any("Did you mean" in error.message for error in quiet.errors), quiet.errors
    assert any("Did you mean" in error.message for error in helpful.errors), helpful.errors
