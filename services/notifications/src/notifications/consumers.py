"""Every event the notifications service reacts to, in one place; handlers stay thin."""

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.matching import ParticipantEnrolledV1
from kit.events.consumer import Consumer
from kit.events.envelope import Event
from notifications.inbox import service as inbox_service
from notifications.inbox.schemas import NotificationCreate

inbox = Consumer("inbox")


@inbox.on(ParticipantEnrolledV1)
async def participant_enrolled(
    session: AsyncSession, event: Event, payload: ParticipantEnrolledV1
) -> None:
    await inbox_service.deliver(
        session,
        NotificationCreate(
            org_id=event.org_id,
            user_id=payload.user_id,
            source_event_id=str(event.id),
            category="enrolment",
            title=f"Welcome to {payload.program_name}",
            body=f"You are enrolled in {payload.program_name} as a {payload.role}.",
        ),
    )


CONSUMERS = [inbox]
