from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Header, Response, status

from kit.app import SessionDep
from kit.auth import CurrentUser
from kit.batch import Items, ids_query
from kit.pagination import Page, PageParams, page_of, page_params
from matching.runs import service as run_service
from matching.runs.schemas import Run, RunCreate, WhatIf, WhyNot
from matching.scoring.schemas import PairExplanation

router = APIRouter(prefix="/v1", tags=["matching runs"])


@router.post(
    "/programs/{program_id}/runs",
    response_model=Run,
    status_code=status.HTTP_201_CREATED,
    responses={202: {"model": Run, "description": "Accepted: computing in the background."}},
)
async def create_run(
    program_id: UUID,
    data: RunCreate,
    session: SessionDep,
    user: CurrentUser,
    response: Response,
    prefer: Annotated[str | None, Header()] = None,
) -> object:
    """Compute a draft matching of the whole cohort (optimal or stable) for review.

    With `Prefer: respond-async` (RFC 7240) the run is computed by a durable background job:
    the answer is 202 with the run `computing` and its `Location`; poll it until it is a
    `draft` (or `failed`). Large cohorts (tens of thousands) are best run this way.
    """
    background = "respond-async" in (prefer or "").lower()
    run = await run_service.create(session, user, program_id, data, background=background)
    if background:
        response.status_code = status.HTTP_202_ACCEPTED
        response.headers["Location"] = f"/v1/runs/{run.id}"
        response.headers["Preference-Applied"] = "respond-async"
    return run


@router.get("/programs/{program_id}/runs", response_model=Page[Run])
async def list_runs(
    program_id: UUID,
    session: SessionDep,
    user: CurrentUser,
    page: Annotated[PageParams, Depends(page_params)],
) -> Page[Run]:
    return page_of(await run_service.list_runs(session, user, program_id, page), page, Run)


@router.get("/runs/{run_id}", response_model=Run)
async def get_run(run_id: UUID, session: SessionDep, user: CurrentUser) -> object:
    """The draft or published run: pairs, who stays unmatched and why, fairness, certificate."""
    _, run = await run_service.get(session, user, run_id)
    return run


@router.get("/runs/{run_id}/pairs", response_model=Items[PairExplanation])
async def explain_run_pairs(
    run_id: UUID,
    session: SessionDep,
    user: CurrentUser,
    mentee_ids: Annotated[list[UUID], ids_query("mentee_participant_ids", "mentee participant")],
) -> Items[PairExplanation]:
    """Why the run paired each of these mentees as it did, in the order asked (admins); mentees
    without a pair in the run are left out."""
    return Items[PairExplanation](
        items=await run_service.explain_many(session, user, run_id, mentee_ids)
    )


@router.get("/runs/{run_id}/pairs/{mentee_participant_id}", response_model=PairExplanation)
async def explain_run_pair(
    run_id: UUID, mentee_participant_id: UUID, session: SessionDep, user: CurrentUser
) -> PairExplanation:
    """Why the run paired this mentee as it did: per-factor contributions."""
    return await run_service.explain(session, user, run_id, mentee_participant_id)


@router.get("/runs/{run_id}/why-not", response_model=WhyNot)
async def why_not(
    run_id: UUID,
    mentee_participant_id: UUID,
    mentor_participant_id: UUID,
    session: SessionDep,
    user: CurrentUser,
) -> WhyNot:
    """Why the run did not pair this mentee with this mentor (admins): the pair's score and
    explanation, whether a constraint forbids it, what the mentee got, and who took the
    mentor's places with what scores."""
    return await run_service.why_not(
        session, user, run_id, mentee_participant_id, mentor_participant_id
    )


@router.post("/runs/{run_id}/what-if", response_model=WhatIf, status_code=status.HTTP_201_CREATED)
async def what_if(run_id: UUID, data: RunCreate, session: SessionDep, user: CurrentUser) -> WhatIf:
    """Rerun with other weights, mode, objective, minimum score or seed; a new draft and the
    difference. The what-if keeps the base run's seed unless given one."""
    run, diff = await run_service.what_if(session, user, run_id, data)
    return WhatIf(run=Run.model_validate(run), diff=diff)


@router.post("/runs/{run_id}/publish", response_model=Run)
async def publish_run(run_id: UUID, session: SessionDep, user: CurrentUser) -> object:
    """Publish a reviewed draft: every pair in it is proposed."""
    return await run_service.publish(session, user, run_id)
