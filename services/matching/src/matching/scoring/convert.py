"""Stored participants and program settings as the engine's plain data."""

from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from matching.engine.profiles import Profile, Settings
from matching.models import Participant, Program
from matching.programs.schemas import ProgramSettings


def utc_offset_hours(timezone: str | None, on: date) -> float:
    if not timezone:
        return 0.0
    moment = datetime(on.year, on.month, on.day, 12, tzinfo=UTC)
    offset = moment.astimezone(ZoneInfo(timezone)).utcoffset()
    return offset.total_seconds() / 3600 if offset else 0.0


def engine_profile(participant: Participant, free_capacity: int, on: date) -> Profile:
    data: dict[str, Any] = participant.profile or {}
    return Profile(
        key=str(participant.id),
        user_id=participant.user_id,
        skills_offered=data.get("skills_offered", {}),
        skills_wanted=data.get("skills_wanted", {}),
        goals=tuple(data.get("goals", ())),
        goals_text=str(data.get("goals_text") or ""),
        motivators=data.get("motivators", {}),
        communication_style=data.get("communication_style"),
        seniority=int(data.get("seniority", 3)),
        department=data.get("department"),
        manager_user_id=data.get("manager_user_id"),
        utc_offset_hours=utc_offset_hours(data.get("timezone"), on),
        timezone=data.get("timezone"),
        languages=tuple(data.get("languages", ())),
        available_months=tuple(m for m, hours in data.get("availability", {}).items() if hours > 0),
        capacity=max(0, free_capacity),
        exclusions=tuple(data.get("exclusions", ())),
        attributes=data.get("attributes", {}),
    )


def engine_settings(program: Program, settings: ProgramSettings) -> Settings:
    return Settings(
        weights=settings.weights,
        mentee_view=settings.mentee_view,
        mentor_view=settings.mentor_view,
        minimum_score=settings.minimum_score,
        format=program.format,  # type: ignore[arg-type]
        department_preference=settings.department_preference,
        require_shared_language=settings.require_shared_language,
        forbid_reporting_line=settings.forbid_reporting_line,
    )


def reference_day(program: Program) -> date:
    """Offsets (summer time) are taken on the program's start, or today."""
    return program.starts_on or datetime.now(UTC).date()
