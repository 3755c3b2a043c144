"""What the engine knows about people and programs: plain, immutable data with no I/O."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, get_args

Factor = Literal[
    "skills",
    "goals",
    "motivators",
    "communication",
    "seniority",
    "timezone",
    "language",
    "department",
    "availability",
]
FACTORS: tuple[Factor, ...] = get_args(Factor)
Format = Literal["one_to_one", "group", "peer", "reverse", "flash"]
DepartmentPreference = Literal["cross", "same", "neutral"]
STYLES = ("direct", "supportive", "analytical", "expressive")

# The compatibility weights most programs start from; each side's view leans to what that side
# says matters to it in intake surveys (mentees: skills and goals; mentors: motivation and fit).
DEFAULT_WEIGHTS: Mapping[Factor, float] = {
    "skills": 0.30,
    "goals": 0.15,
    "motivators": 0.10,
    "communication": 0.05,
    "seniority": 0.10,
    "timezone": 0.10,
    "language": 0.05,
    "department": 0.05,
    "availability": 0.10,
}
DEFAULT_MENTEE_VIEW: Mapping[Factor, float] = {
    "skills": 0.35,
    "goals": 0.20,
    "motivators": 0.05,
    "communication": 0.05,
    "seniority": 0.10,
    "timezone": 0.10,
    "language": 0.05,
    "department": 0.0,
    "availability": 0.10,
}
DEFAULT_MENTOR_VIEW: Mapping[Factor, float] = {
    "skills": 0.10,
    "goals": 0.15,
    "motivators": 0.20,
    "communication": 0.15,
    "seniority": 0.15,
    "timezone": 0.10,
    "language": 0.05,
    "department": 0.05,
    "availability": 0.05,
}


@dataclass(frozen=True)
class Profile:
    """One participant as the engine sees them (a mentee or a mentor)."""

    key: str
    """The participant's id; stable across runs, used to break ties deterministically."""
    user_id: str
    skills_offered: Mapping[str, int] = field(default_factory=dict)
    """Skill -> level 1..5 that a mentor can teach."""
    skills_wanted: Mapping[str, int] = field(default_factory=dict)
    """Skill -> level 1..5 that a mentee wants to reach."""
    goals: tuple[str, ...] = ()
    goals_text: str = ""
    """In their own words: what a mentee wants to achieve, what a mentor can help with."""
    motivators: Mapping[str, float] = field(default_factory=dict)
    """Motivator -> agreement 1..5 (Likert)."""
    communication_style: str | None = None
    seniority: int = 3
    """1 (entry) .. 10 (executive)."""
    department: str | None = None
    manager_user_id: str | None = None
    utc_offset_hours: float = 0.0
    timezone: str | None = None
    """The IANA name the offset came from (for explanations), if known."""
    languages: tuple[str, ...] = ()
    available_months: tuple[str, ...] = ()
    """Months (YYYY-MM) the person can give time to the program."""
    capacity: int = 1
    """Mentors: how many mentees they can still take (free places)."""
    exclusions: tuple[str, ...] = ()
    """User ids this person must not be matched with."""
    attributes: Mapping[str, str] = field(default_factory=dict)
    """Free-form attributes (location, cohort...) for fairness summaries."""


@dataclass(frozen=True)
class Settings:
    """How a program scores and constrains pairs."""

    weights: Mapping[Factor, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    mentee_view: Mapping[Factor, float] = field(default_factory=lambda: dict(DEFAULT_MENTEE_VIEW))
    mentor_view: Mapping[Factor, float] = field(default_factory=lambda: dict(DEFAULT_MENTOR_VIEW))
    minimum_score: float = 0.0
    """0..100: pairs scoring below are rejected (a floor on quality; lower it to match more)."""
    format: Format = "one_to_one"
    department_preference: DepartmentPreference = "cross"
    require_shared_language: bool = True
    forbid_reporting_line: bool = True

    def normalised(self, which: Literal["weights", "mentee_view", "mentor_view"]) -> list[float]:
        """The view's weights in FACTORS order, summing to 1 (all zero means equal weights)."""
        raw = getattr(self, which)
        values = [max(0.0, float(raw.get(factor, 0.0))) for factor in FACTORS]
        total = sum(values)
        if total <= 0:
            return [1.0 / len(FACTORS)] * len(FACTORS)
        return [value / total for value in values]
