from uuid import UUID

from pydantic import BaseModel, Field

from goals.checkins.schemas import Checkin
from goals.goals.schemas import Goal


class ViewerGoals(BaseModel):
    """What goals knows about the signed-in person's running relationships, for them alone."""

    match_ids: list[UUID] = Field(description="The viewer's active matches.")
    goals: list[Goal] = Field(description="Every goal of those matches, oldest first.")
    next_checkins: list[Checkin] = Field(
        description="The earliest scheduled check-in of each match that has one, soonest first."
    )
    goals_to_acknowledge: list[UUID] = Field(
        description="Draft goals of matches the viewer mentors that await the mentor's "
        "acknowledgement (the A of SMART), oldest first."
    )
