"""Configuration from the environment: one settings class per service, each with its own prefix."""

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class ServiceSettings(BaseSettings):
    """Settings every service shares; a service subclasses it and sets `env_prefix`."""

    model_config = SettingsConfigDict(extra="ignore")

    database_url: str = Field(
        default="sqlite+aiosqlite:///./data/service.db",
        description="SQLAlchemy async URL: postgresql+asyncpg://… or sqlite+aiosqlite:///…",
    )
    kafka_bootstrap_servers: str | None = Field(
        default=None,
        description="Kafka bootstrap servers; unset means the in-process bus of the embedded mode.",
    )
    topic_namespace: str = Field(
        default="",
        description="Prefix put before every topic name, so that tests or tenants of one "
        "cluster can share a broker without sharing topics.",
    )
    consumer_group: str | None = Field(
        default=None, description="Kafka consumer group; defaults to the service name."
    )
    run_relay: bool = Field(default=True, description="Run the outbox relay in this process.")
    run_consumers: bool = Field(
        default=True, description="Run the event consumers in this process."
    )
    run_scheduler: bool = Field(default=True, description="Fire due scheduled jobs here.")
    scheduler_idle_seconds: float = Field(
        default=5.0,
        gt=0,
        description="Longest pause between looks for due jobs when none is due: a job "
        "scheduled in this process wakes the scheduler at once; this bounds how late a job "
        "falls due, or one scheduled by another process, is fired.",
    )
    relay_batch_size: int = Field(
        default=500, ge=1, le=10_000, description="Outbox rows published per relay transaction."
    )
    relay_idle_seconds: float = Field(
        default=2.0,
        gt=0,
        description="Longest pause between outbox polls when nothing is pending: a commit in "
        "this process wakes the relay at once; this bounds how late rows committed by other "
        "processes (API-only replicas) are seen.",
    )
    consumer_max_retries: int = Field(
        default=3,
        ge=0,
        description="Retries of a failing handler before the message is dead-lettered.",
    )
    consumer_retry_backoff_seconds: float = Field(
        default=0.2, ge=0, description="First pause between handler retries; doubles each time."
    )
    jwt_issuer: str = Field(default="mentorship-dev", description="Required `iss` of tokens.")
    jwt_audience: str = Field(default="mentorship", description="Required `aud` of tokens.")
    jwks_url: str | None = Field(default=None, description="JWKS of the OIDC issuer.")
    jwt_public_key_file: str | None = Field(
        default=None, description="PEM public key instead of a JWKS (the embedded dev issuer)."
    )
    log_level: str = Field(default="INFO", description="DEBUG, INFO, WARNING or ERROR.")
    log_json: bool = Field(default=True, description="JSON log lines (false: console format).")
    topic_partitions: int = Field(
        default=6, ge=1, description="Partitions of topics this service creates when missing."
    )
    allow_nondurable_commits: bool = Field(
        default=False,
        description="Development only: be ready although the database acknowledges commits "
        "before they are durable (synchronous_commit=off), which can lose handled events on a "
        "database crash. Ignored on SQLite.",
    )
    auto_migrate: bool = Field(
        default=False,
        description="Apply migrations at start-up (embedded mode); production "
        "runs them as a separate job.",
    )
