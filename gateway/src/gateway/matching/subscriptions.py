import time
from collections.abc import AsyncGenerator
from datetime import datetime
from enum import Enum

import strawberry

from contracts.matching import (
    MatchAcceptedV1,
    MatchActivatedV1,
    MatchDeclinedV1,
    MatchEndedV1,
    MatchProposedV1,
    MatchWithdrawnV1,
)
from gateway.clients.base import ServiceError
from gateway.context import GatewayInfo
from gateway.matching.matches import Match
from gateway.permissions import SIGNED_IN
from kit.errors import ForbiddenError
from kit.events.envelope import Event


@strawberry.enum
class MatchChange(Enum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    ACTIVATED = "activated"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    ENDED = "ended"


CHANGES = {
    MatchProposedV1.event_type: MatchChange.PROPOSED,
    MatchAcceptedV1.event_type: MatchChange.ACCEPTED,
    MatchActivatedV1.event_type: MatchChange.ACTIVATED,
    MatchDeclinedV1.event_type: MatchChange.DECLINED,
    MatchWithdrawnV1.event_type: MatchChange.WITHDRAWN,
    MatchEndedV1.event_type: MatchChange.ENDED,
}


@strawberry.type(description="Something happened to one of a program's matches.")
class MatchUpdate:
    change: MatchChange
    match_id: strawberry.ID
    program_id: strawberry.ID
    mentor_user_id: str
    mentee_user_id: str
    occurred_at: datetime

    @strawberry.field(description="The match as it is now (read when the update is sent).")
    async def match(self, info: GatewayInfo) -> Match | None:
        # Not through a DataLoader: a socket's context lives long and would serve stale state.
        try:
            return Match.from_api(
                await info.context.client("matching").get(f"/v1/matches/{self.match_id}")
            )
        except ServiceError:
            return None


async def require_program_admin(info: GatewayInfo, program_id: str) -> None:
    """Org admins, or the program's own admins (asked of matching with the caller's token)."""
    user = info.context.caller
    try:
        program = await info.context.client("matching").get(f"/v1/programs/{program_id}")
    except ServiceError as error:
        raise ForbiddenError("Only the program's admins may follow its matches.") from error
    if not user.administers(program.get("admin_user_ids")):
        raise ForbiddenError("Only the program's admins may follow its matches.")


class ProgramAdminCheck:
    """Authority is checked when subscribing and again before each event is sent: an admin
    removed from the program stops receiving its matches. A check holds `recheck_seconds`
    (a burst of events costs one call)."""

    def __init__(self, info: GatewayInfo, program_id: str) -> None:
        self._info = info
        self._program_id = program_id
        self._checked_at: float | None = None

    async def require(self) -> None:
        now = time.monotonic()
        if (
            self._checked_at is not None
            and now - self._checked_at < self._info.context.recheck_seconds
        ):
            return
        await require_program_admin(self._info, self._program_id)
        self._checked_at = now


@strawberry.type
class MatchingSubscription:
    @strawberry.subscription(
        description="Each change to a program's matches (program admins).",
        permission_classes=SIGNED_IN,
    )
    async def match_updated(
        self, info: GatewayInfo, program_id: strawberry.ID
    ) -> AsyncGenerator[MatchUpdate, None]:
        user = info.context.caller
        authority = ProgramAdminCheck(info, program_id)
        await authority.require()

        def of_program(event: Event) -> bool:
            return (
                event.type in CHANGES
                and event.org_id == user.org_id
                and str(event.data.get("program_id")) == str(program_id)
            )

        async with info.context.live.listen(of_program) as queue:
            while True:
                event = await queue.get()
                await authority.require()  # ForbiddenError ends the subscription, with its reason
                data = event.data
                yield MatchUpdate(
                    change=CHANGES[event.type],
                    match_id=strawberry.ID(str(data["match_id"])),
                    program_id=strawberry.ID(str(data["program_id"])),
                    mentor_user_id=str(data["mentor_user_id"]),
                    mentee_user_id=str(data["mentee_user_id"]),
                    occurred_at=event.time,
                )
