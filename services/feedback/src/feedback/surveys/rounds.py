"""Pulses an admin sends now, beside the schedule: to every active relationship of a program,
or to the cohort the admin names. The surveys and their `survey.requested` events are the
scheduled ones' (`service.ask`); a round is numbered per program, and its surveys carry
`sequence = -number`, so that the surveys' unique key keeps a round from asking anyone twice.
"""

from datetime import timedelta
from uuid import UUID

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from feedback.access import administered_program
from feedback.models import SurveyRound
from feedback.surveys import service as survey_service
from feedback.surveys.repository import SurveyRepository
from feedback.surveys.schemas import SurveyRoundCreate
from kit import audit
from kit.auth import Principal
from kit.db import utcnow
from kit.errors import ConflictError, UnprocessableError


class NotActiveRelationshipsError(UnprocessableError):
    code = "not-active-relationships"

    def __init__(self, unknown: list[str]) -> None:
        verb = "is not one" if len(unknown) == 1 else "are not"
        super().__init__(
            f"Name only active relationships of this program: {', '.join(unknown)} {verb}.",
            field="match_ids",
            unknown=unknown,
        )


async def send_now(
    session: AsyncSession, user: Principal, program_id: UUID, data: SurveyRoundCreate
) -> SurveyRound:
    await administered_program(session, user, program_id)
    repository = SurveyRepository(session)
    matches = await repository.active_matches(user.org_id, program_id, data.match_ids)
    if data.match_ids is not None:
        unknown = sorted({str(i) for i in data.match_ids} - {str(m.id) for m in matches})
        if unknown:
            raise NotActiveRelationshipsError(unknown)
    if not matches:
        raise ConflictError("The program has no active relationship to survey yet.")
    now = utcnow()
    number = await repository.last_round_number(user.org_id, program_id) + 1
    survey_round = SurveyRound(
        org_id=user.org_id,
        program_id=program_id,
        kind=data.kind,
        number=number,
        requested_by=user.user_id,
        matches=len(matches),
        surveys=0,
        due_at=now + timedelta(days=data.due_in_days),
    )
    try:
        async with session.begin_nested():
            await repository.add(survey_round)
    except IntegrityError as exc:  # another admin's round took this number a moment ago
        raise ConflictError("Another survey round of this program was just sent; retry.") from exc
    for match in matches:
        for person in (match.mentor_user_id, match.mentee_user_id):
            survey = await survey_service.ask(
                session,
                match,
                person,
                data.kind,
                -number,
                now,
                answer_within=timedelta(days=data.due_in_days),
                round_id=survey_round.id,
            )
            survey_round.surveys += survey is not None
    await session.flush()
    await audit.record(
        session,
        user,
        "survey_round.sent",
        "survey_round",
        survey_round.id,
        after={
            "program_id": program_id,
            "kind": data.kind,
            "number": number,
            "matches": survey_round.matches,
            "surveys": survey_round.surveys,
            "due_at": survey_round.due_at,
        },
    )
    return survey_round
