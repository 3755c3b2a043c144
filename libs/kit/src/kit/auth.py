"""Verified identities: JWT (RS256/ES256) checked against the issuer's keys.

The tenant and the roles always come from the token, never from input. Whatever a token holds,
verifying it either yields a `Principal` or raises `UnauthorizedError` (401): a forged, foreign
or malformed token is the caller's fault, never a server error.
"""

import asyncio
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Protocol

import jwt
from cryptography.hazmat.primitives.asymmetric.ec import SECP256R1, EllipticCurvePublicKey
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from kit.errors import ForbiddenError, UnauthorizedError

ALGORITHMS = ["RS256", "ES256"]
ORG_ADMIN = "org_admin"
MAX_TOKEN_BYTES = 8192
"""Longer bearer tokens are refused unread; ours are well under 2 kB."""
MAX_REMEMBER_SECONDS = 60.0
"""Longest a verified token is trusted without checking it again."""

_VERIFIED: ContextVar[tuple["OutcomeVerifier", str, "Principal | UnauthorizedError"] | None] = (
    ContextVar("kit_verified_token", default=None)
)
"""The request's verification outcome: the edge middleware verifies the token once (it needs
the principal for rate limits) and whatever asks the same verifier about the same token during
the request (the endpoint's dependency, the gateway's context) gets that outcome."""


@dataclass(frozen=True)
class Principal:
    user_id: str
    org_id: str
    roles: frozenset[str] = field(default_factory=frozenset)
    token: str = ""

    @property
    def is_org_admin(self) -> bool:
        return ORG_ADMIN in self.roles

    def administers(self, admin_user_ids: Iterable[str] | None) -> bool:
        """Org admins administer everything of their org; others what lists them as admin."""
        return self.is_org_admin or self.user_id in (admin_user_ids or ())

    def require_org_admin(self) -> None:
        if not self.is_org_admin:
            raise ForbiddenError("This action needs the org_admin role.")


class KeySource(Protocol):
    def key_for(self, token: str) -> Any:
        """The key that must have signed `token`; may block on I/O (a JWKS fetch)."""

    def known_key_for(self, token: str) -> Any | None:
        """The key, when it is known without I/O; None when `key_for` must be asked."""


class StaticKeySource:
    """One public key, for the embedded dev issuer and for tests."""

    def __init__(self, public_key_pem: str) -> None:
        self._key = load_pem_public_key(public_key_pem.encode())

    @classmethod
    def from_file(cls, path: str) -> "StaticKeySource":
        return cls(Path(path).read_text())

    def key_for(self, token: str) -> Any:
        return self._key

    def known_key_for(self, token: str) -> Any | None:
        return self._key


class JwksKeySource:
    """An OIDC issuer's JWKS; an unknown `kid` refetches it, so key rotation needs no restart.

    Forced refetches are at least `refresh_cooldown_seconds` apart, so that tokens with made-up
    key ids cannot make us hammer the issuer. Keys already fetched are served without leaving
    the event loop for `lifespan` seconds.
    """

    def __init__(self, url: str, refresh_cooldown_seconds: float = 30, lifespan: int = 300) -> None:
        self._lifespan = lifespan
        self._known: dict[str, tuple[Any, float]] = {}
        self._client = jwt.PyJWKClient(
            url,
            cache_keys=True,
            lifespan=lifespan,
            timeout=5,
            cooldown_duration=refresh_cooldown_seconds,
        )

    def key_for(self, token: str) -> Any:
        signing = self._client.get_signing_key_from_jwt(token)
        if signing.key_id:
            if len(self._known) >= 64:  # key ids come from tokens: keep the table bounded
                self._known.clear()
            self._known[signing.key_id] = (signing.key, time.monotonic() + self._lifespan)
        return signing.key

    def known_key_for(self, token: str) -> Any | None:
        kid = jwt.get_unverified_header(token).get("kid")
        known = self._known.get(kid) if isinstance(kid, str) else None
        if known is None or known[1] < time.monotonic():
            return None
        return known[0]


def algorithms_for(key: Any) -> list[str]:
    """The one algorithm a key may verify: a token cannot choose how it is checked."""
    if isinstance(key, RSAPublicKey):
        return ["RS256"]
    if isinstance(key, EllipticCurvePublicKey) and isinstance(key.curve, SECP256R1):
        return ["ES256"]
    raise UnauthorizedError("The token's signing key has an unsupported type.")


class OutcomeVerifier(Protocol):
    """What the edge needs of a verifier: the principal a token proves, or why it is refused."""

    async def outcome(self, token: str) -> "Principal | UnauthorizedError": ...


class TokenVerifier:
    """Checks tokens, and remembers the ones that passed: a client sends the same token with
    every request, and checking its RS256 signature again costs about 0.1 ms of CPU each time
    (PyJWT and OpenSSL, measured), against well under a microsecond to find it here. A token is
    remembered until its expiry or for `remember_seconds` (at most 60), whichever is sooner, so
    a key the issuer withdraws stops being trusted within that time (JWKS keys are themselves
    kept for minutes). Refused tokens are never remembered (they would let a caller fill the
    table); at most `capacity` tokens are, the oldest out first."""

    def __init__(
        self,
        keys: KeySource,
        issuer: str,
        audience: str,
        *,
        remember_seconds: float = 60.0,
        capacity: int = 10_000,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if not 0 <= remember_seconds <= MAX_REMEMBER_SECONDS:
            raise ValueError(f"remember_seconds must be within 0..{MAX_REMEMBER_SECONDS}")
        self._keys = keys
        self._issuer = issuer
        self._audience = audience
        self._remember_seconds = remember_seconds
        self._capacity = capacity
        self._clock = clock
        self._kept: dict[str, tuple[Principal, float]] = {}

    async def verify(self, token: str) -> Principal:
        cached = _VERIFIED.get()
        if cached is not None and cached[0] is self and cached[1] == token:
            outcome = cached[2]
        else:
            outcome = await self.outcome(token)
        if isinstance(outcome, UnauthorizedError):
            raise UnauthorizedError(outcome.detail)
        return outcome

    async def outcome(self, token: str) -> "Principal | UnauthorizedError":
        """The principal `token` proves, or why it is refused."""
        now = self._clock()
        kept = self._kept.get(token)
        if kept is not None:
            if kept[1] > now:
                return kept[0]
            del self._kept[token]
        try:
            principal, expiry = await self._verify(token)
        except UnauthorizedError as error:
            return error
        self._remember(token, principal, min(expiry, now + self._remember_seconds), now)
        return principal

    def _remember(self, token: str, principal: Principal, until: float, now: float) -> None:
        if until <= now:
            return
        if len(self._kept) >= self._capacity:
            # Dicts keep insertion order: the first key is the oldest entry.
            del self._kept[next(iter(self._kept))]
        self._kept[token] = (principal, until)

    async def _verify(self, token: str) -> tuple[Principal, float]:
        if len(token) > MAX_TOKEN_BYTES or not token.isascii():
            raise UnauthorizedError("The token is malformed.")
        try:
            key: Any = self._keys.known_key_for(token)
            if key is None:
                # Fetching a JWKS is blocking I/O; keep it off the event loop.
                key = await asyncio.to_thread(self._keys.key_for, token)
            claims = jwt.decode(
                token,
                key,
                algorithms=algorithms_for(key),
                audience=self._audience,
                issuer=self._issuer,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
                leeway=30,
            )
        except UnauthorizedError:
            raise
        except jwt.PyJWKClientError as exc:
            raise UnauthorizedError(f"The token's signing key is unknown: {exc}") from exc
        except jwt.PyJWTError as exc:
            # InvalidTokenError and also InvalidKeyError (a token whose `alg` does not fit the
            # key): both are the token's fault.
            raise UnauthorizedError(f"The token is invalid: {exc}") from exc
        except (ValueError, TypeError, KeyError) as exc:
            # A header or payload that decodes to something unexpected (not an object, a
            # non-string `kid`): refused like any malformed token.
            raise UnauthorizedError("The token is malformed.") from exc
        # `exp` is required and PyJWT has checked it is a number; remembered until then only
        # (not within the leeway a fresh check allows).
        return principal_of(claims, token), float(claims["exp"])


def principal_of(claims: dict[str, Any], token: str) -> Principal:
    sub, org = claims.get("sub"), claims.get("org")
    if not isinstance(sub, str) or not sub:
        raise UnauthorizedError("The token's `sub` claim is not a string.")
    if not isinstance(org, str) or not org:
        raise UnauthorizedError("The token carries no `org` claim.")
    roles = claims.get("roles") or []
    if not isinstance(roles, list):
        raise UnauthorizedError("The token's `roles` claim is not a list.")
    return Principal(user_id=sub, org_id=org, roles=frozenset(map(str, roles)), token=token)


def bearer_token(authorization: str | None) -> str | None:
    """The token of an `Authorization: Bearer …` value; None for anything else."""
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


@contextmanager
def verified_for_this_request(
    verifier: OutcomeVerifier, token: str, outcome: "Principal | UnauthorizedError"
) -> Iterator[None]:
    """Within this block (one request), `verifier.verify(token)` answers `outcome` at once."""
    reset = _VERIFIED.set((verifier, token, outcome))
    try:
        yield
    finally:
        _VERIFIED.reset(reset)


_bearer = HTTPBearer(auto_error=False)


async def current_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise UnauthorizedError("A bearer token is required.")
    verifier: TokenVerifier = request.app.state.verifier
    return await verifier.verify(credentials.credentials)


CurrentUser = Annotated[Principal, Depends(current_principal)]
