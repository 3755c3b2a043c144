from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

Rows = list[dict[str, Any]]


class NotificationsTables(BaseModel):
    """Notifications's rows naming the person, one list per table, each row with all its columns."""

    notifications: Rows = Field(
        description="Their in-app notifications: title, body, what they were rendered from."
    )
    contacts: Rows = Field(description="Their contact data: name, email, timezone, locale.")
    programs: Rows = Field(description="Programs the person administers (name and Slack channel).")
    org_admins: Rows = Field(description="Their org admin role, as the webhook admin API saw it.")
    preferences: Rows = Field(description="Their channels, quiet hours, digest and muted kinds.")
    unsubscribe_tokens: Rows = Field(
        description="Their one-click unsubscribe links (the tokens are left out)."
    )
    deliveries: Rows = Field(
        description="Each email or Slack message sent to them: status, attempts, errors."
    )
    webhook_endpoints: Rows = Field(
        description="Webhook endpoints they created as an admin (secrets are left out)."
    )
    idempotency_keys: Rows = Field(
        description="Keys of their recent retried requests (the cached responses are left out)."
    )


class PersonalData(BaseModel):
    """Everything the notifications service holds about one person."""

    service: str = "notifications"
    org_id: str
    user_id: str
    exported_at: datetime
    tables: NotificationsTables
