"""Months the pattern `YYYY-MM` allows but a datetime cannot bound (year 0, December 9999) are a
422 naming the parameter on every report that takes one; they were a 500 (ValueError)."""

import pytest

from tests.feedback.harness import Feedback, Relationship

KIND = "pulse"


@pytest.mark.parametrize("period", ["0000-01", "9999-12"])
@pytest.mark.parametrize("report", ["feedback-summary", "survey-results"])
async def test_an_unboundable_month_is_a_422_naming_period(
    feedback_service: Feedback, report: str, period: str
) -> None:
    service, program = feedback_service, Relationship()
    await service.program(program, admins=["pat"])
    params = {"period": period, **({"kind": KIND} if report == "survey-results" else {})}

    response = await service.client.get(
        f"/v1/programs/{program.program_id}/{report}",
        params=params,
        headers=service.headers("pat"),
    )

    assert response.status_code == 422, response.text
    assert response.json()["field"] == "period"
