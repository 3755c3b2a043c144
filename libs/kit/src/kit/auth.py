"""Verified identities: JWT (RS256/ES256) checked against the issuer's keys.

The tenant and the roles always come from the token, never from input.
"""

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Protocol

import jwt
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from kit.errors import ForbiddenError, UnauthorizedError

ALGORITHMS = ["RS256", "ES256"]
ORG_ADMIN = "org_admin"


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
    def key_for(self, token: str) -> Any: ...


class StaticKeySource:
    """One public key, for the embedded dev issuer and for tests."""

    def __init__(self, public_key_pem: str) -> None:
        self._key = public_key_pem

    @classmethod
    def from_file(cls, path: str) -> "StaticKeySource":
        return cls(Path(path).read_text())

    def key_for(self, token: str) -> Any:
        return self._key


class JwksKeySource:
    """An OIDC issuer's JWKS; an unknown `kid` refetches it, so key rotation needs no restart.

    Forced refetches are at least `refresh_cooldown_seconds` apart, so that tokens with made-up
    key ids cannot make us hammer the issuer.
    """

    def __init__(self, url: str, refresh_cooldown_seconds: float = 30) -> None:
        self._client = jwt.PyJWKClient(
            url,
            cache_keys=True,
            lifespan=300,
            timeout=5,
            cooldown_duration=refresh_cooldown_seconds,
        )

    def key_for(self, token: str) -> Any:
        return self._client.get_signing_key_from_jwt(token).key


class TokenVerifier:
    def __init__(self, keys: KeySource, issuer: str, audience: str) -> None:
        self._keys = keys
        self._issuer = issuer
        self._audience = audience

    async def verify(self, token: str) -> Principal:
        try:
            # Fetching a JWKS is blocking I/O; keep it off the event loop.
            key = await asyncio.to_thread(self._keys.key_for, token)
            claims = jwt.decode(
                token,
                key,
                algorithms=ALGORITHMS,
                audience=self._audience,
                issuer=self._issuer,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
                leeway=30,
            )
        except jwt.PyJWKClientError as exc:
            raise UnauthorizedError(f"The token's signing key is unknown: {exc}") from exc
        except jwt.InvalidTokenError as exc:
            raise UnauthorizedError(f"The token is invalid: {exc}") from exc
        org = claims.get("org")
        if not isinstance(org, str) or not org:
            raise UnauthorizedError("The token carries no `org` claim.")
        roles = claims.get("roles") or []
        if not isinstance(roles, list):
            raise UnauthorizedError("The token's `roles` claim is not a list.")
        return Principal(
            user_id=str(claims["sub"]), org_id=org, roles=frozenset(map(str, roles)), token=token
        )


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
