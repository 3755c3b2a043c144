"""Circles of GROUP programs: a mentor with the mentees whose matches hold a place with them.

The service answers with the people's names, so a circle and its members cost nothing more; their
full Participant records (only what the caller may see) come through the participants loader."""

from datetime import date
from typing import Any

import strawberry

from gateway.context import GatewayInfo
from gateway.matching.loaders import circles_by_program, programs_by_id
from gateway.matching.matches import MatchStatus, participant
from gateway.matching.types import Participant, Program, ProgramFormat
from gateway.pagination import Connection, connection, page_query
from gateway.resolve import loader, opt_date


@strawberry.type(description="The mentor who leads a circle.")
class CircleMentor:
    participant_id: strawberry.ID
    user_id: str
    display_name: str

    @strawberry.field(description="The mentor's participant record, null if not visible.")
    async def participant(self, info: GatewayInfo) -> Participant | None:
        return await participant(info, self.participant_id)


@strawberry.type(description="A mentee holding a place in a circle through their match.")
class CircleMember:
    participant_id: strawberry.ID
    user_id: str
    display_name: str
    match_id: strawberry.ID
    match_status: MatchStatus = strawberry.field(
        description="ACCEPTED (holding the place until startsOn) or ACTIVE."
    )
    starts_on: date | None

    @strawberry.field(
        description="The member's participant record: for admins and the member themselves "
        "(other members see the name only)."
    )
    async def participant(self, info: GatewayInfo) -> Participant | None:
        return await participant(info, self.participant_id)


@strawberry.type(
    description="In a GROUP program, a mentor and the mentees whose matches (accepted or active) "
    "hold a place with them. Admins see every circle; mentors and members their own."
)
class Circle:
    id: strawberry.ID = strawberry.field(description="The mentor's participant id.")
    program_id: strawberry.ID
    mentor: CircleMentor
    members: list[CircleMember] = strawberry.field(description="In the order they joined.")
    size: int
    capacity: int = strawberry.field(description="The mentor's capacity.")
    open_places: int = strawberry.field(
        description="Capacity minus the places held or reserved (accepted, active and proposed "
        "matches), never below 0."
    )

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> "Circle":
        mentor = data["mentor"]
        return cls(
            id=strawberry.ID(str(data["id"])),
            program_id=strawberry.ID(str(data["program_id"])),
            mentor=CircleMentor(
                participant_id=strawberry.ID(str(mentor["participant_id"])),
                user_id=mentor["user_id"],
                display_name=mentor["display_name"],
            ),
            members=[
                CircleMember(
                    participant_id=strawberry.ID(str(member["participant_id"])),
                    user_id=member["user_id"],
                    display_name=member["display_name"],
                    match_id=strawberry.ID(str(member["match_id"])),
                    match_status=MatchStatus(member["match_status"]),
                    starts_on=opt_date(member.get("starts_on")),
                )
                for member in data["members"]
            ],
            size=int(data["size"]),
            capacity=int(data["capacity"]),
            open_places=int(data["open_places"]),
        )

    @strawberry.field
    async def program(self, info: GatewayInfo) -> Program | None:
        data = await loader(info.context, programs_by_id).load(self.program_id)
        return Program.from_api(data) if data else None


async def circles_of(
    info: GatewayInfo, program: Program, first: int, after: str | None
) -> Connection[Circle]:
    """`Program.circles`: a page through the loader (one call for a whole list of programs);
    a program not in the group format has none, and costs no call."""
    info.context.user()
    page = None
    if program.format is ProgramFormat.GROUP:
        key = (str(program.id), page_query(first, after)["limit"], after or None)
        page = await loader(info.context, circles_by_program).load(key)
    page = page or {"items": []}
    return connection(page, [Circle.from_api(item) for item in page["items"]])
