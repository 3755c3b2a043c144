from uuid import UUID

from fastapi import APIRouter

from kit.app import SessionDep
from kit.auth import CurrentUser
from notifications.deps import DepsDep
from notifications.programs import service as program_service
from notifications.programs.schemas import ProgramSlack, ProgramSlackUpdate

router = APIRouter(prefix="/v1/programs", tags=["programs"])


@router.get("/{program_id}/slack", response_model=ProgramSlack)
async def get_program_slack(
    program_id: UUID, session: SessionDep, user: CurrentUser
) -> ProgramSlack:
    """Whether the program has a Slack channel (org and program admins)."""
    return await program_service.get_slack(session, user, program_id)


@router.put("/{program_id}/slack", response_model=ProgramSlack)
async def set_program_slack(
    program_id: UUID,
    data: ProgramSlackUpdate,
    session: SessionDep,
    user: CurrentUser,
    deps: DepsDep,
) -> ProgramSlack:
    """Set or remove the program's Slack incoming webhook: program messages go there for
    people who chose Slack without a webhook of their own. The URL is checked like any
    webhook target (https, public addresses only)."""
    return await program_service.set_slack(session, deps, user, program_id, data)
