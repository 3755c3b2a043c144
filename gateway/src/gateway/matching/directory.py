"""The mentor directory of a program, as a mentee browses it: every mentor she may ask, best
score first, with the pair's explanation, full mentors included and marked (matching's
GET /v1/programs/{id}/directory)."""

from typing import Annotated, Any

import strawberry

from gateway.context import GatewayInfo
from gateway.errors import ExpectedError, ValidationFailed
from gateway.matching.matches import PairExplanation, participant
from gateway.matching.types import Participant
from gateway.pagination import MAX_PAGE, PageInfo
from gateway.resolve import mutate


@strawberry.type(description="A skill a mentor teaches, at a level 1..5.")
class DirectorySkill:
    skill: str
    level: int


@strawberry.type(description="Hours a mentor gives the program in a month.")
class DirectoryMonth:
    month: str = strawberry.field(description="YYYY-MM.")
    hours: float


@strawberry.type(
    description="What a mentee may read about a mentor she is not matched with: no contact "
    "details, nothing a match partner may not read (exclusions, manager, HR attributes)."
)
class DirectoryProfile:
    skills_offered: list[DirectorySkill]
    goals: list[str]
    goals_text: str
    communication_style: str | None
    seniority: int
    department: str | None
    timezone: str | None
    languages: list[str]
    availability: list[DirectoryMonth]

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> "DirectoryProfile":
        return cls(
            skills_offered=[
                DirectorySkill(skill=skill, level=level)
                for skill, level in sorted(data["skills_offered"].items())
            ],
            goals=list(data["goals"]),
            goals_text=data["goals_text"],
            communication_style=data["communication_style"],
            seniority=data["seniority"],
            department=data["department"],
            timezone=data["timezone"],
            languages=list(data["languages"]),
            availability=[
                DirectoryMonth(month=month, hours=hours)
                for month, hours in sorted(data["availability"].items())
            ],
        )


@strawberry.type(description="A mentor the mentee may ask, with the reasons of the score.")
class DirectoryMentor:
    mentor_participant_id: strawberry.ID
    mentor_user_id: str
    display_name: str
    capacity: int
    free_places: int
    at_capacity: bool = strawberry.field(
        description="No free place now: she may still ask, but the mentor cannot accept until "
        "a place frees up."
    )
    profile: DirectoryProfile
    explanation: PairExplanation = strawberry.field(
        description="Feasible under the program's hard constraints (capacity aside)."
    )

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> "DirectoryMentor":
        return cls(
            mentor_participant_id=strawberry.ID(str(data["mentor_participant_id"])),
            mentor_user_id=data["mentor_user_id"],
            display_name=data["display_name"],
            capacity=data["capacity"],
            free_places=data["free_places"],
            at_capacity=data["at_capacity"],
            profile=DirectoryProfile.from_api(data["profile"]),
            explanation=PairExplanation.from_api(data["explanation"]),
        )


@strawberry.type(description="A page of a program's mentor directory for one mentee.")
class MentorDirectory:
    mentee_participant_id: strawberry.ID
    total_count: int = strawberry.field(description="Mentors matching the filters, all pages.")
    nodes: list[DirectoryMentor]
    page_info: PageInfo

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> "MentorDirectory":
        cursor = data.get("next_cursor")
        return cls(
            mentee_participant_id=strawberry.ID(str(data["mentee_participant_id"])),
            total_count=data["total"],
            nodes=[DirectoryMentor.from_api(item) for item in data["items"]],
            page_info=PageInfo(has_next_page=cursor is not None, end_cursor=cursor),
        )

    @strawberry.field(description="The mentee whose directory this is.")
    async def mentee(self, info: GatewayInfo) -> Participant | None:
        return await participant(info, self.mentee_participant_id)


ARGUMENTS = {
    "participant_id": "participantId",
    "skill": "skills",
    "language": "languages",
    "available_in": "availableIn",
    "free_only": "freeOnly",
    "limit": "first",
    "cursor": "after",
}
"""The service's query parameters by the names of this field's arguments."""


def _in_arguments(result: MentorDirectory | ExpectedError) -> MentorDirectory | ExpectedError:
    """A refusal names the argument the client sent, not the service's parameter."""
    if isinstance(result, ValidationFailed):
        for error in result.fields:
            error.field = ARGUMENTS.get(error.field.removeprefix("query."), error.field)
    return result


MentorDirectoryResult = Annotated[
    MentorDirectory | ExpectedError, strawberry.union("MentorDirectoryResult")
]


@strawberry.type
class DirectoryQuery:
    @strawberry.field(
        description="The mentors a mentee may ask in a program (feasible for her under its hard "
        "constraints, not already asked), best score first, with explanations; mentors without "
        "a free place are listed too, marked `atCapacity`. `skills`: the mentor offers every "
        "one; `languages`: speaks at least one; `availableIn` (YYYY-MM): gives hours in every "
        "month. A mentee reads her own; the program's admins name the mentee "
        f"(`participantId`); a mentor is NotAllowed. At most {MAX_PAGE} a page."
    )
    async def mentor_directory(
        self,
        info: GatewayInfo,
        program_id: strawberry.ID,
        participant_id: strawberry.ID | None = None,
        skills: list[str] | None = None,
        languages: list[str] | None = None,
        available_in: list[str] | None = None,
        free_only: bool = False,
        first: int = 50,
        after: str | None = None,
    ) -> MentorDirectoryResult:
        info.context.user()
        # The service bounds `first` (1..100) and validates the rest: its refusal is the result.
        params: dict[str, Any] = {
            "skill": skills or [],
            "language": languages or [],
            "available_in": available_in or [],
            "free_only": free_only,
            "limit": first,
        }
        if participant_id is not None:
            params["participant_id"] = participant_id
        if after is not None:
            params["cursor"] = after
        call = info.context.client("matching").get(f"/v1/programs/{program_id}/directory", params)
        return _in_arguments(await mutate(call, MentorDirectory.from_api))
