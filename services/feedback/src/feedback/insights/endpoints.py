from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query
from fastapi.responses import Response

from feedback.insights import service as insights_service
from feedback.insights.schemas import ProgramInsights
from feedback.periods import PERIOD_PATTERN
from kit.app import SessionDep
from kit.auth import CurrentUser

router = APIRouter(prefix="/v1/programs/{program_id}", tags=["insights"])

First = Annotated[
    str | None,
    Query(alias="from", pattern=PERIOD_PATTERN, description="First month, YYYY-MM (default: to)"),
]
Last = Annotated[
    str | None,
    Query(alias="to", pattern=PERIOD_PATTERN, description="Last month, YYYY-MM (default: now)"),
]


@router.get("/insights", response_model=ProgramInsights)
async def get_insights(
    program_id: UUID, session: SessionDep, user: CurrentUser, first: First = None, last: Last = None
) -> ProgramInsights:
    """Monthly program metrics (program admins); each withheld below five people."""
    return await insights_service.insights(session, user, program_id, first, last)


@router.get(
    "/insights.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "One row per month and metric"}},
)
async def export_insights(
    program_id: UUID, session: SessionDep, user: CurrentUser, first: First = None, last: Last = None
) -> Response:
    """The same insights as CSV, with the same minimum group size."""
    report = await insights_service.insights(session, user, program_id, first, last)
    return Response(
        insights_service.as_csv(report),
        media_type="text/csv",
        headers={"Content-Disposition": f'attachment; filename="insights-{program_id}.csv"'},
    )
