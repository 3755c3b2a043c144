from pydantic import Field
from pydantic_settings import SettingsConfigDict

from kit.settings import ServiceSettings


class NotificationsSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="NOTIFICATIONS_", extra="ignore")

    database_url: str = Field(
        default="sqlite+aiosqlite:///./data/notifications.db",
        description="postgresql+asyncpg://… (one database per service) or sqlite+aiosqlite:///…",
    )
    smtp_host: str | None = Field(
        default=None, description="SMTP server for email; unset means email is not sent."
    )
    smtp_port: int = Field(default=587, ge=1, le=65535, description="SMTP server port.")
    smtp_username: str | None = Field(default=None, description="SMTP AUTH user (optional).")
    smtp_password: str | None = Field(default=None, description="SMTP AUTH password (optional).")
    smtp_starttls: bool = Field(
        default=True, description="Upgrade the connection with STARTTLS (port 587)."
    )
    smtp_implicit_tls: bool = Field(
        default=False, description="Connect over TLS from the start (port 465)."
    )
    smtp_timeout_seconds: float = Field(default=10.0, gt=0, description="SMTP timeout.")
    email_from: str = Field(
        default="Mentorship <no-reply@mentorship.local>", description="From: of every email."
    )
    default_locale: str = Field(default="en", description="Locale when a person has none.")
    delivery_max_attempts: int = Field(
        default=6, ge=1, le=30, description="Attempts per delivery before it is failed."
    )
    delivery_backoff_seconds: float = Field(
        default=30.0, gt=0, description="First retry delay; doubles each attempt, with jitter."
    )
    delivery_backoff_max_seconds: float = Field(
        default=3600.0, gt=0, description="Ceiling of the retry delay."
    )
    webhook_allow_private_targets: bool = Field(
        default=False,
        description="Allow webhook and Slack targets in private, loopback or link-local "
        "ranges (development and tests only).",
    )
    webhook_require_https: bool = Field(
        default=True, description="Refuse plain-http webhook and Slack targets."
    )
    webhook_timeout_seconds: float = Field(default=10.0, gt=0, description="Webhook timeout.")
    webhook_disable_after_failures: int = Field(
        default=5,
        ge=1,
        description="Consecutive failed deliveries (each after its retries) that disable an "
        "endpoint.",
    )
    webhook_secret_grace_hours: float = Field(
        default=24.0, ge=0, description="How long a rotated-out secret still signs deliveries."
    )
    checkin_reminder_hours: int = Field(
        default=24, ge=1, description="Remind this long before a check-in (recipient's clock)."
    )
    feedback_reminder_hours: int = Field(
        default=24, ge=1, description="Remind this long before feedback is due."
    )
    digest_hour: int = Field(
        default=8, ge=0, le=23, description="Local hour at which daily and weekly digests go."
    )
