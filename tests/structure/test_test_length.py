"""A scenario reads as steps: a test function longer than a screen is split where its story
turns, each part a test of its own."""

import ast
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

TESTS = Path(__file__).resolve().parents[1]
LONGEST = 90


def _length(node: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    return (node.end_lineno or node.lineno) - node.lineno + 1


def test_no_test_function_is_longer_than_a_screen() -> None:
    too_long = [
        f"{path.relative_to(TESTS)}::{node.name} ({_length(node)} lines)"
        for path in sorted(TESTS.rglob("test_*.py"))
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.name.startswith("test_")
        and _length(node) > LONGEST
    ]
    assert not too_long, "split these into steps:\n" + "\n".join(too_long)
