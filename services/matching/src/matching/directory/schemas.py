from dataclasses import dataclass, field
from uuid import UUID

from pydantic import BaseModel, Field

from matching.participants.schemas import CommunicationStyle
from matching.scoring.schemas import Recommendation


class DirectoryProfile(BaseModel):
    """What a mentee may read about a mentor she is not matched with: what helps her choose.
    What a match partner may not read either (exclusions, manager, HR attributes) stays out, and
    so do the contact details (the email) and the mentor's own wishes (skills wanted)."""

    skills_offered: dict[str, int] = Field(
        default_factory=dict, description="Skill -> level 1..5 the mentor teaches."
    )
    goals: list[str] = Field(default_factory=list, description="Goal tags.")
    goals_text: str = ""
    communication_style: CommunicationStyle | None = None
    seniority: int = 3
    department: str | None = None
    timezone: str | None = None
    languages: list[str] = Field(default_factory=list)
    availability: dict[str, float] = Field(
        default_factory=dict, description="Month (YYYY-MM) -> hours available."
    )


class DirectoryEntry(Recommendation):
    """A mentor the mentee may ask, with the pair's explanation (feasible under the program's
    hard constraints: capacity is not one of them here, see `at_capacity`)."""

    capacity: int = Field(description="Mentees the mentor takes at once.")
    at_capacity: bool = Field(
        description="No free place now: the mentor may still be asked (a place may free up), "
        "but cannot accept until one does."
    )
    profile: DirectoryProfile


class Directory(BaseModel):
    """One page of a program's mentor directory for one mentee, best score first."""

    mentee_participant_id: UUID
    total: int = Field(description="Mentors matching the filters, on every page.")
    items: list[DirectoryEntry]
    next_cursor: str | None = Field(
        default=None, description="Pass as `cursor` to get the next page; null on the last page."
    )


@dataclass(frozen=True)
class DirectoryFilters:
    """What the mentee searches for; each filter left empty does not narrow."""

    participant_id: UUID | None = None
    skills: tuple[str, ...] = ()
    """The mentor offers every one of them."""
    languages: tuple[str, ...] = ()
    """The mentor speaks at least one of them."""
    available_in: tuple[str, ...] = ()
    """The mentor gives hours in every one of these months (YYYY-MM)."""
    free_only: bool = False
    """Only mentors with a free place now."""


@dataclass(frozen=True)
class DirectoryPage:
    limit: int
    after: tuple[int, str] | None = field(default=None)
    """(score in hundredths of a point, mentor participant id) of the last entry seen."""
