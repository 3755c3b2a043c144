from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from notifications.preferences.policy import Channel


class Delivery(BaseModel):
    """One message to the caller on one channel (or a digest of several)."""

    model_config = ConfigDict(from_attributes=True)

    id: UUID
    notification_id: UUID | None
    channel: Channel
    status: Literal["pending", "delivered", "failed", "waiting_digest", "digested"] = Field(
        description="pending (an attempt is due), delivered, failed (attempts exhausted), "
        "waiting_digest (kept for the person's digest) or digested (sent in one)."
    )
    attempts: int
    next_attempt_at: datetime | None
    last_error: str | None
    digest_id: UUID | None
    created_at: datetime
    delivered_at: datetime | None
