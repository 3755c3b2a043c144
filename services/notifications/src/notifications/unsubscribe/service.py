"""One-click unsubscribe (RFC 8058, RFC 2369): a secret link per person and email category.

Every email carries the link; following it (GET) only shows what would stop, because mail
scanners follow links; POSTing it turns the `email` channel off for that category (in-app stays).
A digest mixes categories, so its link (category `all`) turns email off for every category.
"""

import secrets

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from kit.db import utcnow
from kit.errors import NotFoundError
from notifications.models import Preference, UnsubscribeToken
from notifications.preferences.policy import CATEGORIES, channels_for
from notifications.preferences.repository import PreferenceRepository
from notifications.settings import NotificationsSettings
from notifications.unsubscribe.repository import UnsubscribeRepository

ALL = "all"
PATH = "/v1/unsubscribe/{token}"
"""The link's path in this API; the gateway serves the same path under `/notifications`."""


async def token_for(session: AsyncSession, org_id: str, user_id: str, category: str) -> str:
    """The person's token for the category, created the first time an email needs it."""
    tokens = UnsubscribeRepository(session)
    existing = await tokens.of(org_id, user_id, category)
    if existing is not None:
        return existing.token
    token = UnsubscribeToken(
        token=secrets.token_urlsafe(32), org_id=org_id, user_id=user_id, category=category
    )
    try:
        async with session.begin_nested():  # a concurrent send may have created it first
            await tokens.add(token)
    except IntegrityError:
        raced = await tokens.of(org_id, user_id, category)
        if raced is None:
            raise
        return raced.token
    return token.token


async def link_for(
    session: AsyncSession, settings: NotificationsSettings, org_id: str, user_id: str, category: str
) -> str:
    token = await token_for(session, org_id, user_id, category)
    return settings.public_link("notifications", PATH.format(token=token))


async def find(session: AsyncSession, token: str) -> UnsubscribeToken:
    found = await UnsubscribeRepository(session).get(token)
    if found is None:
        raise NotFoundError("No such unsubscribe link.")
    return found


def categories_of(token: UnsubscribeToken) -> tuple[str, ...]:
    return CATEGORIES if token.category == ALL else (token.category,)


async def unsubscribe(session: AsyncSession, token: str) -> UnsubscribeToken:
    """Turn email off for the token's categories; doing it again changes nothing."""
    found = await find(session, token)
    preferences = PreferenceRepository(session)
    preference = await preferences.get(found.org_id, found.user_id)
    if preference is None:
        preference = Preference(org_id=found.org_id, user_id=found.user_id, channels={})
        await preferences.add(preference)
    channels = dict(preference.channels or {})
    changed = False
    for category in categories_of(found):
        current = channels_for(channels, category)
        if "email" in current:
            # Kept in the canonical order, like a PUT of preferences would.
            channels[category] = [
                c for c in ("in_app", "email", "slack") if c in current - {"email"}
            ]
            changed = True
    if changed:
        preference.channels = channels  # a new dict: the JSON column sees the change
        preference.updated_at = utcnow()
        await session.flush()
    return found
