"""Telling one person about one thing: the inbox entry, then the channel deliveries.

Every reaction ends here. The notification is unique per (tenant, person, source event), so a
redelivered event, or a second reaction to it, tells nobody twice.
"""

from datetime import datetime
from typing import Any
from uuid import NAMESPACE_URL, uuid5

from sqlalchemy.ext.asyncio import AsyncSession

from notifications.deliveries import service as delivery_service
from notifications.deps import Deps
from notifications.inbox import service as inbox_service
from notifications.inbox.schemas import NotificationCreate
from notifications.models import Notification
from notifications.preferences.policy import Category, local_text
from notifications.preferences.service import recipient
from notifications.templating import render_part


def derived_event_id(*parts: object) -> str:
    """A stable id for what is not an event of its own (a reminder), for the inbox's dedupe."""
    return str(uuid5(NAMESPACE_URL, "/".join(str(part) for part in parts)))


async def notify(
    session: AsyncSession,
    deps: Deps,
    *,
    org_id: str,
    user_id: str,
    source_event_id: str,
    kind: str,
    category: Category,
    context: dict[str, Any],
    times: dict[str, datetime | None] | None = None,
    urgent: bool = False,
    slack_url: str | None = None,
) -> Notification | None:
    """Render and record the notification, then plan its deliveries; None if already done.

    `times` are shown on the person's clock, as `<name>_local` in the templates. A kind the
    person muted is neither recorded nor sent, and nothing is for a person the organisation's
    identity provider deactivated.
    """
    person = await recipient(session, org_id, user_id)
    if kind in person.muted_kinds or person.deactivated:
        return None
    values: dict[str, Any] = {"link": None, **context}
    for name, moment in (times or {}).items():
        values[f"{name}_local"] = local_text(moment, person.tz) if moment else None
    rendering = {**values, "recipient_name": person.name}
    notification = await inbox_service.deliver(
        session,
        NotificationCreate(
            org_id=org_id,
            user_id=user_id,
            source_event_id=source_event_id,
            category=category,
            title=render_part(kind, person.locale, "title", rendering)[:300],
            body=render_part(kind, person.locale, "body", rendering),
            kind=kind,
            context=values,
            in_inbox=person.wants(category, "in_app"),
        ),
    )
    if notification is None:
        return None
    await delivery_service.plan(
        session, deps, notification, person, urgent=urgent, slack_url=slack_url
    )
    return notification
