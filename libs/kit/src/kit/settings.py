"""Configuration from the environment: one settings class per service, each with its own prefix."""

from urllib.parse import urlsplit

from limits import parse_many
from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

MIB = 1024 * 1024


class EdgeSettings(BaseSettings):
    """What every HTTP process (each service, the gateway) refuses at its edge: oversized
    requests and callers over their rate budget. Budgets are per replica (in-process)."""

    model_config = SettingsConfigDict(extra="ignore")

    max_body_bytes: int = Field(
        default=1 * MIB,
        ge=0,
        description="Largest request body, counted while it streams in (413); a route may "
        "declare a larger one (the CSV import).",
    )
    max_header_bytes: int = Field(
        default=32 * 1024,
        ge=1024,
        description="Largest request line and headers together (431).",
    )
    max_header_count: int = Field(
        default=100, ge=10, description="Most request headers accepted (431)."
    )
    rate_limit_enabled: bool = Field(
        default=True, description="Refuse callers over their budget (429); per replica."
    )
    rate_limit_principal: str = Field(
        default="6000/minute",
        description="Budget of each authenticated caller (token `sub` + `org`), e.g. "
        "`100/second;6000/minute`; empty: none.",
    )
    rate_limit_anonymous: str = Field(
        default="600/minute",
        description="Budget of each client address for requests without a token.",
    )
    rate_limit_failed_auth: str = Field(
        default="120/minute",
        description="Budget of each client address for requests whose token is refused.",
    )
    rate_limit_address: str = Field(
        default="",
        description="Budget of each client address for all requests; off by default, because "
        "behind the gateway every request comes from the gateway's address.",
    )

    forwarded_allow_ips: str | None = Field(
        default=None,
        description="Proxies (the ingress controller's addresses, comma-separated, or `*`) "
        "whose X-Forwarded-For names the client, the address that per-address budgets count; "
        "unset: uvicorn's FORWARDED_ALLOW_IPS, else 127.0.0.1.",
    )

    @field_validator(
        "rate_limit_principal",
        "rate_limit_anonymous",
        "rate_limit_failed_auth",
        "rate_limit_address",
    )
    @classmethod
    def _parses(cls, value: str) -> str:
        if value.strip():
            parse_many(value)  # raises ValueError on a malformed budget
        return value.strip()


class ServiceSettings(EdgeSettings):
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
    public_url: str = Field(
        default="http://127.0.0.1:8000",
        description="The backend's public root as people reach it (the ingress host in "
        "production, the embedded root in development), which serves each service's REST API "
        "under `/<service>`: links the service gives out (calendar feeds, unsubscribe links) "
        "start with it.",
    )

    @field_validator("public_url")
    @classmethod
    def _absolute(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.query:
            raise ValueError("an absolute http(s) URL, e.g. https://api.example.com")
        return value.rstrip("/")

    def public_link(self, service: str, path: str) -> str:
        """`path` of `service`'s REST API (e.g. `/v1/calendar/x.ics`) through the public root."""
        return f"{self.public_url}/{service}{path}"
