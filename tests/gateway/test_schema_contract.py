"""The GraphQL schema is a contract: the committed SDL is current, and nothing a client of the
released schema relies on has been removed or changed incompatibly."""

import re
from pathlib import Path

import pytest
from graphql import build_schema as parse_sdl
from graphql import find_breaking_changes

from gateway.schema import build_schema
from gateway.settings import GatewaySettings

pytestmark = pytest.mark.contracts

GATEWAY = Path(__file__).resolve().parents[2] / "gateway"


def current_sdl() -> str:
    return build_schema(GatewaySettings()).as_str() + "\n"


def test_the_committed_sdl_is_what_the_code_serves() -> None:
    assert (GATEWAY / "schema.graphql").read_text() == current_sdl(), "run `make contracts`"


def test_no_breaking_change_against_the_released_schema() -> None:
    """`schema.released.graphql` moves only at a release, deliberately (`make release-schema`)."""
    released = parse_sdl((GATEWAY / "schema.released.graphql").read_text())
    changes = find_breaking_changes(released, parse_sdl(current_sdl()))
    assert [f"{change.type.name}: {change.description}" for change in changes] == []


def test_the_breaking_change_check_catches_a_removed_field() -> None:
    released = parse_sdl((GATEWAY / "schema.released.graphql").read_text())
    field = re.compile(r"\n\n  \"\"\"How many[^\n]*\n  unreadNotifications: Int!")
    trimmed = field.sub("", current_sdl(), count=1)  # Query's; Viewer has one too
    changes = find_breaking_changes(released, parse_sdl(trimmed))
    assert [change.description for change in changes] == [
        "Field Query.unreadNotifications was removed."
    ]
