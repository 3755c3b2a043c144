from uuid import UUID

from pydantic import BaseModel, Field

from matching.engine.profiles import Factor
from matching.programs.schemas import Weights


class FactorEffect(BaseModel):
    factor: Factor
    current_weight: float = Field(description="The program's weight today.")
    coefficient: float = Field(
        description="Health points for a pair going from 0 to 1 on this factor, the other "
        "factors held fixed (ridge regression)."
    )
    ci_low: float = Field(
        description="Lower bound of the 95 % interval, simultaneous over the factors."
    )
    ci_high: float = Field(
        description="Upper bound of the 95 % interval, simultaneous over the factors."
    )
    distinguishable: bool = Field(description="The interval excludes zero.")


class WeightSuggestion(BaseModel):
    program_id: UUID
    relationships: int = Field(
        description="Relationships with an outcome: started at least 60 days ago, with a "
        "relationship health score."
    )
    min_relationships: int
    outcome: str = Field(description="What the factors are related to.")
    effects: list[FactorEffect] = Field(description="Empty while there is too little data.")
    suggested_weights: Weights | None = Field(
        description="Null when there is too little data or no factor is distinguishable from "
        "zero: then nothing is suggested."
    )
    message: str = Field(description="The finding in words.")
