"""Rate budgets are counted on the event loop alone: spending starts no thread (the `limits`
library's memory storage started a timer thread every 10 ms under load), budgets still refuse
past their quota, and keys of callers gone are swept so the table stays bounded."""

import threading
import time

import pytest

from kit import ratelimit
from kit.ratelimit import RateLimiter
from kit.settings import EdgeSettings

pytestmark = pytest.mark.unit


def limiter(**budgets: str) -> RateLimiter:
    return RateLimiter(EdgeSettings(**budgets))  # type: ignore[arg-type]


def test_spending_starts_no_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    budgets = limiter(rate_limit_principal="1000/minute")
    started: list[threading.Thread] = []
    start = threading.Thread.start

    def counted(thread: threading.Thread) -> None:
        started.append(thread)
        start(thread)

    monkeypatch.setattr(threading.Thread, "start", counted)
    for _ in range(3):
        for n in range(50):
            assert budgets.spend(budgets.principal, f"user-{n}") is None
        time.sleep(0.02)  # the old storage's timer (10 ms) is over: the next hit restarted it
    assert started == []


def test_a_spent_budget_is_refused_with_its_window() -> None:
    budgets = limiter(rate_limit_principal="3/minute")
    assert [budgets.spend(budgets.principal, "ada") for _ in range(3)] == [None] * 3
    refusal = budgets.spend(budgets.principal, "ada")
    assert refusal is not None
    assert refusal.item.amount == 3
    assert 1 <= refusal.retry_after <= 120
    assert budgets.spend(budgets.principal, "bo") is None  # another caller, its own budget


def test_keys_of_callers_gone_are_swept(monkeypatch: pytest.MonkeyPatch) -> None:
    budgets = limiter(rate_limit_principal="5/second")
    counters = budgets._limiter.storage
    assert isinstance(counters, ratelimit._Counters)
    for n in range(100):
        budgets.spend(budgets.principal, f"gone-{n}")
    assert len(counters.storage) >= 100
    # Their windows are over (as if the clock had moved on): the next spend sweeps them.
    for key in counters.expirations:
        counters.expirations[key] = time.time() - 1
    counters._next_sweep = 0.0
    budgets.spend(budgets.principal, "still-here")
    assert [key for key in counters.storage if "gone-" in key] == []
    assert any("still-here" in key for key in counters.storage)
