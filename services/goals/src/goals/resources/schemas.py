from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, model_validator

Kind = Literal["guide", "training", "template", "article", "video", "other"]
Audience = Literal["mentors", "mentees", "both"]


class ResourceCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=200)
    url: HttpUrl | None = None
    body: str | None = Field(default=None, max_length=20000, description="Text, when no link.")
    kind: Kind
    audience: Audience = "both"
    goal_templates: list[str] = Field(
        default_factory=list,
        max_length=50,
        description="Titles of the program's goal templates this resource supports.",
    )

    @model_validator(mode="after")
    def _link_or_text(self) -> "ResourceCreate":
        if self.url is None and not (self.body or "").strip():
            raise ValueError("a resource needs a link (`url`) or a text (`body`)")
        return self


class Resource(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: UUID
    program_id: UUID
    title: str
    url: str | None
    body: str | None
    kind: Kind
    audience: Audience
    created_at: datetime
    goal_templates: list[str] = Field(default_factory=list)


class AttachmentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    goal_template: str | None = Field(default=None, max_length=200)
    milestone_id: UUID | None = None

    @model_validator(mode="after")
    def _one_target(self) -> "AttachmentCreate":
        if (self.goal_template is None) == (self.milestone_id is None):
            raise ValueError("attach to exactly one of `goal_template` or `milestone_id`")
        return self


class ShareCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    resource_id: UUID
    note: str | None = Field(default=None, max_length=2000)


class SharedResource(BaseModel):
    id: UUID
    match_id: UUID
    shared_by: str
    note: str | None
    created_at: datetime
    resource: Resource


class ChecklistItem(BaseModel):
    resource: Resource
    completed_at: datetime | None


class OnboardingChecklist(BaseModel):
    program_id: UUID
    completed: int
    total: int
    items: list[ChecklistItem]
