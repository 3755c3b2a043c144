"""Survey templates per program, surveys per person, and answers.

An anonymous answer is stored with its program, kind and month only: no survey id, person,
match or timestamp, and the survey it answers keeps no completion time. Nothing in the database
joins the answer to the person; admins see aggregates over at least five answers.
"""

from datetime import datetime, timedelta
from statistics import fmean
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.feedback import SurveyCompletedV1, SurveyRequestedV1
from feedback.access import administered_program, shown
from feedback.models import Match, Survey, SurveyResponse, SurveyTemplate
from feedback.periods import bounds, period_of
from feedback.surveys.repository import SurveyRepository
from feedback.surveys.schemas import (
    Question,
    SurveyAnswers,
    SurveyKind,
    SurveyResults,
    SurveyTemplateUpdate,
)
from feedback.surveys.schemas import SurveyTemplate as SurveyTemplateView
from kit import audit
from kit.auth import Principal
from kit.db import utcnow
from kit.errors import ConflictError, NotFoundError, UnprocessableError
from kit.events.outbox import emit
from kit.pagination import PageParams

ANSWER_WITHIN = timedelta(days=14)

DEFAULTS: dict[str, SurveyTemplateUpdate] = {
    "pulse": SurveyTemplateUpdate(
        anonymous=True,
        questions=[
            Question(key="satisfaction", text="How satisfied are you with your mentorship?"),
            Question(key="progress", text="How well are you progressing on your goals?"),
            Question(key="comment", text="Anything the program should know?", type="text"),
        ],
    ),
    "close_out": SurveyTemplateUpdate(
        anonymous=False,
        questions=[
            Question(key="satisfaction", text="Overall, how satisfied were you?"),
            Question(key="goals_met", text="How far did you reach your goals?"),
            Question(key="recommend", text="Would you recommend the program?"),
            Question(key="comment", text="What should we change?", type="text"),
        ],
    ),
}


async def _template(
    session: AsyncSession, org_id: str, program_id: UUID, kind: str
) -> tuple[SurveyTemplateUpdate, bool]:
    own = await SurveyRepository(session).template(org_id, program_id, kind)
    if own is None:
        return DEFAULTS[kind], True
    return SurveyTemplateUpdate(anonymous=own.anonymous, questions=own.questions), False


async def get_template(
    session: AsyncSession, user: Principal, program_id: UUID, kind: SurveyKind
) -> SurveyTemplateView:
    await administered_program(session, user, program_id)
    template, is_default = await _template(session, user.org_id, program_id, kind)
    return SurveyTemplateView(
        program_id=program_id, kind=kind, is_default=is_default, **template.model_dump()
    )


async def put_template(
    session: AsyncSession,
    user: Principal,
    program_id: UUID,
    kind: SurveyKind,
    data: SurveyTemplateUpdate,
) -> SurveyTemplateView:
    """Set the program's template; surveys already sent keep the questions they were sent with."""
    await administered_program(session, user, program_id)
    repository = SurveyRepository(session)
    template = await repository.template(user.org_id, program_id, kind)
    before = (
        None
        if template is None
        else {"anonymous": template.anonymous, "questions": list(template.questions)}
    )
    questions = [question.model_dump() for question in data.questions]
    if template is None:
        template = SurveyTemplate(org_id=user.org_id, program_id=program_id, kind=kind)
        template.anonymous, template.questions = data.anonymous, questions
        await repository.add(template)
    else:
        template.anonymous, template.questions = data.anonymous, questions
        await session.flush()
    after = {"anonymous": data.anonymous, "questions": questions}
    old, new = audit.changes(before or {}, after)
    if new:
        await audit.record(
            session,
            user,
            "survey_template.set",
            "program",
            program_id,
            before=None if before is None else old,
            after={"kind": kind, **new},
        )
    return SurveyTemplateView(
        program_id=program_id, kind=kind, is_default=False, **data.model_dump()
    )


async def ask(
    session: AsyncSession,
    match: Match,
    user_id: str,
    kind: str,
    sequence: int,
    at: datetime,
    *,
    answer_within: timedelta = ANSWER_WITHIN,
    round_id: UUID | None = None,
) -> Survey | None:
    """Send one person one survey, once (a repeated firing finds it there)."""
    repository = SurveyRepository(session)
    if await repository.find(match.org_id, match.id, user_id, kind, sequence) is not None:
        return None
    template, _ = await _template(session, match.org_id, match.program_id, kind)
    survey = Survey(
        org_id=match.org_id,
        program_id=match.program_id,
        match_id=match.id,
        user_id=user_id,
        kind=kind,
        sequence=sequence,
        anonymous=template.anonymous,
        questions=[question.model_dump() for question in template.questions],
        due_at=at + answer_within,
        status="open",
        round_id=round_id,
    )
    await repository.add(survey)
    await emit(
        session,
        SurveyRequestedV1(
            survey_id=survey.id,
            program_id=survey.program_id,
            match_id=survey.match_id,
            user_id=user_id,
            kind=kind,
            anonymous=survey.anonymous,
            due_at=survey.due_at,
        ),
        subject=str(survey.id),
        org_id=match.org_id,
    )
    return survey


async def own(session: AsyncSession, user: Principal, survey_id: UUID) -> Survey:
    survey = await SurveyRepository(session).own(user.org_id, user.user_id, survey_id)
    if survey is None:
        raise NotFoundError(f"Survey {survey_id} does not exist.")
    return survey


async def list_own(
    session: AsyncSession, user: Principal, status: str | None, page: PageParams
) -> list[Survey]:
    return await SurveyRepository(session).own_list(user.org_id, user.user_id, status, page)


def _checked(survey: Survey, data: SurveyAnswers) -> dict[str, Any]:
    questions = {question["key"]: question["type"] for question in survey.questions}
    unknown = sorted(set(data.answers) - set(questions))
    missing = sorted(
        k for k, kind in questions.items() if kind == "rating" and k not in data.answers
    )
    wrong = sorted(
        key
        for key, value in data.answers.items()
        if key in questions and isinstance(value, int) != (questions[key] == "rating")
    )
    if unknown or missing or wrong:
        raise UnprocessableError(
            "Answer every rating question with 1-5 and text questions with text.",
            unknown=unknown,
            missing=missing,
            wrong_type=wrong,
            errors=[
                *(
                    _answer_error([key, "[key]"], "Not a question of this survey.")
                    for key in unknown
                ),
                *(_answer_error([], f"Rate `{key}` 1-5.", "required") for key in missing),
                *(
                    _answer_error([key], f"`{key}` takes a {questions[key]}.", "wrong-type")
                    for key in wrong
                ),
            ],
        )
    return dict(data.answers)


def _answer_error(under: list[str], message: str, code: str = "invalid") -> dict[str, Any]:
    """An `errors` item as request validation words it, located under `answers`."""
    return {"location": ["body", "answers", *under], "message": message, "code": code}


async def answer(
    session: AsyncSession,
    user: Principal,
    survey_id: UUID,
    data: SurveyAnswers,
    now: datetime | None = None,
) -> Survey:
    now = now or utcnow()
    survey = await own(session, user, survey_id)
    if survey.status != "open":
        raise ConflictError("This survey was already answered.")
    answers = _checked(survey, data)
    anonymous = survey.anonymous
    await SurveyRepository(session).add(
        SurveyResponse(
            org_id=survey.org_id,
            program_id=survey.program_id,
            kind=survey.kind,
            period=period_of(now),
            answers=answers,
            anonymous=anonymous,
            survey_id=None if anonymous else survey.id,
            user_id=None if anonymous else survey.user_id,
            match_id=None if anonymous else survey.match_id,
        )
    )
    survey.status = "completed"
    survey.completed_at = None if anonymous else now
    await emit(
        session,
        SurveyCompletedV1(
            survey_id=survey.id,
            program_id=survey.program_id,
            match_id=None if anonymous else survey.match_id,
            kind=survey.kind,
            anonymous=anonymous,
            user_id=None if anonymous else survey.user_id,
        ),
        subject=str(survey.id),
        org_id=survey.org_id,
    )
    await session.flush()
    return survey


async def results(
    session: AsyncSession, user: Principal, program_id: UUID, kind: SurveyKind, period: str
) -> SurveyResults:
    await administered_program(session, user, program_id)
    bounds(period)
    responses = await SurveyRepository(session).responses(user.org_id, program_id, kind, period)
    if not shown(len(responses)):
        return SurveyResults(
            program_id=program_id, kind=kind, period=period, withheld=True, responses=None, means={}
        )
    ratings: dict[str, list[int]] = {}
    for response in responses:
        for key, value in response.answers.items():
            if isinstance(value, int):
                ratings.setdefault(key, []).append(value)
    return SurveyResults(
        program_id=program_id,
        kind=kind,
        period=period,
        withheld=False,
        responses=len(responses),
        means={key: round(fmean(values), 2) for key, values in sorted(ratings.items())},
    )
