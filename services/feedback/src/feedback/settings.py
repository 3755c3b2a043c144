from pydantic import Field
from pydantic_settings import SettingsConfigDict

from kit.settings import ServiceSettings


class FeedbackSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="FEEDBACK_", extra="ignore")

    database_url: str = Field(
        default="sqlite+aiosqlite:///./data/feedback.db",
        description="postgresql+asyncpg://… (one database per service) or sqlite+aiosqlite:///…",
    )
