"""The caller's identity: a bearer token on HTTP, `connection_init`'s payload on websockets.
Verified before any GraphQL work: a request without a valid token costs no parsing."""

from typing import Any

import jwt
import structlog

from kit.auth import Principal, TokenVerifier
from kit.errors import ProblemError, UnauthorizedError

log = structlog.get_logger(__name__)


def bearer_token(value: Any) -> str | None:
    if not isinstance(value, str) or not value:
        return None
    scheme, _, token = value.partition(" ")
    return token if scheme.lower() == "bearer" and token else None


async def principal_from(verifier: TokenVerifier, authorization: Any) -> Principal | None:
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
