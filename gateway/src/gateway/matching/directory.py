"""The mentor directory of a program, as a mentee browses it: every mentor she may ask, best
score first, with the pair's explanation, full mentors included and marked (matching's
GET /v1/programs/{id}/directory)."""

from typing import Annotated, Any

import strawberry

from gateway.api import matching as api
from gateway.context import GatewayInfo
from gateway.derive import build, model_type
from gateway.errors import ExpectedError, ValidationFailed
from gateway.matching.matches import PairExplanation, participant
from gateway.matching.profile import (
    CommunicationStyle,
    DirectoryMonth,
    DirectorySkill,
    months,
    skills,
)
from gateway.matching.types import Participant
from gateway.pagination import MAX_PAGE, PageInfo
from gateway.permissions import SIGNED_IN
from gateway.resolve import mutate


@model_type(api.DirectoryProfile)
class DirectoryProfile:
    communication_style: CommunicationStyle | None
    skills_offered: list[DirectorySkill] = strawberry.field(
        description="Skills the mentor teaches, at a level 1..5, by name."
    )
    availability: list[DirectoryMonth] = strawberry.field(
        description="Hours the mentor gives in each month, by month."
    )

    @classmethod
    def from_model(cls, model: api.DirectoryProfile) -> "DirectoryProfile":
        """The service's mappings of skill to level and month to hours as lists."""
        return build(
            cls,
            model,
            skills_offered=skills(model.skills_offered),
            availability=months(model.availability),
        )


@model_type(api.DirectoryEntry, name="DirectoryMentor")
class DirectoryMentor:
    profile: DirectoryProfile
    explanation: PairExplanation = strawberry.field(
        description="Feasible under the program's hard constraints (capacity aside)."
    )

    @classmethod
    def from_model(cls, model: api.DirectoryEntry) -> "DirectoryMentor":
        return build(
            cls,
            model,
            profile=DirectoryProfile.from_model(model.profile),
        )


@strawberry.type(description="A page of a program's mentor directory for one mentee.")
class MentorDirectory:
    mentee_participant_id: strawberry.ID
    total_count: int = strawberry.field(description="Mentors matching the filters, all pages.")
    nodes: list[DirectoryMentor]
    page_info: PageInfo

    @classmethod
    def from_api(cls, data: Any) -> "MentorDirectory":
        model = api.Directory.model_validate(data)
        cursor = model.next_cursor
        return cls(
            mentee_participant_id=strawberry.ID(str(model.mentee_participant_id)),
            total_count=model.total,
            nodes=[DirectoryMentor.from_model(item) for item in model.items],
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
        f"(`participantId`); a mentor is NotAllowed. At most {MAX_PAGE} a page.",
        permission_classes=SIGNED_IN,
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
