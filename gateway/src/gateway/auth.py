"""The caller's identity: a bearer token on HTTP, `connection_init`'s payload on websockets.
Verified before any GraphQL work: a request without a valid token costs no parsing."""

import time
from typing import Any, Protocol

import jwt
import structlog

from kit.auth import Principal
from kit.errors import ProblemError, UnauthorizedError

log = structlog.get_logger(__name__)


class Verifier(Protocol):
    async def verify(self, token: str) -> Principal: ...


def bearer_token(value: Any) -> str | None:
    if not isinstance(value, str) or not value:
        return None
    scheme, _, token = value.partition(" ")
    return token if scheme.lower() == "bearer" and token else None


async def principal_from(verifier: Verifier, authorization: Any) -> Principal | None:
    """None without a token; an invalid token is refused (never treated as anonymous), and so
    is one the verifier fails on in any other way (a forged key type, say): a 401, never a
    500 or a dropped socket."""
    token = bearer_token(authorization)
    if token is None:
        if authorization:
            raise UnauthorizedError("Use `Authorization: Bearer <token>`.")
        return None
    try:
        return await verifier.verify(token)
    except ProblemError:
        raise
    except Exception as exc:  # whatever a forged token makes the JWT library raise
        log.warning("token_refused", error=repr(exc))
        raise UnauthorizedError("The token is invalid.") from exc


def expires_at(principal: Principal) -> float | None:
    """When the principal's (verified) token expires, in seconds since the epoch."""
    try:
        claims = jwt.decode(principal.token, options={"verify_signature": False})
    except jwt.InvalidTokenError:
        return None
    expiry = claims.get("exp")
    return float(expiry) if isinstance(expiry, int | float) else None


class RememberedTokens:
    """Verified tokens, kept until their expiry or `ttl_seconds` (whichever is sooner): a
    client sends the same token with every request, and checking its RS256 signature again
    (with a thread hop for the key) was a tenth of the gateway's CPU per query. Only tokens that
    passed verification are kept; at most `capacity`, the oldest first out. A key removed
    from the issuer's JWKS stops being trusted within `ttl_seconds`."""

    def __init__(self, verifier: Verifier, ttl_seconds: float = 60, capacity: int = 10_000):
        self._verifier = verifier
        self._ttl = ttl_seconds
        self._capacity = capacity
        self._kept: dict[str, tuple[Principal, float]] = {}

    async def outcome(self, token: str) -> Principal | UnauthorizedError:
        """For the edge, which checks the token once per request before the GraphQL context
        does (the context then finds it here)."""
        try:
            return await self.verify(token)
        except UnauthorizedError as error:
            return error
        except Exception as exc:  # whatever a forged token makes the JWT library raise
            log.warning("token_refused", error=repr(exc))
            return UnauthorizedError("The token is invalid.")

    async def verify(self, token: str) -> Principal:
        now = time.time()
        kept = self._kept.get(token)
        if kept is not None and kept[1] > now:
            return kept[0]
        principal = await self._verifier.verify(token)
        until = min(expires_at(principal) or now, now + self._ttl)
        if until > now:
            if len(self._kept) >= self._capacity:
                self._kept.pop(next(iter(self._kept)))
            self._kept.pop(token, None)
            self._kept[token] = (principal, until)
        return principal
