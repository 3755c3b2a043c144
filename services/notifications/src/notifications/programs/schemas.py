from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field


class ProgramSlackUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    slack_webhook_url: str | None = Field(
        max_length=2000,
        description="The program's Slack incoming webhook (https); null removes it.",
    )


class ProgramSlack(BaseModel):
    """Whether a program has a Slack channel. The URL is a secret: only its host is shown."""

    program_id: UUID
    configured: bool
    host: str | None = Field(description="The webhook's host, e.g. hooks.slack.com.")
