"""The organisation's SCIM credential: a random bearer secret, kept as its SHA-256.

256 bits from `secrets` need no slow hash: nobody can guess them, so the digest is only there
so that a leaked database leaks no usable secret. A request's secret is found by its digest
(an index lookup; what it could reveal through timing is about digests, whose preimages stay
unknown) and the digests are then compared in constant time. Rotating replaces the digest: the
old secret stops working at once (an IdP is reconfigured in one step, so no grace period).
"""

import hashlib
import hmac
import secrets

from scim2_models import UnauthorizedException
from sqlalchemy.ext.asyncio import AsyncSession

from kit import audit
from kit.auth import Principal
from kit.db import utcnow
from matching.models import ScimCredential as Credential
from matching.people.repository import CredentialRepository
from matching.scim.schemas import ScimCredential

PREFIX = "mscim_"
"""Marks our secrets, so that a secret scanner (and a person) recognises a leaked one."""
MAX_SECRET = 200


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


async def rotate(session: AsyncSession, user: Principal) -> ScimCredential:
    """A new secret for the caller's organisation (org admins only); the old one is void."""
    user.require_org_admin()
    secret = PREFIX + secrets.token_urlsafe(32)
    repository = CredentialRepository(session)
    credential = await repository.get(user.org_id)
    now = utcnow()
    if credential is None:
        await repository.add(
            Credential(
                org_id=user.org_id,
                secret_sha256=digest(secret),
                created_by=user.user_id,
                created_at=now,
            )
        )
    else:
        credential.secret_sha256 = digest(secret)
        credential.created_by, credential.created_at = user.user_id, now
        await session.flush()
    # Who and when only: the secret never reaches the log.
    action = "scim_credential.created" if credential is None else "scim_credential.rotated"
    await audit.record(session, user, action, "scim_credential", user.org_id)
    return ScimCredential(secret=secret, created_at=now)


async def authenticate(session: AsyncSession, secret: str | None) -> str:
    """The organisation whose secret this is; `UnauthorizedException` (401) for anything else."""
    if not secret or len(secret) > MAX_SECRET or not secret.startswith(PREFIX):
        raise UnauthorizedException(detail="A valid SCIM bearer token is required.")
    wanted = digest(secret)
    credential = await CredentialRepository(session).by_digest(wanted)
    if credential is None or not hmac.compare_digest(credential.secret_sha256, wanted):
        raise UnauthorizedException(detail="A valid SCIM bearer token is required.")
    return credential.org_id
