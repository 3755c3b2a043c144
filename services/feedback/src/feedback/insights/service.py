"""Program insights per month, for the program's admins, as JSON or CSV."""

import csv
import io
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from feedback.access import MIN_GROUP_SIZE, administered_program
from feedback.insights.compute import period_metrics
from feedback.insights.repository import InsightsRepository
from feedback.insights.schemas import MetricValue, PeriodInsights, ProgramInsights
from feedback.periods import bounds, period_of, span
from kit.auth import Principal
from kit.db import utcnow


async def insights(
    session: AsyncSession,
    user: Principal,
    program_id: UUID,
    first: str | None,
    last: str | None,
) -> ProgramInsights:
    await administered_program(session, user, program_id)
    last = last or period_of(utcnow())
    periods = span(first or last, last)
    facts = await InsightsRepository(session).facts(user.org_id, program_id)
    result = []
    for period in periods:
        start, end = bounds(period)
        metrics = period_metrics(facts, start, end)
        result.append(
            PeriodInsights(
                period=period,
                metrics=[MetricValue.model_validate(m, from_attributes=True) for m in metrics],
            )
        )
    return ProgramInsights(program_id=program_id, min_group_size=MIN_GROUP_SIZE, periods=result)


def as_csv(report: ProgramInsights) -> str:
    """One row per period and metric; a withheld value is an empty cell, like its population."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["program_id", "period", "metric", "value", "population", "withheld"])
    for period in report.periods:
        for metric in period.metrics:
            writer.writerow(
                [
                    report.program_id,
                    period.period,
                    metric.name,
                    _number(metric.value),
                    "" if metric.population is None else metric.population,
                    str(metric.withheld).lower(),
                ]
            )
    return out.getvalue()


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if value.is_integer() else str(value)
