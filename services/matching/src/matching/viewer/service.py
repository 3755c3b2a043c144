"""The viewer's own view of matching: scoped by the token's tenant and user, never by a
parameter, so nobody can ask for another person's."""

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from kit.auth import Principal
from matching.matches.schemas import Match as MatchRead
from matching.models import Match
from matching.participants import service as participant_service
from matching.programs.schemas import Program as ProgramRead
from matching.programs.service import is_admin
from matching.viewer.repository import ViewerRepository
from matching.viewer.schemas import (
    Participation,
    RunAwaitingReview,
    ViewerMatch,
    ViewerMatching,
)


def _side(match: Match, user_id: str) -> tuple[str, UUID]:
    """The viewer's role in the match and the partner's participant id."""
    if match.mentor_user_id == user_id:
        return "mentor", match.mentee_participant_id
    return "mentee", match.mentor_participant_id


async def viewer(session: AsyncSession, user: Principal, limit: int) -> ViewerMatching:
    repository = ViewerRepository(session)
    enrolments = await repository.enrolments(user.org_id, user.user_id)
    matches = await repository.matches(user.org_id, user.user_id, limit)
    partner_ids = list(dict.fromkeys(_side(match, user.user_id)[1] for match in matches))
    # read_many applies the profile's privacy rules (a partner does not see exclusions,
    # the manager, HR attributes nor the external id).
    partners = {p.id: p for p in await participant_service.read_many(session, user, partner_ids)}
    programs = await repository.programs(user.org_id)
    administered = [p.id for p in programs if is_admin(user, p)]
    drafts = await repository.draft_runs(user.org_id, administered, limit) if administered else []
    flagged = (
        await repository.flagged_matches(user.org_id, administered, limit) if administered else []
    )
    views = []
    for match in matches:
        role, partner_id = _side(match, user.user_id)
        views.append(
            ViewerMatch.model_validate(
                {
                    "role": role,
                    "awaits_viewer": match.status == "proposed"
                    and user.user_id in (match.awaiting or []),
                    "match": MatchRead.model_validate(match),
                    "partner": partners.get(partner_id),
                }
            )
        )
    return ViewerMatching(
        user_id=user.user_id,
        org_id=user.org_id,
        roles=sorted(user.roles),
        administered_program_ids=administered,
        participations=[
            Participation.model_validate(
                {
                    "participant_id": participant.id,
                    "program": ProgramRead.model_validate(program),
                    "role": participant.role,
                    "status": participant.status,
                    "capacity": participant.capacity,
                }
            )
            for participant, program in enrolments
        ],
        matches=views,
        runs_awaiting_review=[RunAwaitingReview.model_validate(run) for run in drafts],
        matches_flagged=[MatchRead.model_validate(match) for match in flagged],
    )
