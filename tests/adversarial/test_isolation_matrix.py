"""The tenant/role isolation matrix, generated from the services' OpenAPI documents.

For every operation whose path names an object, the object is a seeded one of org `acme`
(program Spring, the match maria → tom, its goal, check-in, feedback…), and every caller who
may not see it calls the operation: another org's admin, a member of the org in no program, the
mentee of another match of the same program, the admin of another program, and no token.

Expected: 404, exactly as for an id that does not exist (401 without a token). Two nuances:
- The other match's mentee (tina) is a participant of the program: she legitimately sees the
  program, its participants' directory entries, its runs' existence and its resources. On
  operations whose outermost object is program-level (`INSIDER_RESOURCES`) her reads are not in
  the matrix, and her writes may be 403 (she sees the object, may not act) or 404.
- A 422 is accepted only when the same request on a missing id is also 422 (the request is
  refused before any lookup, so it tells nothing about the object).
Writes must change nothing: the service's tables are compared before and after.

SCIM operations (matching's /scim/v2) take the organisation's SCIM secret, not a JWT: their
owner is acme's identity provider, and their outsiders are globex's (404), acme's secret before
its rotation, an acme org admin's JWT and no token (401).

A new endpoint joins by existing: its path parameters must be in `RESOURCES` (or
`NOT_OBJECT_IDS`), else `test_every_path_parameter_is_mapped` fails.
"""

import json
from collections.abc import Iterator
from typing import Any
from uuid import UUID

import httpx
import hypothesis
import pytest
import schemathesis
from schemathesis import GenerationMode
from sqlalchemy import text

from kit.devtokens import DevIssuer
from tests.adversarial.operations import (
    FIXED_VALUES,
    NOT_OBJECT_IDS,
    RESOURCES,
    Operation,
    openapi,
    operations,
)
from tests.adversarial.stack import Stack
from tests.adversarial.world import (
    ANONYMOUS,
    CLOSED_MENTEE,
    MENTEE,
    MENTOR,
    ORG,
    ORG_ADMIN,
    OTHER_MENTEE,
    OTHER_ORG,
    OUTSIDERS,
    PROGRAM_ADMIN,
    Caller,
    World,
)

pytestmark = pytest.mark.adversarial

MISSING = str(UUID(int=0xADD))  # an id no seeded object has

# Who sees each resource and should get anything but 404 (the positive control of reads).
OWNERS: dict[str, Caller] = {
    "program": PROGRAM_ADMIN,
    "participant": PROGRAM_ADMIN,
    "mentee_participant": PROGRAM_ADMIN,
    "mentor_participant": PROGRAM_ADMIN,
    "run": PROGRAM_ADMIN,
    "circle": PROGRAM_ADMIN,
    "resource": PROGRAM_ADMIN,
    "match": PROGRAM_ADMIN,
    "goal": MENTEE,
    "milestone": MENTEE,
    "checkin": MENTEE,
    "feed": MENTEE,
    "feedback_request": MENTEE,
    "submission": MENTOR,
    "survey": CLOSED_MENTEE,
    "notification": MENTEE,
    "webhook_endpoint": ORG_ADMIN,
    "person": MENTEE,
    "scim_user": ORG_ADMIN,  # through the org's SCIM secret (`scim_callers`)
}

# Objects that every member of the org sees: programs (they must, to enrol: matching's
# programs.service.get). The org's other members are insiders of these, not outsiders.
ORG_VISIBLE = {"program"}

# Program-level objects that every participant of the program may see (see the module doc).
INSIDER_RESOURCES = {
    "program",
    "participant",
    "mentee_participant",
    "mentor_participant",
    "run",
    "resource",
}

# (operation, caller) pairs where the caller may legitimately act, with why.
LEGITIMATE: dict[tuple[str, str], str] = {
    ("goals:POST /v1/resources/{resource_id}/completion", OTHER_MENTEE.name): (
        "a program's resources are addressed to its participants: completing one records "
        "tina's own progress"
    ),
}

MATRIX_OPERATIONS = [
    op
    for op in operations()
    if not op.is_public and any(name in RESOURCES for name in op.path_parameters)
]
PROBED: list[tuple[str, str, int]] = []


def test_every_path_parameter_is_mapped() -> None:
    """A new id-taking endpoint cannot stay out of the matrix by accident."""
    unmapped = sorted(
        f"{op.id}: {{{name}}}"
        for op in operations()
        for name in op.path_parameters
        if name not in RESOURCES and name not in NOT_OBJECT_IDS
    )
    assert not unmapped, (
        "map these path parameters to a seeded resource in tests/adversarial/operations.py "
        f"(RESOURCES, and seed one in world.py), or explain them in NOT_OBJECT_IDS: {unmapped}"
    )


def test_every_resource_has_a_seeded_object_and_an_owner(world: World) -> None:
    assert set(RESOURCES.values()) <= set(world.ids), set(RESOURCES.values()) - set(world.ids)
    assert set(RESOURCES.values()) <= set(OWNERS)


@pytest.fixture(scope="module", autouse=True)
def report() -> Iterator[None]:
    yield
    operations_probed = len({op for op, _, _ in PROBED})
    callers = len({caller for _, caller, _ in PROBED})
    print(
        f"\nisolation matrix: {operations_probed} operations x up to {callers} callers = "
        f"{len(PROBED)} probes"
    )


def outer_resource(op: Operation) -> str:
    return next(RESOURCES[name] for name in op.path_parameters if name in RESOURCES)


def path_for(op: Operation, world: World, missing: bool = False) -> str:
    path = op.path
    outer = True
    for name in op.path_parameters:
        if name in RESOURCES:
            value = MISSING if missing and outer else world.ids[RESOURCES[name]]
            outer = False
        else:
            value = FIXED_VALUES.get(name, "x")
        path = path.replace(f"{{{name}}}", value)
    return path


def valid_request(op: Operation, world: World) -> dict[str, Any]:
    """The first valid request hypothesis draws for the operation (derandomized): a body that
    passes validation, so that authorisation, not the schema, decides the answer."""
    schema = schemathesis.openapi.from_dict(openapi(op.service))
    strategy = schema[op.path][op.method.upper()].as_strategy(
        generation_mode=GenerationMode.POSITIVE
    )
    drawn: list[Any] = []

    @hypothesis.settings(
        max_examples=1,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[hypothesis.Phase.generate],
        suppress_health_check=list(hypothesis.HealthCheck),
    )
    @hypothesis.given(strategy)
    def first(case: Any) -> None:
        if not drawn:
            drawn.append(case)

    first()
    case = drawn[0]
    request: dict[str, Any] = {}
    required = {
        p["name"]
        for p in op.spec.get("parameters", [])
        if p.get("in") == "query" and p.get("required")
    }
    query = {k: v for k, v in (case.query or {}).items() if k in required}
    query.update({k: world.ids[RESOURCES[k]] for k in query if k in RESOURCES})
    if query:
        request["params"] = query
    if op.is_write and case.body is not None and not isinstance(case.body, type(...)):
        body = case.body
        if isinstance(body, dict | list | str | int | float | bool):
            request["json"] = body
    return request


def dump(stack: Stack, service: str) -> str:
    """Every row of every table of the service's database, in a stable order."""

    async def read() -> str:
        async with stack.apps[service].state.runtime.sessions() as session:
            names = (
                await session.execute(
                    text(
                        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                        "AND tablename <> 'alembic_version' ORDER BY tablename"
                    )
                )
            ).scalars()
            tables = {}
            for name in list(names):
                rows = await session.execute(
                    text(f'SELECT row_to_json(t)::text AS r FROM "{name}" t ORDER BY 1')
                )
                tables[name] = sorted(rows.scalars())
            return json.dumps(tables, sort_keys=True)

    return stack.call(read)


def problem_code(response: httpx.Response) -> str | None:
    try:
        body = response.json()
    except ValueError:
        return None
    return body.get("code") if isinstance(body, dict) else None


def acceptable(
    op: Operation, caller: Caller, response: httpx.Response, missing: httpx.Response
) -> bool:
    status = response.status_code
    if caller is ANONYMOUS:
        return status == 401
    if status == 404:
        return True
    same_as_missing = (status, problem_code(response)) == (
        missing.status_code,
        problem_code(missing),
    )
    if status in (403, 422) and same_as_missing:
        return True  # refused before any lookup (a role, the body): tells nothing
    resource = outer_resource(op)
    insider = caller.org == ORG and (
        resource in ORG_VISIBLE or (caller is OTHER_MENTEE and resource in INSIDER_RESOURCES)
    )
    if not insider:
        return False
    if op.is_write:
        return status == 403  # sees the object, may not act on it
    # Sees the object: may be refused (403), told its state does not allow it (409), or
    # answered, but a list must hold nothing of others (this caller has nothing there).
    if status in (403, 409):
        return True
    return 200 <= status < 300 and not has_items(response)


def has_items(response: httpx.Response) -> bool:
    """Whether the answer holds anything beyond the visible object itself: a page with items,
    or a body that is not JSON (an export), which this generic check cannot judge."""
    try:
        body = response.json()
    except ValueError:
        return True
    if not isinstance(body, dict):
        return True
    items = body.get("items")
    return items is not None and len(items) > 0


@pytest.mark.parametrize(
    "op",
    [pytest.param(op, id=op.id) for op in MATRIX_OPERATIONS],
)
def test_outsiders_get_404_and_change_nothing(
    op: Operation, stack: Stack, world: World, issuer: DevIssuer
) -> None:
    request = valid_request(op, world)
    if op.uses_scim:
        scim_isolation(op, stack, world, issuer, request)
        return
    resource = outer_resource(op)
    path = path_for(op, world)
    if not op.is_write:
        owner = stack.request(
            op.service, op.method, path, headers=OWNERS[resource].headers(issuer), **request
        )
        control = (
            f"positive control: the owner ({OWNERS[resource].name}) must see {path}: "
            f"{owner.status_code} {owner.text[:300]}"
        )
        assert owner.status_code != 404, control
        assert owner.status_code < 500, control
    before = dump(stack, op.service) if op.is_write else ""
    failures = []
    for caller in OUTSIDERS:
        if (op.id, caller.name) in LEGITIMATE:
            continue
        if caller is OTHER_MENTEE and resource in INSIDER_RESOURCES and not op.is_write:
            continue  # she sees the program's objects (module doc)
        headers = caller.headers(issuer)
        response = stack.request(op.service, op.method, path, headers=headers, **request)
        missing = stack.request(
            op.service, op.method, path_for(op, world, missing=True), headers=headers, **request
        )
        PROBED.append((op.id, caller.name, response.status_code))
        if not acceptable(op, caller, response, missing):
            failures.append(
                f"{caller.name}: {response.status_code} (missing id: {missing.status_code}) "
                f"{response.text[:300]}"
            )
    if op.is_write:
        after = dump(stack, op.service)
        if before != after:
            failures.append(f"the {op.service} database changed")
    assert not failures, f"{op.id} with {request}:\n" + "\n".join(failures)


SCIM_USER = "urn:ietf:params:scim:schemas:core:2.0:User"
SCIM_BODIES: dict[str, dict[str, Any]] = {
    "put": {"json": {"schemas": [SCIM_USER], "userName": "intruder", "active": False}},
    "patch": {
        "json": {
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [{"op": "replace", "value": {"active": False}}],
        }
    },
}


def scim_callers(world: World, issuer: DevIssuer) -> dict[str, tuple[dict[str, str], int]]:
    """Who calls a SCIM operation on acme's person, and the status each must get."""
    return {
        "other_org_idp": (world.scim[OTHER_ORG], 404),
        "voided_secret": (world.scim["voided"], 401),
        "org_admin_jwt": (ORG_ADMIN.headers(issuer), 401),
        ANONYMOUS.name: ({}, 401),
    }


def scim_isolation(
    op: Operation, stack: Stack, world: World, issuer: DevIssuer, request: dict[str, Any]
) -> None:
    path = path_for(op, world)
    # A body the service accepts, so that the secret, not the schema, decides (the drawn one
    # may lack what scim2-models requires, e.g. userName, which the JSON Schema cannot say).
    request = {**request, **SCIM_BODIES.get(op.method, {})}
    if not op.is_write:
        owner = stack.request(op.service, op.method, path, headers=world.scim[ORG], **request)
        control = f"positive control: acme's IdP must see {path}: {owner.status_code} {owner.text}"
        assert owner.status_code == 200, control
    before = dump(stack, op.service) if op.is_write else ""
    failures = []
    for name, (headers, expected) in scim_callers(world, issuer).items():
        response = stack.request(op.service, op.method, path, headers=headers, **request)
        PROBED.append((op.id, name, response.status_code))
        if response.status_code != expected:
            failures.append(f"{name}: {response.status_code} {response.text[:300]}")
    if op.is_write and dump(stack, op.service) != before:
        failures.append(f"the {op.service} database changed")
    assert not failures, f"{op.id} with {request}:\n" + "\n".join(failures)


def test_calendar_feed_secret_is_the_only_key(stack: Stack, world: World) -> None:
    """The one id-taking public path: a wrong secret is 404, the right one is the feed."""
    right = stack.request("goals", "GET", f"/v1/calendar/{world.calendar_token}.ics")
    wrong = stack.request("goals", "GET", f"/v1/calendar/{world.calendar_token[:-2]}xx.ics")
    assert right.status_code == 200, right.text
    assert wrong.status_code == 404, wrong.text
