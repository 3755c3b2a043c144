"""The caller's identity: a bearer token on HTTP, `connection_init`'s payload on websockets."""

from typing import Any

from kit.auth import Principal, TokenVerifier
from kit.errors import UnauthorizedError


def bearer_token(value: Any) -> str | None:
    if not isinstance(value, str) or not value:
        return None
    scheme, _, token = value.partition(" ")
    return token if scheme.lower() == "bearer" and token else None


async def principal_from(verifier: TokenVerifier, authorization: Any) -> Principal | None:
    """None without a token; an invalid token is refused (never treated as anonymous)."""
    token = bearer_token(authorization)
    if token is None:
        if authorization:
            raise UnauthorizedError("Use `Authorization: Bearer <token>`.")
        return None
    return await verifier.verify(token)
