from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from notifications.preferences.policy import Category


class Notification(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: UUID
    category: Category
    title: str
    body: str
    created_at: datetime
    read_at: datetime | None


class NotificationCreate(BaseModel):
    """What a reaction to an event puts in one person's inbox."""

    org_id: str
    user_id: str
    source_event_id: str
    category: Category
    title: str
    body: str
    kind: str | None = None
    context: dict[str, Any] | None = None
    in_inbox: bool = True


class UnreadCount(BaseModel):
    unread: int


class MarkedRead(BaseModel):
    marked: int
