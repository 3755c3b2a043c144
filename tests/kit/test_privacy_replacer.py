"""How an erasure rewrites texts: whole identifiers only, inside JSON by value."""

import json

import pytest

from kit.privacy import ERASED, Replacer

pytestmark = pytest.mark.unit

REPLACER = Replacer({"ann": "erased-1", "Ann Lee": ERASED, "mo": "erased-2"})


def test_an_identifier_is_replaced_as_a_whole_word_only() -> None:
    assert REPLACER.text("ann") == "erased-1"
    assert REPLACER.text("Joanna met ann and Ann Lee") == f"Joanna met erased-1 and {ERASED}"


def test_a_short_identifier_is_replaced_where_it_is_a_whole_value() -> None:
    assert REPLACER.text("mo") == "erased-2"
    assert REPLACER.text("mo said hello") == "mo said hello"  # too short to search texts for
    assert REPLACER.document({"mo": ["mo", "mode"]}) == {"erased-2": ["erased-2", "mode"]}


def test_json_texts_and_bytes_are_rewritten_by_value() -> None:
    event = json.dumps({"data": {"user_id": "mo", "note": "ann was here"}})
    rewritten = json.loads(REPLACER.text(event))
    assert rewritten == {"data": {"user_id": "erased-2", "note": "erased-1 was here"}}
    assert json.loads(REPLACER.value(event.encode()))["data"]["user_id"] == "erased-2"
    untouched = json.dumps({"mode": 1}, indent=2)
    assert REPLACER.text(untouched) == untouched
