from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, status

from kit.app import SessionDep
from kit.auth import CurrentUser
from kit.idempotency import IdempotencyKey
from kit.pagination import Page, PageParams, page_of, page_params
from matching.participants import service as participant_service
from matching.participants.schemas import Participant, ParticipantCreate

router = APIRouter(prefix="/v1/programs/{program_id}/participants", tags=["participants"])


@router.post("", response_model=Participant, status_code=status.HTTP_201_CREATED)
async def enroll_participant(
    program_id: UUID,
    data: ParticipantCreate,
    session: SessionDep,
    user: CurrentUser,
    idempotency: IdempotencyKey,
) -> object:
    """Enrol a person in a program as a mentor or a mentee."""
    return await idempotency.run(
        session,
        user,
        data,
        lambda: participant_service.enroll(session, user, program_id, data),
        Participant,
    )


@router.get("", response_model=Page[Participant])
async def list_participants(
    program_id: UUID,
    session: SessionDep,
    user: CurrentUser,
    page: Annotated[PageParams, Depends(page_params)],
) -> Page[Participant]:
    """The people enrolled in a program, oldest first."""
    rows = await participant_service.list_participants(session, user, program_id, page)
    return page_of(rows, page, Participant)
