from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict


class Delivery(BaseModel):
    """One message to the caller on one channel (or a digest of several)."""

    model_config = ConfigDict(from_attributes=True)

    id: UUID
    notification_id: UUID | None
    channel: str
    status: str
    attempts: int
    next_attempt_at: datetime | None
    last_error: str | None
    digest_id: UUID | None
    created_at: datetime
    delivered_at: datetime | None
