from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from kit.app import SessionDep
from kit.auth import CurrentUser
from kit.batch import Items, ids_query
from matching.scoring import service as scoring_service
from matching.scoring.schemas import MenteeRecommendations, PairExplanation, Recommendation

router = APIRouter(prefix="/v1", tags=["scores"])


@router.get("/programs/{program_id}/scores", response_model=PairExplanation)
async def explain_pair(
    program_id: UUID,
    mentee_participant_id: UUID,
    mentor_participant_id: UUID,
    session: SessionDep,
    user: CurrentUser,
) -> PairExplanation:
    """Any pair's score, each factor's contribution, both sides' views, and what rejects it."""
    return await scoring_service.explain_pair(
        session, user, program_id, mentee_participant_id, mentor_participant_id
    )


@router.get("/recommendations", response_model=Items[MenteeRecommendations])
async def recommend_mentors_for_many(
    mentee_ids: Annotated[list[UUID], ids_query("participant_ids", "participant")],
    session: SessionDep,
    user: CurrentUser,
    limit: Annotated[int, Query(ge=1, le=50)] = 5,
) -> Items[MenteeRecommendations]:
    """Recommendations for many mentees in one call (the gateway's batch read); mentees the
    caller may not see, or that are not active mentees, are left out."""
    return Items(items=await scoring_service.recommendations_many(session, user, mentee_ids, limit))


@router.get("/participants/{participant_id}/recommendations", response_model=list[Recommendation])
async def recommend_mentors(
    participant_id: UUID,
    session: SessionDep,
    user: CurrentUser,
    limit: Annotated[int, Query(ge=1, le=50)] = 5,
) -> list[Recommendation]:
    """Self-match: the mentee's top mentors with free places, with explanations."""
    return await scoring_service.recommendations(session, user, participant_id, limit)
