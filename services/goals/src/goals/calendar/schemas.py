from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field


class CalendarFeed(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: UUID
    created_at: datetime
    revoked_at: datetime | None


class CalendarFeedCreated(CalendarFeed):
    url: str = Field(
        description="The secret subscription URL (shown once): anyone with it can read your "
        "check-ins, so revoke the feed if it leaks."
    )
