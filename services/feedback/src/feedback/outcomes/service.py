"""The outcomes report of a program (or one of its enrolment cohorts), as JSON or CSV."""

import csv
import io
from dataclasses import asdict
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from feedback.access import MIN_GROUP_SIZE, administered_program
from feedback.models import Enrolment, FeedbackSubmission, Goal, Match, SurveyResponse
from feedback.outcomes import compute
from feedback.outcomes.growth import skill_growth
from feedback.outcomes.repository import OutcomesRepository
from feedback.outcomes.schemas import (
    OutcomeComparison,
    OutcomeMeasure,
    OutcomesReport,
    SkillGrowth,
)
from feedback.periods import bounds
from feedback.population.repository import PopulationRepository
from kit.auth import Principal
from kit.db import utcnow


async def report(
    session: AsyncSession, user: Principal, program_id: UUID, cohort: str | None
) -> OutcomesReport:
    await administered_program(session, user, program_id)
    repository = OutcomesRepository(session)
    enrolments = await repository.of_program(Enrolment, user.org_id, program_id)
    if cohort is not None:
        first, end = bounds(cohort, "cohort")
        enrolments = [e for e in enrolments if first <= e.enrolled_at < end]
    today = utcnow().date()
    start = min((e.enrolled_at.date() for e in enrolments), default=None)
    people = {e.user_id for e in enrolments}
    matches = [
        m
        for m in await repository.of_program(Match, user.org_id, program_id)
        if m.mentor_user_id in people or m.mentee_user_id in people
    ]
    goals = await repository.of_program(Goal, user.org_id, program_id)
    submissions = await repository.of_program(FeedbackSubmission, user.org_id, program_id)
    responses = await repository.of_program(SurveyResponse, user.org_id, program_id)
    if start is None:
        found = [compute.Comparison(name, "withheld") for name, _, _ in compute.OUTCOMES]
    else:
        population = await PopulationRepository(session).of_org(user.org_id)
        found = compute.comparisons(population, enrolments, start, today)
    return OutcomesReport(
        program_id=program_id,
        cohort=cohort,
        start=start,
        as_of=today,
        min_group_size=MIN_GROUP_SIZE,
        comparisons=[OutcomeComparison(**asdict(c)) for c in found],
        measures=[
            OutcomeMeasure(**asdict(m)) for m in compute.measures(matches, goals, submissions)
        ],
        skill_growth=[SkillGrowth(**asdict(g)) for g in skill_growth(responses, people)],
    )


def as_csv(outcomes: OutcomesReport) -> str:
    """One row per comparison, then per measure, then per skill (its change as the difference);
    a withheld value is an empty cell."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    columns = [c for c in OutcomeComparison.model_fields if c != "name"]
    writer.writerow(["program_id", "cohort", "start", "kind", "name", *columns, "value"])
    prefix = [outcomes.program_id, outcomes.cohort or "", outcomes.start or ""]
    for comparison in outcomes.comparisons:
        values = comparison.model_dump()
        cells = ["" if values[c] is None else values[c] for c in columns]
        writer.writerow([*prefix, "comparison", comparison.name, *cells, ""])
    for m in outcomes.measures:
        cells = ["" for _ in columns]
        cells[0] = "withheld" if m.withheld else "shown"
        cells[1] = "" if m.population is None else m.population
        value = "" if m.value is None else m.value
        writer.writerow([*prefix, "measure", m.name, *cells, value])
    for g in outcomes.skill_growth:
        cells = ["" for _ in columns]
        cells[0] = "withheld" if g.withheld else "shown"
        cells[1] = "" if g.people is None else g.people
        for column, number in (
            ("difference", g.change),
            ("ci_low", g.ci_low),
            ("ci_high", g.ci_high),
        ):
            cells[columns.index(column)] = "" if number is None else number
        writer.writerow([*prefix, "skill_growth", g.skill, *cells, ""])
    return out.getvalue()
