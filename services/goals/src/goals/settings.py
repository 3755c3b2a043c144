from kit.settings import ServiceSettings
from pydantic_settings import SettingsConfigDict


class GoalsSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="GOALS_", extra="ignore")

    database_url: str = "sqlite+aiosqlite:///./data/goals.db"
