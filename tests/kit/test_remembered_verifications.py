"""A service's TokenVerifier remembers the tokens that passed, until their expiry or 60 s at
most, so the same token's signature is not checked again on every request; refused tokens are
never remembered, and the table stays bounded. Time is a clock the test moves: no sleeping."""

import time
from typing import Any

import pytest

from kit.auth import StaticKeySource, TokenVerifier
from kit.devtokens import DevIssuer
from kit.errors import UnauthorizedError

pytestmark = pytest.mark.unit


class CountingKeys(StaticKeySource):
    """The issuer's key, counting how often a signature needed it (once per real check)."""

    def __init__(self, issuer: DevIssuer) -> None:
        super().__init__(issuer.public_key_pem)
        self.checks = 0

    def known_key_for(self, token: str) -> Any | None:
        self.checks += 1
        return super().known_key_for(token)


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def verifier_for(issuer: DevIssuer, clock: Clock, **options: Any) -> tuple[TokenVerifier, Any]:
    keys = CountingKeys(issuer)
    return TokenVerifier(keys, issuer.issuer, issuer.audience, clock=clock, **options), keys


async def test_a_token_is_checked_once_and_then_remembered(issuer: DevIssuer) -> None:
    clock = Clock(time.time())
    verifier, keys = verifier_for(issuer, clock)
    ada, bo = issuer.mint("ada", "acme", ["org_admin"]), issuer.mint("bo", "acme")

    principals = [await verifier.verify(ada) for _ in range(5)]
    other = await verifier.verify(bo)

    assert {(p.user_id, p.org_id, p.roles) for p in principals} == {
        ("ada", "acme", frozenset({"org_admin"}))
    }
    assert all(p.token == ada for p in principals)
    assert other.user_id == "bo"
    assert keys.checks == 2


async def test_a_remembered_token_is_checked_again_after_60_seconds(issuer: DevIssuer) -> None:
    clock = Clock(time.time())
    verifier, keys = verifier_for(issuer, clock)
    token = issuer.mint("ada", "acme", ttl_seconds=3600)

    await verifier.verify(token)
    clock.now += 59
    await verifier.verify(token)
    assert keys.checks == 1
    clock.now += 2  # 61 s after the check
    await verifier.verify(token)
    assert keys.checks == 2


async def test_a_token_is_never_remembered_past_its_expiry(issuer: DevIssuer) -> None:
    """Expiring in 10 s: remembered for those 10 s only, then checked on every request
    (PyJWT judges expiry on the wall clock, which this test does not move)."""
    start = time.time()
    clock = Clock(start)
    verifier, keys = verifier_for(issuer, clock)
    token = issuer.mint("ada", "acme", ttl_seconds=10)

    await verifier.verify(token)
    clock.now = start + 9
    await verifier.verify(token)
    assert keys.checks == 1
    clock.now = start + 11
    await verifier.verify(token)  # past its expiry by the verifier's clock: checked again
    assert keys.checks == 2
    clock.now = start + 11.5
    await verifier.verify(token)  # and not remembered after that check either
    assert keys.checks == 3


async def test_an_expired_token_is_refused_every_time(issuer: DevIssuer) -> None:
    """Expired past the leeway: refused, and a refusal is never remembered."""
    clock = Clock(time.time())
    verifier, keys = verifier_for(issuer, clock)
    expired = issuer.mint("ada", "acme", ttl_seconds=-120)

    for attempt in range(1, 4):
        with pytest.raises(UnauthorizedError):
            await verifier.verify(expired)
        assert keys.checks == attempt


async def test_refused_tokens_are_not_remembered(issuer: DevIssuer) -> None:
    clock = Clock(time.time())
    verifier, keys = verifier_for(issuer, clock)
    forged = DevIssuer.generate().mint("ada", "acme", ["org_admin"])

    for _ in range(3):
        outcome = await verifier.outcome(forged)
        assert isinstance(outcome, UnauthorizedError)
    assert keys.checks == 3


async def test_the_table_is_bounded_oldest_out_first(issuer: DevIssuer) -> None:
    clock = Clock(time.time())
    verifier, keys = verifier_for(issuer, clock, capacity=2)
    first, second, third = (issuer.mint(name, "acme") for name in ("a", "b", "c"))

    for token in (first, second, third):
        await verifier.verify(token)
    assert keys.checks == 3
    await verifier.verify(third)
    await verifier.verify(second)
    assert keys.checks == 3  # the two newest are remembered
    await verifier.verify(first)
    assert keys.checks == 4  # the oldest was dropped


async def test_remembering_can_be_turned_off_and_not_stretched() -> None:
    issuer = DevIssuer.generate()
    clock = Clock(time.time())
    verifier, keys = verifier_for(issuer, clock, remember_seconds=0)
    token = issuer.mint("ada", "acme")
    await verifier.verify(token)
    await verifier.verify(token)
    assert keys.checks == 2
    with pytest.raises(ValueError, match="remember_seconds"):
        verifier_for(issuer, clock, remember_seconds=61)
