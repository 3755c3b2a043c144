from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

Rows = list[dict[str, Any]]


class GoalsTables(BaseModel):
    """Goals's rows naming the person, one list per table, each row with all its columns."""

    programs: Rows = Field(
        description="Programs the person administers (as matching announced them)."
    )
    participants: Rows = Field(
        description="Their enrolments as goals keeps them: name, role, timezone."
    )
    matches: Rows = Field(description="Their relationships: both parties, dates, cadence, status.")
    goals: Rows = Field(
        description="Goals they own: title, description, metric, target, progress, dates."
    )
    progress_updates: Rows = Field(description="Progress they recorded on goals, with their notes.")
    checkin_notes: Rows = Field(
        description="Notes they wrote on check-ins (private ones included)."
    )
    calendar_feeds: Rows = Field(
        description="Their calendar subscriptions (the secret link is left out)."
    )
    resources: Rows = Field(description="Library resources they added as an admin.")
    shared_resources: Rows = Field(
        description="Resources they shared in a relationship, with their note."
    )
    training_completions: Rows = Field(description="Trainings they marked complete.")
    idempotency_keys: Rows = Field(
        description="Keys of their recent retried requests (the cached responses are left out)."
    )


class PersonalData(BaseModel):
    """Everything the goals service holds about one person."""

    service: str = "goals"
    org_id: str
    user_id: str
    exported_at: datetime
    tables: GoalsTables
