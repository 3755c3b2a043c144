from uuid import UUID

from fastapi import APIRouter, status

from kit.app import SessionDep
from kit.auth import CurrentUser
from matching.learning import service as learning_service
from matching.learning.schemas import WeightSuggestion
from matching.runs.schemas import Run, WhatIf

router = APIRouter(prefix="/v1", tags=["learning"])


@router.get("/programs/{program_id}/weight-suggestion", response_model=WeightSuggestion)
async def get_weight_suggestion(
    program_id: UUID, session: SessionDep, user: CurrentUser
) -> WeightSuggestion:
    """How each matching factor relates to relationship health, and the weights that follows
    (program admins); nothing is suggested with fewer than 30 relationships, or when no factor
    is distinguishable from zero."""
    return await learning_service.suggestion(session, user, program_id)


@router.post(
    "/runs/{run_id}/what-if/suggested-weights",
    response_model=WhatIf,
    status_code=status.HTTP_201_CREATED,
)
async def what_if_with_suggested_weights(
    run_id: UUID, session: SessionDep, user: CurrentUser
) -> WhatIf:
    """The run again with the program's suggested weights: a new draft and what changes
    (409 nothing-suggested when there is no suggestion)."""
    run, diff = await learning_service.what_if(session, user, run_id)
    return WhatIf(run=Run.model_validate(run), diff=diff)
