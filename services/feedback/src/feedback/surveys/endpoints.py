from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Query, status

from feedback.periods import PERIOD_PATTERN
from feedback.surveys import rounds
from feedback.surveys import service as survey_service
from feedback.surveys.schemas import (
    Survey,
    SurveyAnswers,
    SurveyKind,
    SurveyResults,
    SurveyRound,
    SurveyRoundCreate,
    SurveyTemplate,
    SurveyTemplateUpdate,
)
from kit.app import SessionDep
from kit.auth import CurrentUser
from kit.idempotency import IdempotencyKey
from kit.pagination import Page, PageParams, page_of, page_params

router = APIRouter(prefix="/v1", tags=["surveys"])


@router.get("/programs/{program_id}/survey-templates/{kind}", response_model=SurveyTemplate)
async def get_template(
    program_id: UUID, kind: SurveyKind, session: SessionDep, user: CurrentUser
) -> SurveyTemplate:
    """The program's pulse or close-out template (the default until an admin sets one)."""
    return await survey_service.get_template(session, user, program_id, kind)


@router.put("/programs/{program_id}/survey-templates/{kind}", response_model=SurveyTemplate)
async def put_template(
    program_id: UUID,
    kind: SurveyKind,
    data: SurveyTemplateUpdate,
    session: SessionDep,
    user: CurrentUser,
) -> SurveyTemplate:
    """Set the program's template (program admins); later surveys use it."""
    return await survey_service.put_template(session, user, program_id, kind, data)


@router.post(
    "/programs/{program_id}/survey-rounds",
    response_model=SurveyRound,
    status_code=status.HTTP_201_CREATED,
)
async def send_survey_round(
    program_id: UUID,
    data: SurveyRoundCreate,
    session: SessionDep,
    user: CurrentUser,
    idempotency: IdempotencyKey,
) -> object:
    """Send a pulse now (program admins) to the program's active relationships, or to the
    `match_ids` named: each person gets the program's pulse survey and the same
    `survey.requested` event as a scheduled one. 409 when none is active; a retry with the same
    Idempotency-Key answers the first round again."""
    return await idempotency.run(
        session,
        user,
        data,
        lambda: rounds.send_now(session, user, program_id, data),
        SurveyRound,
    )


@router.get("/programs/{program_id}/survey-results", response_model=SurveyResults)
async def get_results(
    program_id: UUID,
    kind: SurveyKind,
    period: Annotated[str, Query(pattern=PERIOD_PATTERN, description="YYYY-MM")],
    session: SessionDep,
    user: CurrentUser,
) -> SurveyResults:
    """Mean answers of a month's surveys; withheld below five responses."""
    return await survey_service.results(session, user, program_id, kind, period)


@router.get("/surveys", response_model=Page[Survey])
async def list_surveys(
    session: SessionDep,
    user: CurrentUser,
    page: Annotated[PageParams, Depends(page_params)],
    survey_status: Annotated[Literal["open", "completed"] | None, Query(alias="status")] = None,
) -> Page[Survey]:
    """The surveys the caller is asked to answer, oldest first."""
    rows = await survey_service.list_own(session, user, survey_status, page)
    return page_of(rows, page, Survey)


@router.get("/surveys/{survey_id}", response_model=Survey)
async def get_survey(survey_id: UUID, session: SessionDep, user: CurrentUser) -> object:
    return await survey_service.own(session, user, survey_id)


@router.post("/surveys/{survey_id}/response", response_model=Survey, status_code=201)
async def answer_survey(
    survey_id: UUID, data: SurveyAnswers, session: SessionDep, user: CurrentUser
) -> object:
    """Answer once (409 after). No Idempotency-Key here: its stored response would name the
    person next to an anonymous answer; the answer is once-only anyway."""
    return await survey_service.answer(session, user, survey_id, data)
