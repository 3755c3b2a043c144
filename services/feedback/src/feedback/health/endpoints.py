from datetime import datetime
from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel, Field
from sqlalchemy.ext.asyncio import AsyncSession

from feedback.access import administers
from feedback.health.signals import ENTER_BELOW, LEAVE_ABOVE
from feedback.models import Match
from feedback.readmodels.repository import ReadModelRepository
from kit.app import SessionDep
from kit.auth import CurrentUser, Principal
from kit.errors import NotFoundError

router = APIRouter(prefix="/v1", tags=["relationship health"])


class SignalView(BaseModel):
    name: str
    weight: float = Field(description="The most this signal can add to the score.")
    value: float = Field(ge=0, le=1)
    contribution: float = Field(description="weight x value: this signal's part of the score.")
    detail: str


class RelationshipHealth(BaseModel):
    match_id: UUID
    program_id: UUID
    status: str
    score: float | None
    at_risk: bool
    enter_at_risk_below: float = ENTER_BELOW
    leave_at_risk_above: float = LEAVE_ABOVE
    signals: list[SignalView]
    computed_at: datetime | None


async def _visible_match(session: AsyncSession, user: Principal, match_id: UUID) -> Match:
    """Health is for the program's admins: it is built from both people's feedback."""
    repository = ReadModelRepository(session)
    match = await repository.match(user.org_id, match_id)
    if match is not None:
        program = await repository.program(user.org_id, match.program_id)
        if user.is_org_admin or (program is not None and administers(user, program)):
            return match
    raise NotFoundError(f"Match {match_id} does not exist.")


@router.get("/matches/{match_id}/health", response_model=RelationshipHealth)
async def get_health(match_id: UUID, session: SessionDep, user: CurrentUser) -> RelationshipHealth:
    """The match's last computed score, at-risk flag and each signal's contribution."""
    match = await _visible_match(session, user, match_id)
    return RelationshipHealth(
        match_id=match.id,
        program_id=match.program_id,
        status=match.status,
        score=match.health_score,
        at_risk=match.at_risk,
        signals=[SignalView.model_validate(signal) for signal in match.health_signals or []],
        computed_at=match.health_updated_at,
    )
