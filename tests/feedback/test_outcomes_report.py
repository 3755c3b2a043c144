"""The outcomes report end to end: HR ids arrive with matching's enrolment events, the population
comes from the CSV import, and a retention effect planted in generated data is found, through
JSON and CSV, with every cell withheld below five people."""

import csv
import io
from datetime import UTC, date, datetime
from typing import Any
from uuid import uuid4

import pytest

from contracts.matching import ParticipantEnrolledV1, ParticipantProfileUpdatedV1
from feedback.outcomes import service as outcomes_service
from feedback.outcomes.compute import add_months
from tests.feedback.harness import Feedback, Relationship

STRATA = (("eng", "IC2"), ("sales", "IC3"))


def population(today: date, stay: dict[str, tuple[int, int]]) -> str:
    """Ten participants and twenty others per stratum; `stay[group]` says how many of them stay
    in each stratum, the others leave voluntarily nine months on."""
    rows = ["hr_id,department,seniority_band,hire_date,exit_date,exit_voluntary"]
    leaving = add_months(today, 9).isoformat()
    for index, (department, band) in enumerate(STRATA):
        for group, count in (("p", 10), ("o", 20)):
            for number in range(count):
                left = number >= stay[group][index]
                exit_cells = f"{leaving},true" if left else ","
                rows.append(f"{group}{index}-{number},{department},{band},2020-01-01,{exit_cells}")
    return "\n".join(rows) + "\n"


async def enrol_participants(service: Feedback, rel: Relationship) -> None:
    for index in range(len(STRATA)):
        for number in range(10):
            await service.publish(
                ParticipantEnrolledV1(
                    program_id=rel.program_id,
                    program_name="Spring",
                    participant_id=uuid4(),
                    user_id=f"user-p{index}-{number}",
                    role="mentee",
                    display_name="Someone",
                    external_id=f"p{index}-{number}",
                )
            )
    await service.settled("enrolments", lambda rows: len(rows) == 10 * len(STRATA))


async def report(service: Feedback, rel: Relationship, **params: str) -> dict[str, dict[str, Any]]:
    response = await service.client.get(
        f"/v1/programs/{rel.program_id}/outcomes", params=params, headers=service.headers("ada")
    )
    assert response.status_code == 200, response.text
    return {c["name"]: c for c in response.json()["comparisons"]}


@pytest.mark.parametrize(
    ("stay", "verdict"),
    [
        ({"p": (10, 9), "o": (12, 10)}, "higher"),  # planted: participants stay more
        ({"p": (6, 5), "o": (12, 10)}, "not_distinguishable"),  # the same rates: no effect
    ],
)
async def test_a_planted_retention_effect_is_found_and_no_effect_is_reported_as_none(
    feedback_service: Feedback,
    monkeypatch: pytest.MonkeyPatch,
    stay: dict[str, tuple[int, int]],
    verdict: str,
) -> None:
    service, rel = feedback_service, Relationship()
    await service.program(rel, admins=["ada"])
    await enrol_participants(service, rel)
    today = datetime.now(UTC).date()
    imported = await service.client.post(
        "/v1/population/import",
        content=population(today, stay).encode(),
        headers={**service.headers("root", admin=True), "Content-Type": "text/csv"},
    )
    assert imported.status_code == 200, imported.text

    early = await report(service, rel)
    assert {c["verdict"] for c in early.values()} == {"not_yet_observable"}

    later = datetime.combine(add_months(today, 13), datetime.min.time(), UTC)
    monkeypatch.setattr(outcomes_service, "utcnow", lambda: later)
    found = await report(service, rel)
    retention = found["retention_12m"]
    assert (retention["participants"], retention["comparison"]) == (20, 40)
    assert retention["verdict"] == verdict
    assert found["retention_6m"]["verdict"] == "not_distinguishable"  # nobody had left yet
    if verdict == "higher":
        assert retention["ci_low"] > 0
    else:
        assert retention["ci_low"] < 0 < retention["ci_high"]

    exported = await service.client.get(
        f"/v1/programs/{rel.program_id}/outcomes.csv", headers=service.headers("ada")
    )
    assert exported.status_code == 200
    rows = {row["name"]: row for row in csv.DictReader(io.StringIO(exported.text))}
    assert rows["retention_12m"]["verdict"] == verdict
    assert rows["retention_12m"]["difference"] == str(retention["difference"])


async def test_cells_below_five_people_and_foreign_readers_see_nothing(
    feedback_service: Feedback, monkeypatch: pytest.MonkeyPatch
) -> None:
    service, rel = feedback_service, Relationship()
    await service.program(rel, admins=["ada"])
    await enrol_participants(service, rel)
    today = datetime.now(UTC).date()
    body = population(today, {"p": (10, 10), "o": (20, 20)}).splitlines()
    # Only four comparison people are left (all of the first stratum): below the floor.
    kept = [
        line
        for line in body
        if not line.startswith("o") or line.startswith(("o0-1,", "o0-2,", "o0-3,", "o0-4,"))
    ]
    await service.client.post(
        "/v1/population/import",
        content=("\n".join(kept) + "\n").encode(),
        headers={**service.headers("root", admin=True), "Content-Type": "text/csv"},
    )
    later = datetime.combine(add_months(today, 13), datetime.min.time(), UTC)
    monkeypatch.setattr(outcomes_service, "utcnow", lambda: later)
    found = await report(service, rel)
    assert {c["verdict"] for c in found.values()} == {"withheld"}
    assert all(c["participants"] is None and c["difference"] is None for c in found.values())

    empty = await report(service, rel, cohort="2001-01")
    assert {c["verdict"] for c in empty.values()} == {"withheld"}

    url = f"/v1/programs/{rel.program_id}/outcomes"
    for headers in (service.headers("user-p0-1"), service.headers("ada", "globex", admin=True)):
        assert (await service.client.get(url, headers=headers)).status_code == 404
        assert (await service.client.get(f"{url}.csv", headers=headers)).status_code == 404


async def test_an_hr_id_given_after_the_enrolment_links_the_participant(
    feedback_service: Feedback,
) -> None:
    service, rel = feedback_service, Relationship()
    participant = {"program_id": rel.program_id, "participant_id": uuid4(), "user_id": "sam"}
    await service.publish(
        ParticipantEnrolledV1(**participant, program_name="P", role="mentee", display_name="Sam")
    )
    await service.settled("enrolments", lambda rows: len(rows) == 1)
    await service.publish(
        ParticipantProfileUpdatedV1(
            **participant, role="mentee", display_name="Sam", external_id="hr-sam"
        )
    )
    await service.settled("enrolments", lambda rows: rows[0]["hr_id"] == "hr-sam")
