"""Tokens verified against an issuer's JWKS: a key rotation is picked up without a restart."""

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from kit.auth import JwksKeySource, TokenVerifier
from kit.devtokens import DevIssuer
from kit.errors import UnauthorizedError

pytestmark = pytest.mark.unit  # a loopback HTTP server, no other I/O


class Issuer:
    """An OIDC issuer's JWKS endpoint whose keys the test rotates."""

    def __init__(self) -> None:
        self.keys: dict[str, DevIssuer] = {}
        self.fetches = 0

    def jwks(self) -> dict[str, Any]:
        found = []
        for kid, issuer in self.keys.items():
            public = serialization.load_pem_public_key(issuer.public_key_pem.encode())
            assert isinstance(public, rsa.RSAPublicKey)
            jwk = json.loads(RSAAlgorithm.to_jwk(public))
            found.append({**jwk, "kid": kid, "use": "sig", "alg": "RS256"})
        return {"keys": found}

    def token(self, kid: str, key: DevIssuer) -> str:
        now = int(time.time())
        claims = {
            "sub": "ada",
            "org": "acme",
            "roles": [],
            "iss": "https://idp.test",
            "aud": "mentorship",
            "iat": now,
            "exp": now + 300,
        }
        return jwt.encode(claims, key.private_key_pem, algorithm="RS256", headers={"kid": kid})


@pytest.fixture
def issuer() -> Iterator[tuple[Issuer, str]]:
    state = Issuer()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.fetches += 1
            body = json.dumps(state.jwks()).encode()
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            return None

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state, f"http://127.0.0.1:{server.server_address[1]}/jwks.json"
    server.shutdown()


async def test_a_rotated_key_is_accepted_without_restart_and_a_removed_one_is_refused(
    issuer: tuple[Issuer, str],
) -> None:
    state, url = issuer
    first, second = DevIssuer.generate(), DevIssuer.generate()
    state.keys = {"2026-01": first}
    keys = JwksKeySource(url, refresh_cooldown_seconds=0)
    verifier = TokenVerifier(keys, "https://idp.test", "mentorship")

    assert (await verifier.verify(state.token("2026-01", first))).user_id == "ada"
    state.keys = {"2026-02": second}  # the issuer rotates
    assert (await verifier.verify(state.token("2026-02", second))).user_id == "ada"
    assert state.fetches == 2  # the unknown kid made the verifier fetch the JWKS again

    with pytest.raises(UnauthorizedError):
        await verifier.verify(state.token("2026-03", DevIssuer.generate()))
    with pytest.raises(UnauthorizedError):  # a kid the JWKS announces, with another key's signature
        await verifier.verify(state.token("2026-02", first))
