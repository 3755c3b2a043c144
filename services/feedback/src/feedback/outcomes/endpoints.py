from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query
from fastapi.responses import Response

from feedback.outcomes import service as outcomes_service
from feedback.outcomes.schemas import OutcomesReport
from feedback.periods import PERIOD_PATTERN
from kit.app import SessionDep
from kit.auth import CurrentUser

router = APIRouter(prefix="/v1/programs/{program_id}", tags=["outcomes"])

Cohort = Annotated[
    str | None,
    Query(pattern=PERIOD_PATTERN, description="Enrolment month, YYYY-MM (default: everyone)"),
]


@router.get("/outcomes", response_model=OutcomesReport)
async def get_outcomes(
    program_id: UUID, session: SessionDep, user: CurrentUser, cohort: Cohort = None
) -> OutcomesReport:
    """Retention, promotion and internal moves of participants against non-participants of the
    same department and seniority band, with 95 % intervals; goal attainment and satisfaction
    (program admins). Every cell is withheld below five people."""
    return await outcomes_service.report(session, user, program_id, cohort)


@router.get(
    "/outcomes.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "One row per outcome"}},
)
async def export_outcomes(
    program_id: UUID, session: SessionDep, user: CurrentUser, cohort: Cohort = None
) -> Response:
    """The same outcomes report as CSV, with the same minimum group size."""
    outcomes = await outcomes_service.report(session, user, program_id, cohort)
    return Response(
        outcomes_service.as_csv(outcomes),
        media_type="text/csv",
        headers={"Content-Disposition": f'attachment; filename="outcomes-{program_id}.csv"'},
    )
