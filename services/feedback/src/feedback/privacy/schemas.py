from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

Rows = list[dict[str, Any]]


class FeedbackTables(BaseModel):
    """Feedback's rows naming the person, one list per table, each row with all its columns."""

    programs: Rows = Field(
        description="Programs the person administers (as matching announced them)."
    )
    enrolments: Rows = Field(description="Their enrolments as feedback keeps them.")
    population_members: Rows = Field(
        description="What HR exported about them for the outcomes report (by their HR id)."
    )
    matches: Rows = Field(
        description="Their relationships with their health score, signals and at-risk flag."
    )
    feedback_requests: Rows = Field(description="Feedback asked of them, or about them.")
    feedback_submissions: Rows = Field(
        description="Feedback they gave (ratings and comment) and feedback about them."
    )
    surveys: Rows = Field(description="Surveys sent to them and whether they answered.")
    survey_rounds: Rows = Field(description="Survey rounds they sent as an admin.")
    survey_responses: Rows = Field(
        description="Their named survey answers (anonymous ones name nobody, so are not found)."
    )
    idempotency_keys: Rows = Field(
        description="Keys of their recent retried requests (the cached responses are left out)."
    )


class PersonalData(BaseModel):
    """Everything the feedback service holds about one person."""

    service: str = "feedback"
    org_id: str
    user_id: str
    exported_at: datetime
    tables: FeedbackTables
