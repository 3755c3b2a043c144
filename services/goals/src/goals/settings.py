from datetime import time

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from kit.settings import ServiceSettings


class GoalsSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="GOALS_", extra="ignore")

    database_url: str = Field(
        default="sqlite+aiosqlite:///./data/goals.db",
        description="postgresql+asyncpg://… (one database per service) or sqlite+aiosqlite:///…",
    )
    checkin_grace_minutes: int = Field(
        default=24 * 60,
        ge=0,
        description="How long after a check-in's end it may still be completed before it "
        "counts as missed (`checkin.missed`).",
    )
    checkin_duration_minutes: int = Field(
        default=30, ge=5, le=480, description="Duration of check-ins scheduled automatically."
    )
    first_checkin_local_time: time = Field(
        default=time(10, 0),
        description="Local time (in the mentee's timezone) of the first check-in that "
        "`match.accepted` schedules.",
    )
