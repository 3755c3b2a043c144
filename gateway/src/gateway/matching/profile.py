"""A participant's profile in and out: the service's mappings (skill to level, month to hours,
motivator to agreement, attribute to value) as lists of camelCase objects, so a client names
every field it sends and reads; the service still gets and gives its snake_case mappings."""

from typing import Any

import strawberry

from gateway.api import matching as api
from gateway.derive import body_of, build, graphql_enum, model_type

CommunicationStyle = api.ProfileCommunicationStyle
graphql_enum(CommunicationStyle, "CommunicationStyle", "How a person likes to communicate.")


@strawberry.type(description="A skill at a level 1..5.")
class DirectorySkill:
    skill: str
    level: int


@strawberry.type(description="Hours a person gives the program in a month.")
class DirectoryMonth:
    month: str = strawberry.field(description="YYYY-MM.")
    hours: float


@strawberry.type(description="How much a person agrees with a motivator, 1..5.")
class Motivator:
    name: str
    level: int


@strawberry.type(description="A free-form attribute (used in fairness summaries).")
class ProfileAttribute:
    key: str
    value: str


def skills(mapping: dict[str, int] | None) -> list[DirectorySkill]:
    return [
        DirectorySkill(skill=name, level=level) for name, level in sorted((mapping or {}).items())
    ]


def months(mapping: dict[str, float] | None) -> list[DirectoryMonth]:
    return [
        DirectoryMonth(month=month, hours=hours) for month, hours in sorted((mapping or {}).items())
    ]


@model_type(api.Profile, description="What a participant offers and wants: the matching inputs.")
class Profile:
    skills_offered: list[DirectorySkill] = strawberry.field(
        description="Skills the person can teach, at a level 1..5."
    )
    skills_wanted: list[DirectorySkill] = strawberry.field(
        description="Skills the person wants to learn, at a level 1..5."
    )
    motivators: list[Motivator] = strawberry.field(description="Motivators, agreement 1..5.")
    availability: list[DirectoryMonth] = strawberry.field(
        description="Hours available in each month, by month."
    )
    attributes: list[ProfileAttribute] = strawberry.field(
        description="Free-form attributes for fairness summaries."
    )

    @classmethod
    def from_model(cls, model: api.Profile) -> "Profile":
        return build(
            cls,
            model,
            skills_offered=skills(model.skills_offered),
            skills_wanted=skills(model.skills_wanted),
            motivators=[
                Motivator(name=name, level=level)
                for name, level in sorted((model.motivators or {}).items())
            ],
            availability=months(model.availability),
            attributes=[
                ProfileAttribute(key=key, value=value)
                for key, value in sorted((model.attributes or {}).items())
            ],
        )


@strawberry.input(description="A skill at a level 1..5.")
class SkillInput:
    skill: str
    level: int


@strawberry.input(description="Hours available in a month.")
class MonthInput:
    month: str = strawberry.field(description="YYYY-MM.")
    hours: float


@strawberry.input(description="Agreement with a motivator, 1..5.")
class MotivatorInput:
    name: str
    level: int


@strawberry.input(description="A free-form attribute (used in fairness summaries).")
class ProfileAttributeInput:
    key: str
    value: str


@strawberry.input(
    description="What a participant offers and wants; a field left out (or null) takes the "
    "service's default. An update replaces the whole profile."
)
class ProfileInput:
    skills_offered: list[SkillInput] | None = strawberry.field(
        default=None, description="Skills the person can teach, at a level 1..5."
    )
    skills_wanted: list[SkillInput] | None = strawberry.field(
        default=None, description="Skills the person wants to learn, at a level 1..5."
    )
    goals: list[str] | None = strawberry.field(default=None, description="Goal tags.")
    goals_text: str | None = None
    motivators: list[MotivatorInput] | None = None
    communication_style: CommunicationStyle | None = None
    seniority: int | None = strawberry.field(default=None, description="1..10.")
    department: str | None = None
    manager_user_id: str | None = None
    timezone: str | None = strawberry.field(default=None, description="IANA timezone.")
    languages: list[str] | None = None
    availability: list[MonthInput] | None = None
    exclusions: list[str] | None = strawberry.field(
        default=None, description="User ids never to match with."
    )
    attributes: list[ProfileAttributeInput] | None = None


def profile_body(profile: ProfileInput) -> dict[str, Any]:
    """The service's snake_case profile, its lists of pairs as mappings."""

    def mapping(items: list[Any] | None, key: str, value: str) -> dict[str, Any] | None:
        if items is None:
            return None
        return {getattr(item, key): getattr(item, value) for item in items}

    return body_of(
        profile,
        skills_offered=mapping(profile.skills_offered, "skill", "level"),
        skills_wanted=mapping(profile.skills_wanted, "skill", "level"),
        motivators=mapping(profile.motivators, "name", "level"),
        availability=mapping(profile.availability, "month", "hours"),
        attributes=mapping(profile.attributes, "key", "value"),
    )
