"""The committed contract files are what the code produces, and say what consumers rely on."""

import json

import pytest
import yaml

from contracts import PUBLISHED
from mentorship.generate import CONTRACTS, stale_files

pytestmark = pytest.mark.contracts


def test_committed_contract_files_are_up_to_date() -> None:
    assert stale_files() == [], "run `make contracts` and commit the result"


def test_every_published_event_type_is_a_versioned_past_tense_fact() -> None:
    for event_type in PUBLISHED:
        parts = event_type.split(".")
        assert parts[0] == "mentorship", event_type
        assert len(parts) == 5, event_type
        assert parts[-1].startswith("v"), event_type
        assert parts[-1][1:].isdigit(), event_type
        verb = parts[3]
        # Irregular past participles, and DESIGN's "overdue" for "became overdue".
        assert verb.endswith("ed") or verb in {"withdrawn", "overdue"}, event_type


def test_asyncapi_lists_every_published_event_with_its_schema() -> None:
    document = yaml.safe_load((CONTRACTS / "asyncapi.yaml").read_text())
    assert document["asyncapi"] == "3.0.0"
    titles = {message["name"] for message in document["components"]["messages"].values()}
    published = set(PUBLISHED)
    assert titles == published
    for path in (CONTRACTS / "schemas").glob("*.json"):
        assert json.loads(path.read_text())["title"] in published
