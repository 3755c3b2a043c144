from typing import Annotated

from fastapi import APIRouter, Query, Request

from feedback.population import importer
from feedback.population import service as population_service
from feedback.population.schemas import PopulationImportReport
from kit.app import SessionDep
from kit.auth import CurrentUser
from kit.errors import ProblemError, UnprocessableError

router = APIRouter(prefix="/v1/population", tags=["outcomes"])
MAX_CSV_BYTES = 50 * 1024 * 1024


class PayloadTooLargeError(ProblemError):
    status = 413
    code = "payload-too-large"
    title = "Payload too large"


@router.post(
    "/import",
    response_model=PopulationImportReport,
    max_body_size=MAX_CSV_BYTES,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"text/csv": {"schema": {"type": "string"}}},
        }
    },
)
async def import_population(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    skip_invalid: Annotated[
        bool, Query(description="Import the valid rows and report the others.")
    ] = False,
) -> PopulationImportReport:
    """Create or update the organisation's people (participants or not) from an HR export, by
    HR id (org admins). Only the fields the outcomes report compares are kept."""
    body = await request.body()
    if len(body) > MAX_CSV_BYTES:
        raise PayloadTooLargeError(f"The CSV is larger than {MAX_CSV_BYTES} bytes.")
    text = importer.decode(body)
    if text is None:
        raise UnprocessableError("The CSV is not UTF-8.", field="body")
    return await population_service.import_csv(session, user, text, skip_invalid)
