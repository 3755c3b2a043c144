"""A person's preferences, and what they resolve to for one notification."""

from dataclasses import dataclass
from datetime import time
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from kit.auth import Principal
from kit.db import utcnow
from kit.errors import UnprocessableError
from notifications.deps import Deps
from notifications.directory.repository import DirectoryRepository
from notifications.models import Preference
from notifications.preferences.policy import channels_for, zone
from notifications.preferences.repository import PreferenceRepository
from notifications.preferences.schemas import Preferences, PreferencesUpdate
from notifications.webhooks.targets import TargetRefusedError, check_target


@dataclass(frozen=True)
class Recipient:
    """Everything about one person that decides how a notification reaches them."""

    org_id: str
    user_id: str
    name: str
    email: str | None
    tz: ZoneInfo
    locale: str | None
    channels: dict[str, list[str]]
    quiet_start: time | None
    quiet_end: time | None
    digest: str
    slack_webhook_url: str | None
    muted_kinds: frozenset[str] = frozenset()
    deactivated: bool = False
    """Deactivated by the organisation's identity provider: told nothing."""

    def wants(self, category: str, channel: str) -> bool:
        return channel in channels_for(self.channels, category)


async def recipient(session: AsyncSession, org_id: str, user_id: str) -> Recipient:
    contact = await DirectoryRepository(session).contact(org_id, user_id)
    preference = await PreferenceRepository(session).get(org_id, user_id)
    return Recipient(
        org_id=org_id,
        user_id=user_id,
        name=contact.display_name if contact else user_id,
        email=contact.email if contact else None,
        tz=zone(
            (preference.timezone if preference else None) or (contact.timezone if contact else None)
        ),
        locale=(preference.locale if preference else None) or (contact.locale if contact else None),
        channels=dict(preference.channels) if preference else {},
        quiet_start=preference.quiet_start if preference else None,
        quiet_end=preference.quiet_end if preference else None,
        digest=preference.digest if preference else "immediate",
        slack_webhook_url=preference.slack_webhook_url if preference else None,
        muted_kinds=frozenset(preference.muted_kinds or ()) if preference else frozenset(),
        deactivated=contact.deactivated if contact else False,
    )


async def get_own(session: AsyncSession, user: Principal) -> Preferences:
    preference = await PreferenceRepository(session).get(user.org_id, user.user_id)
    person = await recipient(session, user.org_id, user.user_id)
    if preference is None:
        return Preferences(effective_timezone=person.tz.key)
    return Preferences.model_validate(
        {
            **PreferencesUpdate.model_validate(preference, from_attributes=True).model_dump(),
            "effective_timezone": person.tz.key,
        }
    )


async def replace_own(
    session: AsyncSession, deps: Deps, user: Principal, data: PreferencesUpdate
) -> Preferences:
    if (data.quiet_start is None) != (data.quiet_end is None):
        raise UnprocessableError(
            "Set both quiet_start and quiet_end, or neither.", field="quiet_end"
        )
    if data.slack_webhook_url:
        # The same check as every other target's, DNS included; each delivery checks again.
        try:
            await check_target(data.slack_webhook_url, deps.settings, deps.resolve)
        except TargetRefusedError as exc:
            raise UnprocessableError(str(exc), field="slack_webhook_url") from exc
    preferences = PreferenceRepository(session)
    preference = await preferences.get(user.org_id, user.user_id)
    if preference is None:
        preference = Preference(org_id=user.org_id, user_id=user.user_id)
        await preferences.add(preference)
    for name, value in data.model_dump().items():
        setattr(preference, name, value)
    preference.updated_at = utcnow()
    await session.flush()
    return await get_own(session, user)
