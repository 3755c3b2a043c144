from datetime import date
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field


class OutcomeComparison(BaseModel):
    name: str = Field(description="retention_6m, retention_12m, promotion_12m, internal_move_12m")
    verdict: Literal["higher", "lower", "not_distinguishable", "withheld", "not_yet_observable"] = (
        Field(
            description="How participants compare once the groups' mix is accounted for: "
            "`not_distinguishable` when the 95 % interval contains zero; `withheld` below the "
            "minimum group size on either side; `not_yet_observable` before the horizon."
        )
    )
    participants: int | None = Field(description="Participants compared; null when withheld.")
    comparison: int | None = Field(description="Comparison people; null when withheld.")
    participant_rate: float | None
    comparison_rate: float | None = Field(description="Crude rate of the comparison group.")
    difference: float | None = Field(
        description="Participants minus comparison, stratified by department and seniority band "
        "(Mantel-Haenszel risk difference)."
    )
    ci_low: float | None = Field(description="Lower bound of the 95 % confidence interval.")
    ci_high: float | None = Field(description="Upper bound of the 95 % confidence interval.")


class OutcomeMeasure(BaseModel):
    name: str = Field(description="goal_attainment, satisfaction")
    value: float | None = Field(description="Null when withheld.")
    population: int | None = Field(description="People it is computed over; null when withheld.")
    withheld: bool


class SkillGrowth(BaseModel):
    skill: str = Field(description="From the survey question key skill_<name>.")
    people: int | None = Field(description="People with a before and an after; null if withheld.")
    before: float | None = Field(description="Mean self-assessed level (1-5) before.")
    after: float | None = Field(description="Mean self-assessed level (1-5) at close-out.")
    change: float | None = Field(description="Mean change per person.")
    ci_low: float | None = Field(description="Lower bound of the change's 95 % interval.")
    ci_high: float | None = Field(description="Upper bound of the change's 95 % interval.")
    withheld: bool


class OutcomesReport(BaseModel):
    program_id: UUID
    cohort: str | None = Field(description="The enrolment month reported on (YYYY-MM), or all.")
    start: date | None = Field(
        description="The index date everyone is followed from: the first enrolment reported on."
    )
    as_of: date
    min_group_size: int
    comparisons: list[OutcomeComparison]
    measures: list[OutcomeMeasure]
    skill_growth: list[SkillGrowth] = Field(
        description="Self-assessments before and at close-out, per skill (survey questions "
        "keyed skill_<name>)."
    )
