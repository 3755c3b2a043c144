import strawberry

from gateway.clients.base import ServiceError
from gateway.context import GatewayInfo
from gateway.matching.types import Participant, Program
from gateway.pagination import MAX_PAGE, Connection, connection, page_query


@strawberry.type
class MatchingQuery:
    @strawberry.field(description="A program, or null if it does not exist for the caller.")
    async def program(self, info: GatewayInfo, id: strawberry.ID) -> Program | None:
        info.context.user()
        try:
            return Program.from_api(await info.context.client("matching").get(f"/v1/programs/{id}"))
        except ServiceError as error:
            if error.status == 404:
                return None
            raise

    @strawberry.field(description=f"A program's participants, oldest first ({MAX_PAGE} a page).")
    async def participants(
        self,
        info: GatewayInfo,
        program_id: strawberry.ID,
        first: int = 50,
        after: str | None = None,
    ) -> Connection[Participant]:
        info.context.user()
        page = await info.context.client("matching").get(
            f"/v1/programs/{program_id}/participants", page_query(first, after)
        )
        return connection(page, [Participant.from_api(item) for item in page["items"]])
