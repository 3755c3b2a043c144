from pydantic import Field
from pydantic_settings import SettingsConfigDict

from kit.settings import EdgeSettings


class GatewaySettings(EdgeSettings):
    """The gateway's settings, from `GATEWAY_*` variables."""

    model_config = SettingsConfigDict(env_prefix="GATEWAY_", extra="ignore")

    matching_url: str = Field(default="http://matching:8000", description="Matching's base URL.")
    goals_url: str = Field(default="http://goals:8000", description="Goals' base URL.")
    feedback_url: str = Field(default="http://feedback:8000", description="Feedback's base URL.")
    notifications_url: str = Field(
        default="http://notifications:8000", description="Notifications' base URL."
    )
    kafka_bootstrap_servers: str | None = Field(
        default=None, description="Kafka, read for live subscriptions (every replica reads all)."
    )
    topic_namespace: str = Field(default="", description="Prefix of the topics read.")
    jwt_issuer: str = Field(default="mentorship-dev", description="Required `iss` of tokens.")
    jwt_audience: str = Field(default="mentorship", description="Required `aud` of tokens.")
    jwks_url: str | None = Field(default=None, description="JWKS of the OIDC issuer.")
    jwt_public_key_file: str | None = Field(
        default=None, description="PEM public key instead of a JWKS (development)."
    )
    token_cache_seconds: float = Field(
        default=60.0,
        description="How long a verified token is trusted without checking its signature again "
        "(never past its expiry; 0: check every time).",
    )
    production: bool = Field(
        default=False, description="Introspection, suggestions and GraphiQL off."
    )
    max_depth: int = Field(default=10, description="Deepest selection a query may have.")
    max_aliases: int = Field(default=30, description="Aliases per operation.")
    max_tokens: int = Field(default=2000, description="Tokens per document.")
    max_document_chars: int = Field(
        default=20_000, description="Characters per document (HTTP and websocket)."
    )
    max_selections: int = Field(
        default=600,
        description="Fields selected per request, fragments counted where spread (the "
        "introspection query of GraphiQL selects about 500), checked before validation.",
    )
    max_repeated_fields: int = Field(
        default=10,
        description="Fields sharing one response name at one place of a response, checked "
        "before validation (whose cost grows with the square of this).",
    )
    document_cache_chars: int = Field(
        default=300_000,
        description="Characters of query text whose parsed and validated documents are kept "
        "(least recently used out; a parsed document takes about 180 bytes a character).",
    )
    max_batch: int = Field(default=10, description="Operations per batched request.")
    max_request_bytes: int = Field(
        default=100_000, description="Largest request body accepted (checked while it streams)."
    )
    max_ws_message_bytes: int = Field(
        default=100_000, description="Largest websocket message accepted (larger: close 1009)."
    )
    subscription_recheck_seconds: float = Field(
        default=5.0,
        description="How long a subscription's authorisation is trusted before it is checked "
        "again, when an event is to be sent (0: for every event).",
    )
    downstream_max_connections: int = Field(
        default=100, description="Connections to each service, all kept alive when idle."
    )
    downstream_keepalive_seconds: float = Field(
        default=4.0,
        description="Idle connections to a service are closed after this (below the services' "
        "keep-alive timeout, uvicorn's 5 s, so the gateway never reuses one being closed).",
    )
    downstream_timeout_seconds: float = Field(default=10.0, description="Per service call.")
    cohort_timeout_seconds: float = Field(
        default=300.0,
        description="Per call that computes or publishes a whole cohort's matching run "
        "(createMatchingRun, whatIf, publishMatchingRun): 10k people take seconds, 50k a minute.",
    )
    log_level: str = Field(default="INFO", description="DEBUG, INFO, WARNING or ERROR.")
    log_json: bool = Field(default=True, description="JSON log lines (false: console format).")
