from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field

from matching.matches.schemas import Match
from matching.participants.schemas import Participant, Role
from matching.programs.schemas import Mode, Program


class Participation(BaseModel):
    """The viewer enrolled in a program, in one role."""

    participant_id: UUID
    program: Program
    role: Role
    status: Literal["active", "withdrawn"]
    capacity: int


class ViewerMatch(BaseModel):
    """One of the viewer's matches, with their side of it and the partner as the viewer may see
    them (a partner's profile leaves out exclusions, manager, HR attributes, external id)."""

    role: Role = Field(description="The viewer's side of the match.")
    awaits_viewer: bool = Field(description="A proposal whose answer is the viewer's to give.")
    match: Match
    partner: Participant | None = Field(
        description="The other person, null if their enrolment is not visible to the viewer."
    )


class RunAwaitingReview(BaseModel):
    """A draft run of a program the viewer administers: to publish, or to leave unpublished."""

    id: UUID
    program_id: UUID
    mode: Mode
    created_by: str
    created_at: datetime
    matched: int = Field(description="The pairs publishing it would propose.")


class ViewerMatching(BaseModel):
    """What matching knows about the signed-in person, for them alone."""

    user_id: str
    org_id: str
    roles: list[str] = Field(description="The token's roles (org_admin or none).")
    administered_program_ids: list[UUID] = Field(
        description="Programs the viewer administers (an org admin: every program of the org)."
    )
    participations: list[Participation]
    matches: list[ViewerMatch] = Field(
        description="Open matches first, then the newest; at most `limit`."
    )
    runs_awaiting_review: list[RunAwaitingReview] = Field(
        description="Draft runs of the programs the viewer administers, oldest first; at most "
        "`limit`."
    )
    matches_flagged: list[Match] = Field(
        description="Matches of the programs the viewer administers that are flagged for review "
        "(their relationship is at risk), oldest first; at most `limit`."
    )
