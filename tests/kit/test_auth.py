"""Tokens: only a valid signature from the configured issuer, for our audience, gets in."""

import base64
import json
import time

import jwt
import pytest

from kit.auth import ORG_ADMIN, Principal, StaticKeySource, TokenVerifier
from kit.devtokens import DevIssuer
from kit.errors import UnauthorizedError

pytestmark = pytest.mark.unit

ISSUER = DevIssuer.generate()
OTHER = DevIssuer.generate()
VERIFIER = TokenVerifier(StaticKeySource(ISSUER.public_key_pem), ISSUER.issuer, ISSUER.audience)


def claims(**changes: object) -> dict[str, object]:
    now = int(time.time())
    base: dict[str, object] = {
        "sub": "ada",
        "org": "acme",
        "roles": ["org_admin"],
        "iss": ISSUER.issuer,
        "aud": ISSUER.audience,
        "iat": now,
        "exp": now + 600,
    }
    base.update(changes)
    return {k: v for k, v in base.items() if v is not None}


def unsigned(payload: dict[str, object]) -> str:
    def part(data: object) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(payload)}."


def signed(payload: dict[str, object], issuer: DevIssuer = ISSUER) -> str:
    return jwt.encode(payload, issuer.private_key_pem, algorithm="RS256")


async def test_a_valid_token_yields_user_tenant_and_roles() -> None:
    principal = await VERIFIER.verify(signed(claims()))
    assert (principal.user_id, principal.org_id, principal.is_org_admin) == ("ada", "acme", True)


@pytest.mark.parametrize(
    "token",
    [
        signed(claims(exp=int(time.time()) - 120)),
        signed(claims(aud="someone-else")),
        signed(claims(iss="https://evil.example")),
        signed(claims(org=None)),
        signed(claims(exp=None)),
        signed(claims(roles="org_admin")),
        signed(claims(), issuer=OTHER),
        unsigned(claims()),
        jwt.encode(claims(), ISSUER.public_key_pem.encode()[:32], algorithm="HS256"),
        signed(claims())[:-4] + "AAAA",
        "not-a-token",
    ],
    ids=[
        "expired",
        "wrong-audience",
        "wrong-issuer",
        "no-org",
        "no-exp",
        "roles-not-list",
        "other-key",
        "alg-none",
        "hs256",
        "tampered",
        "garbage",
    ],
)
async def test_bad_tokens_are_unauthorized(token: str) -> None:
    with pytest.raises(UnauthorizedError):
        await VERIFIER.verify(token)


def test_org_admins_administer_everything_of_their_org_and_others_what_lists_them() -> None:
    admin = Principal("ada", "acme", frozenset({ORG_ADMIN}))
    member = Principal("bob", "acme")
    assert admin.administers(None)
    assert admin.administers(["someone"])
    assert member.administers(["bob", "cat"])
    assert not member.administers(["cat"])
    assert not member.administers(None)
