"""Tokens: only a valid signature from the configured issuer, for our audience, gets in.

Every forged, foreign or malformed token is refused with 401 (problem+json with
`WWW-Authenticate`), whatever algorithm or key it claims; none may cause a server error.
"""

import base64
import hashlib
import hmac
import json
import time
from pathlib import Path

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from gateway.app import create_app as create_gateway
from gateway.context import SERVICES
from gateway.settings import GatewaySettings
from kit.auth import ORG_ADMIN, Principal, StaticKeySource, TokenVerifier
from kit.devtokens import DevIssuer
from kit.errors import UnauthorizedError
from tests.infra.apps import serve
from tests.kit.edge_harness import edge_app

pytestmark = pytest.mark.unit

ISSUER = DevIssuer.generate()
OTHER = DevIssuer.generate()
EC_KEY = ec.generate_private_key(ec.SECP256R1())
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


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def part(data: object) -> str:
    return b64(json.dumps(data).encode())


def unsigned(payload: dict[str, object], alg: str = "none") -> str:
    return f"{part({'alg': alg, 'typ': 'JWT'})}.{part(payload)}."


def signed(payload: dict[str, object], issuer: DevIssuer = ISSUER) -> str:
    return jwt.encode(payload, issuer.private_key_pem, algorithm="RS256")


def hs256_with_public_key(payload: dict[str, object]) -> str:
    """The classic confusion attack: HMAC keyed with the (public) verification key."""
    signing_input = f"{part({'alg': 'HS256', 'typ': 'JWT'})}.{part(payload)}"
    mac = hmac.new(ISSUER.public_key_pem.encode(), signing_input.encode(), hashlib.sha256)
    return f"{signing_input}.{b64(mac.digest())}"


def with_header(header: object, payload: object = None) -> str:
    return f"{part(header)}.{part(payload if payload is not None else claims())}.c2ln"


FORGED: dict[str, str] = {
    "alg-none": unsigned(claims()),
    "alg-none-uppercase": unsigned(claims(), alg="NONE"),
    "hs256-public-key-as-secret": hs256_with_public_key(claims()),
    "es256-random-ec-key": jwt.encode(claims(), EC_KEY, algorithm="ES256"),
    "es256-random-ec-key-with-kid": jwt.encode(
        claims(), EC_KEY, algorithm="ES256", headers={"kid": "k1"}
    ),
    "es512-header": with_header({"alg": "ES512", "typ": "JWT"}),
    "ps256-header": with_header({"alg": "PS256", "typ": "JWT"}),
    "rs256-other-key": signed(claims(), issuer=OTHER),
    "tampered-signature": signed(claims())[:-4] + "AAAA",
    "tampered-payload": ".".join(
        [signed(claims()).split(".")[0], part(claims(sub="eve")), signed(claims()).split(".")[2]]
    ),
    "garbage": "not-a-token",
    "three-garbage-parts": "a.b.c",
    "empty-parts": "..",
    "header-not-an-object": with_header(["RS256"]),
    "payload-not-an-object": with_header({"alg": "RS256"}, [1, 2]),
    "kid-not-a-string": with_header({"alg": "RS256", "kid": {"x": 1}}),
    "wrong-issuer": signed(claims(iss="https://evil.example")),
    "wrong-audience": signed(claims(aud="someone-else")),
    "expired": signed(claims(exp=int(time.time()) - 120)),
    "not-yet-valid": signed(claims(nbf=int(time.time()) + 3600)),
    "no-sub": signed(claims(sub=None)),
    "sub-not-a-string": signed(claims(sub=42)),
    "no-org": signed(claims(org=None)),
    "no-exp": signed(claims(exp=None)),
    "no-iat": signed(claims(iat=None)),
    "roles-not-a-list": signed(claims(roles="org_admin")),
    "huge": signed(claims(padding="x" * 20_000)),
    "non-ascii": "tökén." + signed(claims()),
}


async def test_a_valid_token_yields_user_tenant_and_roles() -> None:
    principal = await VERIFIER.verify(signed(claims()))
    assert (principal.user_id, principal.org_id, principal.is_org_admin) == ("ada", "acme", True)


async def test_an_es256_issuer_is_accepted_too() -> None:
    pem = (
        EC_KEY.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    verifier = TokenVerifier(StaticKeySource(pem), ISSUER.issuer, ISSUER.audience)
    principal = await verifier.verify(jwt.encode(claims(), EC_KEY, algorithm="ES256"))
    assert principal.user_id == "ada"
    with pytest.raises(UnauthorizedError):  # and the RSA issuer's tokens are not
        await verifier.verify(signed(claims()))


@pytest.mark.parametrize("token", FORGED.values(), ids=FORGED.keys())
async def test_forged_and_malformed_tokens_are_unauthorized(token: str) -> None:
    with pytest.raises(UnauthorizedError):
        await VERIFIER.verify(token)


async def test_a_megabyte_token_is_refused_unread() -> None:
    with pytest.raises(UnauthorizedError):
        await VERIFIER.verify(signed(claims(padding="x" * 1_000_000)))


@pytest.mark.embedded
async def test_every_forged_token_gets_401_problem_json_over_http(tmp_path: Path) -> None:
    app = edge_app(tmp_path, VERIFIER, rate_limit_failed_auth="")
    async with serve(app) as client:
        assert (await client.get("/whoami", headers=bearer(signed(claims())))).status_code == 200
        answers = {}
        for name, token in FORGED.items():
            response = await client.get(
                "/whoami", headers=[(b"authorization", b"Bearer " + token.encode())]
            )
            answers[name] = (
                response.status_code,
                response.headers.get("content-type"),
                response.headers.get("www-authenticate"),
                response.json().get("code"),
            )
    expected = (401, "application/problem+json", "Bearer", "unauthorized")
    assert {name: answer for name, answer in answers.items() if answer != expected} == {}


@pytest.mark.embedded
async def test_every_forged_token_gets_401_problem_json_from_the_gateway() -> None:
    transports = {
        name: httpx.MockTransport(lambda request: httpx.Response(404, json={"status": 404}))
        for name in SERVICES
    }
    app = create_gateway(
        GatewaySettings(log_json=False, rate_limit_failed_auth=""),
        verifier=VERIFIER,
        transports=transports,
    )
    query = {"query": "{ __typename }"}
    async with serve(app) as client:
        valid = await client.post("/graphql", json=query, headers=bearer(signed(claims())))
        assert valid.status_code == 200, valid.text
        answers = {}
        for name, token in FORGED.items():
            response = await client.post(
                "/graphql",
                json=query,
                headers=[(b"authorization", b"Bearer " + token.encode())],
            )
            answers[name] = (
                response.status_code,
                response.headers.get("content-type"),
                response.headers.get("www-authenticate"),
            )
    expected = (401, "application/problem+json", "Bearer")
    assert {name: answer for name, answer in answers.items() if answer != expected} == {}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_org_admins_administer_everything_of_their_org_and_others_what_lists_them() -> None:
    admin = Principal("ada", "acme", frozenset({ORG_ADMIN}))
    member = Principal("bob", "acme")
    assert admin.administers(None)
    assert admin.administers(["someone"])
    assert member.administers(["bob", "cat"])
    assert not member.administers(["cat"])
    assert not member.administers(None)
