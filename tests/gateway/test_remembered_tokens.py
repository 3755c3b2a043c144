"""A verified token is remembered until its expiry (60 s at most), so the same token is not
verified again on every request; refused and expired tokens are never served from memory."""

import asyncio

import pytest

from gateway.auth import RememberedTokens
from kit.auth import Principal, TokenVerifier
from kit.devtokens import DevIssuer
from kit.errors import UnauthorizedError

pytestmark = pytest.mark.unit


class Counting:
    def __init__(self, verifier: TokenVerifier) -> None:
        self.verifier = verifier
        self.calls = 0

    async def verify(self, token: str) -> Principal:
        self.calls += 1
        return await self.verifier.verify(token)


async def test_a_token_is_verified_once_while_it_is_valid(
    issuer: DevIssuer, verifier: TokenVerifier
) -> None:
    counting = Counting(verifier)
    remembered = RememberedTokens(counting)
    token = issuer.mint("ada", "acme", ["org_admin"])

    principals = [await remembered.verify(token) for _ in range(5)]
    other = await remembered.verify(issuer.mint("bo", "acme"))

    assert {p.user_id for p in principals} == {"ada"}
    assert other.user_id == "bo"
    assert counting.calls == 2


async def test_refused_and_expiring_tokens_are_checked_every_time(
    issuer: DevIssuer, verifier: TokenVerifier
) -> None:
    counting = Counting(verifier)
    remembered = RememberedTokens(counting, ttl_seconds=0.5)
    for _ in range(2):
        with pytest.raises(UnauthorizedError):
            await remembered.verify("not.a.token")
    token = issuer.mint("ada", "acme")
    await remembered.verify(token)
    await asyncio.sleep(0.6)  # past the time it may be remembered: a bound, not a timing check
    await remembered.verify(token)

    assert counting.calls == 4
