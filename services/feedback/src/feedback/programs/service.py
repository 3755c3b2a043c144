"""A program's feedback settings and its admins' view of feedback: aggregates only."""

from statistics import fmean
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from feedback.access import administered_program, shown
from feedback.models import Program
from feedback.periods import bounds
from feedback.programs.schemas import FeedbackSummary, ProgramFeedbackSettingsUpdate
from feedback.requests.repository import FeedbackRepository
from kit import audit
from kit.auth import Principal


async def settings_of(session: AsyncSession, user: Principal, program_id: UUID) -> Program:
    return await administered_program(session, user, program_id)


async def update_settings(
    session: AsyncSession, user: Principal, program_id: UUID, data: ProgramFeedbackSettingsUpdate
) -> Program:
    """New requests use the new settings; open ones keep the dimensions they were sent with."""
    program = await administered_program(session, user, program_id)
    before = _audited(program)
    program.feedback_due_days = data.feedback_due_days
    program.rating_dimensions = list(data.rating_dimensions)
    await session.flush()
    old, new = audit.changes(before, _audited(program))
    if new:
        await audit.record(
            session,
            user,
            "program.feedback_settings_changed",
            "program",
            program_id,
            before=old,
            after=new,
        )
    return program


def _audited(program: Program) -> dict[str, object]:
    return {
        "feedback_due_days": program.feedback_due_days,
        "rating_dimensions": list(program.rating_dimensions),
    }


async def summary(
    session: AsyncSession, user: Principal, program_id: UUID, period: str
) -> FeedbackSummary:
    await administered_program(session, user, program_id)
    start, end = bounds(period)
    rows = await FeedbackRepository(session).of_program(user.org_id, program_id, start, end)
    raters = {row.from_user_id for row in rows}
    if not shown(len(raters)):
        return FeedbackSummary(
            program_id=program_id,
            period=period,
            withheld=True,
            raters=None,
            submissions=None,
            ratings={},
            continue_share=None,
            late_share=None,
        )
    by_dimension: dict[str, list[int]] = {}
    for row in rows:
        for dimension, rating in row.ratings.items():
            by_dimension.setdefault(dimension, []).append(rating)
    return FeedbackSummary(
        program_id=program_id,
        period=period,
        withheld=False,
        raters=len(raters),
        submissions=len(rows),
        ratings={name: round(fmean(values), 2) for name, values in sorted(by_dimension.items())},
        continue_share=round(fmean(row.wants_to_continue for row in rows), 3),
        late_share=round(fmean(row.late for row in rows), 3),
    )
