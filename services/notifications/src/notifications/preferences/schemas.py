from datetime import time

from pydantic import BaseModel, ConfigDict, Field, field_validator

from notifications.preferences.policy import (
    CATEGORIES,
    MUTABLE_KINDS,
    Channel,
    Digest,
    MutableKind,
    valid_zone,
)


class PreferencesBase(BaseModel):
    channels: dict[str, list[Channel]] = Field(
        default_factory=dict,
        description="Channels per category (in_app, email, slack); a category left out gets "
        "in_app and email. Categories: " + ", ".join(CATEGORIES) + ".",
    )
    quiet_start: time | None = Field(
        default=None, description="Local time quiet hours start (deliveries wait)."
    )
    quiet_end: time | None = Field(default=None, description="Local time quiet hours end.")
    timezone: str | None = Field(
        default=None,
        max_length=64,
        description="IANA timezone; unset means the one from your program profile.",
    )
    locale: str | None = Field(
        default=None, max_length=20, pattern=r"^[A-Za-z]{2}([-_][A-Za-z]{2})?$"
    )
    digest: Digest = Field(
        default="immediate",
        description="immediate, or gather email and Slack messages into a daily or weekly digest.",
    )
    slack_webhook_url: str | None = Field(
        default=None, max_length=2000, description="Your Slack incoming-webhook URL."
    )
    muted_kinds: list[MutableKind] = Field(
        default_factory=list,
        max_length=len(MUTABLE_KINDS),
        description="Notifications you never want, on any channel: "
        + ", ".join(MUTABLE_KINDS)
        + " (what program admins are told).",
    )

    @field_validator("channels")
    @classmethod
    def _known_categories(cls, value: dict[str, list[Channel]]) -> dict[str, list[Channel]]:
        unknown = sorted(set(value) - set(CATEGORIES))
        if unknown:
            raise ValueError(f"unknown categories: {', '.join(unknown)}")
        return {category: sorted(set(channels)) for category, channels in value.items()}

    @field_validator("muted_kinds")
    @classmethod
    def _once_each(cls, value: list[MutableKind]) -> list[MutableKind]:
        return sorted(set(value))

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        if value is not None and not valid_zone(value):
            raise ValueError(f"{value!r} is not an IANA timezone")
        return value


class PreferencesUpdate(PreferencesBase):
    """The whole set of preferences (PUT replaces them)."""


class Preferences(PreferencesBase):
    model_config = ConfigDict(from_attributes=True)

    effective_timezone: str = Field(description="The timezone quiet hours and digests use.")
