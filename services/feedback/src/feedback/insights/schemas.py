from uuid import UUID

from pydantic import BaseModel, Field


class MetricValue(BaseModel):
    name: str
    value: float | None = Field(description="Null when withheld.")
    population: int | None = Field(description="People it is computed over; null when withheld.")
    withheld: bool = Field(description="True when fewer than the minimum group size.")


class PeriodInsights(BaseModel):
    period: str = Field(description="YYYY-MM")
    metrics: list[MetricValue]


class ProgramInsights(BaseModel):
    program_id: UUID
    min_group_size: int
    periods: list[PeriodInsights]
