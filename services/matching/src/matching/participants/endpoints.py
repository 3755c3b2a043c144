from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request, status

from kit.app import SessionDep
from kit.auth import CurrentUser
from kit.batch import Items, ids_query
from kit.errors import ProblemError, UnprocessableError
from kit.idempotency import IdempotencyKey
from kit.pagination import Page, PageParams, page_of, page_params
from matching import withdrawal
from matching.participants import importer
from matching.participants import service as participant_service
from matching.participants.schemas import (
    ImportReport,
    Participant,
    ParticipantCreate,
    ParticipantUpdate,
)

router = APIRouter(prefix="/v1", tags=["participants"])
MAX_CSV_BYTES = 20 * 1024 * 1024


class PayloadTooLargeError(ProblemError):
    status = 413
    code = "payload-too-large"
    title = "Payload too large"


@router.post(
    "/programs/{program_id}/participants",
    response_model=Participant,
    status_code=status.HTTP_201_CREATED,
)
async def enroll_participant(
    program_id: UUID,
    data: ParticipantCreate,
    session: SessionDep,
    user: CurrentUser,
    idempotency: IdempotencyKey,
) -> object:
    """Enrol a person in a program as a mentor or a mentee, with their profile."""
    return await idempotency.run(
        session,
        user,
        data,
        lambda: participant_service.enroll(session, user, program_id, data),
        Participant,
    )


@router.get("/programs/{program_id}/participants", response_model=Page[Participant])
async def list_participants(
    program_id: UUID,
    session: SessionDep,
    user: CurrentUser,
    page: Annotated[PageParams, Depends(page_params)],
) -> Page[Participant]:
    """The people enrolled in a program, oldest first (a participant sees only themselves)."""
    rows = await participant_service.list_participants(session, user, program_id, page)
    return page_of(rows, page, Participant)


@router.post(
    "/programs/{program_id}/participants/import",
    response_model=ImportReport,
    max_body_size=MAX_CSV_BYTES,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"text/csv": {"schema": {"type": "string"}}},
        }
    },
)
async def import_participants(
    program_id: UUID,
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    skip_invalid: Annotated[
        bool, Query(description="Import the valid rows and report the others.")
    ] = False,
) -> ImportReport:
    """Enrol or update many people from a CSV export; all rows are checked first."""
    body = await request.body()
    if len(body) > MAX_CSV_BYTES:
        raise PayloadTooLargeError(f"The CSV is larger than {MAX_CSV_BYTES} bytes.")
    text = importer.decode(body)
    if text is None:
        raise UnprocessableError("The CSV is not UTF-8.", field="body")
    return await participant_service.import_csv(session, user, program_id, text, skip_invalid)


@router.get("/participants", response_model=Items[Participant])
async def read_participants(
    session: SessionDep,
    user: CurrentUser,
    ids: Annotated[list[UUID], ids_query("ids", "participant")],
) -> Items[Participant]:
    """Many participants at once, in the order asked; those the caller may not see (as in the
    single read) are left out."""
    return Items[Participant](items=await participant_service.read_many(session, user, ids))


@router.get("/participants/{participant_id}", response_model=Participant)
async def get_participant(participant_id: UUID, session: SessionDep, user: CurrentUser) -> object:
    """A participant and their profile: whole for themselves and the program's admins, without
    private fields for a match partner; 404 for anyone else."""
    return await participant_service.read(session, user, participant_id)


@router.patch("/participants/{participant_id}", response_model=Participant)
async def update_participant(
    participant_id: UUID, data: ParticipantUpdate, session: SessionDep, user: CurrentUser
) -> object:
    """Update a profile (the person themselves or an admin)."""
    return await participant_service.update(session, user, participant_id, data)


@router.post("/participants/{participant_id}/withdraw", response_model=Participant)
async def withdraw_participant(
    participant_id: UUID, session: SessionDep, user: CurrentUser
) -> object:
    """Leave the program; open proposals and relationships end."""
    return await withdrawal.withdraw(session, user, participant_id)
