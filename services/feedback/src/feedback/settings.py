from kit.settings import ServiceSettings
from pydantic_settings import SettingsConfigDict


class FeedbackSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="FEEDBACK_", extra="ignore")

    database_url: str = "sqlite+aiosqlite:///./data/feedback.db"
