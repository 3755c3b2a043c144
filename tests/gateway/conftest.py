"""Fixtures of the gateway's own tests (see `canned`)."""

import pytest

from tests.gateway.canned import Calls, Validations


@pytest.fixture
def calls() -> Calls:
    return Calls()


@pytest.fixture
def validations(monkeypatch: pytest.MonkeyPatch) -> Validations:
    return Validations(monkeypatch)
