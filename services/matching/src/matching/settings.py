from pydantic import Field
from pydantic_settings import SettingsConfigDict

from kit.settings import ServiceSettings


class MatchingSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="MATCHING_", extra="ignore")

    database_url: str = Field(
        default="sqlite+aiosqlite:///./data/matching.db",
        description="postgresql+asyncpg://… (one database per service) or sqlite+aiosqlite:///…",
    )
