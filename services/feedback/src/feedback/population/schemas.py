import re
from datetime import date
from typing import Annotated, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _one_line(value: str) -> str:
    if _CONTROL.search(value):
        raise ValueError("must not contain control characters (line breaks, tabs, NUL)")
    return value


Line = Annotated[str, AfterValidator(_one_line)]


class PopulationMemberIn(BaseModel):
    """One person as HR exported them, reduced to what the outcomes report compares."""

    model_config = ConfigDict(extra="forbid")

    hr_id: Line = Field(min_length=1, max_length=200, description="The HR system's id.")
    department: Line = Field(min_length=1, max_length=200)
    seniority_band: Line = Field(min_length=1, max_length=100, description="e.g. IC2, M1.")
    hire_date: date
    exit_date: date | None = None
    exit_voluntary: bool | None = Field(
        default=None, description="Whether the person chose to leave; only with an exit date."
    )
    promotion_dates: list[date] = Field(default_factory=list, max_length=100)
    move_dates: list[date] = Field(
        default_factory=list, max_length=100, description="Internal moves (team or role)."
    )

    @model_validator(mode="after")
    def _dates_in_order(self) -> Self:
        if self.exit_date is not None and self.exit_date < self.hire_date:
            raise ValueError("exit_date is before hire_date")
        if self.exit_voluntary is not None and self.exit_date is None:
            raise ValueError("exit_voluntary needs an exit_date")
        for day in (*self.promotion_dates, *self.move_dates):
            if day < self.hire_date or (self.exit_date is not None and day > self.exit_date):
                raise ValueError(f"{day} is outside the employment")
        return self


class ImportError_(BaseModel):
    row: int = Field(description="1-based data row (the header is row 0).")
    column: str
    message: str


class PopulationImportReport(BaseModel):
    rows: int
    created: int
    updated: int
    skipped: int
    errors: list[ImportError_]
    ignored_columns: list[str] = Field(
        description="Columns of the file that were not read: only the minimum is kept."
    )
