from kit.settings import ServiceSettings
from pydantic_settings import SettingsConfigDict


class MatchingSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="MATCHING_", extra="ignore")

    database_url: str = "sqlite+aiosqlite:///./data/matching.db"
