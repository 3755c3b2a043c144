from pydantic import Field
from pydantic_settings import SettingsConfigDict

from kit.settings import ServiceSettings


class GoalsSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="GOALS_", extra="ignore")

    database_url: str = Field(
        default="sqlite+aiosqlite:///./data/goals.db",
        description="postgresql+asyncpg://… (one database per service) or sqlite+aiosqlite:///…",
    )
