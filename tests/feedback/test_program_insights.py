"""Program insights from events, checked against a fixture computed by hand, with the k >= 5
floor in the JSON and in the CSV export."""

import csv
import io
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from contracts.goals import GoalCompletedV1, GoalCreatedV1
from contracts.matching import (
    MatchDeclinedV1,
    MatchProposedV1,
    ParticipantEnrolledV1,
    ParticipantWithdrawnV1,
)
from feedback.periods import shift
from tests.feedback.harness import Feedback, Relationship

# The fixture, one month P:
#   enrolled: m0 m1 m2 e0 e1 e2 w0; w0 withdraws       -> enrolled 6, new enrolments 7
#   matches: A(m0,e0) B(m1,e1) C(m2,e2) accepted, D(m0,e2) declined -> acceptance 3/4 = 0.75
#   check-ins: A held day 2 and 9, missed 16; B held 4, missed 11; C held 6
#     -> first check-in after 2, 4, 6 days: median 4; adherence 4 held of 6 = 0.667
#   goals: A one active (+ one draft, not counted), B one active then completed, C none
#     -> SMART goal share 2 of 3 active matches = 0.667
#     -> goal completion 1 of 2, but over A and B's 4 people only: withheld
#   feedback: m0 5, e0 4, m1 4, e1 3, m2 2 -> satisfaction 18 / 5 = 3.6 from 5 raters
#   health: nobody at risk -> 0; the trend needs last month's 5 people: withheld
EXPECTED = {
    "enrolled": (6, 6),
    "new_enrolments": (7, 7),
    "match_acceptance_rate": (0.75, 6),
    "median_days_to_first_checkin": (4, 6),
    "checkin_adherence": (0.667, 6),
    "smart_goal_share": (0.667, 6),
    "goal_completion_rate": (None, None),
    "satisfaction": (3.6, 5),
    "at_risk_matches": (0, 6),
    "at_risk_trend": (None, None),
}


def pair(program_id: UUID, mentor: str, mentee: str) -> Relationship:
    return Relationship(program_id=program_id, match_id=uuid4(), mentor=mentor, mentee=mentee)


async def build_fixture(service: Feedback, month_start: datetime) -> Relationship:
    program = Relationship()
    await service.program(program, admins=["ada"])
    participants = {name: uuid4() for name in ("m0", "m1", "m2", "e0", "e1", "e2", "w0")}
    for name, participant_id in participants.items():
        await service.publish(
            ParticipantEnrolledV1(
                program_id=program.program_id,
                program_name="Spring",
                participant_id=participant_id,
                user_id=name,
                role="mentor" if name.startswith("m") else "mentee",
                display_name=name,
            )
        )
    await service.publish(
        ParticipantWithdrawnV1(
            program_id=program.program_id,
            participant_id=participants["w0"],
            user_id="w0",
            role="mentee",
        )
    )
    a, b, c, d = (
        pair(program.program_id, *names)
        for names in (("m0", "e0"), ("m1", "e1"), ("m2", "e2"), ("m0", "e2"))
    )
    ids = {"mentor_participant_id": uuid4(), "mentee_participant_id": uuid4()}
    for rel in (a, b, c, d):
        await service.publish(MatchProposedV1(**rel.parties(), **ids, score=0.8))
    for rel in (a, b, c):
        await service.accept(rel, month_start.date())
    await service.publish(MatchDeclinedV1(**d.parties(), **ids, declined_by_user_id="e2"))

    def on(days: int) -> datetime:
        return month_start + timedelta(days=days, hours=10)

    for rel, held, missed in ((a, (2, 9), (16,)), (b, (4,), (11,)), (c, (6,), ())):
        for days in held:
            await service.checkin(rel, on(days))
        for days in missed:
            await service.missed(rel, on(days))
    goals = {"active": uuid4(), "draft": uuid4(), "done": uuid4()}
    for rel, goal_id, status in (
        (a, goals["active"], "active"),
        (a, goals["draft"], "draft"),
        (b, goals["done"], "active"),
    ):
        await service.publish(
            GoalCreatedV1(**rel.parties(), goal_id=goal_id, title="Lead", status=status)
        )
    await service.publish(GoalCompletedV1(**b.parties(), goal_id=goals["done"], title="Lead"))
    await service.settled("goals", lambda rows: any(row["completed_at"] for row in rows))
    await service.settled("enrolments", lambda rows: any(row["withdrawn_at"] for row in rows))
    await service.settled("matches", lambda rows: any(row["declined_at"] for row in rows))
    await service.settled("checkins", lambda rows: len(rows) == 6)

    for person, score in (("m0", 5), ("e0", 4), ("m1", 4), ("e1", 3), ("m2", 2)):
        request = (await service.requests_of(person, 1))[0]
        ratings = dict.fromkeys(request["dimensions"], score)
        response = await service.client.post(
            f"/v1/feedback-requests/{request['id']}/submission",
            json={"ratings": ratings, "wants_to_continue": True},
            headers=service.headers(person),
        )
        assert response.status_code == 201, response.text
    return program


async def test_insights_match_the_hand_computed_fixture(feedback_service: Feedback) -> None:
    service = feedback_service
    now = datetime.now(UTC)
    month_start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    period = f"{now:%Y-%m}"
    program = await build_fixture(service, month_start)
    other = Relationship()  # another program of the same tenant: none of its facts leak in
    await service.program(other, admins=["ada"])
    await service.checkin(other, month_start + timedelta(hours=1))

    url = f"/v1/programs/{program.program_id}/insights"
    params = {"from": shift(period, -1), "to": period}
    response = await service.client.get(url, params=params, headers=service.headers("ada"))
    assert response.status_code == 200, response.text
    report: dict[str, Any] = response.json()
    assert report["min_group_size"] == 5
    before, current = report["periods"]
    assert before["period"] == shift(period, -1)
    assert all(metric["withheld"] for metric in before["metrics"])
    got = {m["name"]: (m["value"], m["population"]) for m in current["metrics"]}
    assert got == EXPECTED

    exported = await service.client.get(
        f"{url}.csv", params={"to": period}, headers=service.headers("ada")
    )
    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert {row["metric"]: (row["value"], row["population"], row["withheld"]) for row in rows} == {
        name: (
            "" if value is None else str(value),
            "" if people is None else str(people),
            str(value is None).lower(),
        )
        for name, (value, people) in EXPECTED.items()
    }


async def test_insights_are_for_program_admins_and_refuse_bad_periods(
    feedback_service: Feedback,
) -> None:
    service, rel = feedback_service, Relationship()
    await service.program(rel, admins=["ada"])
    url = f"/v1/programs/{rel.program_id}/insights"
    assert (await service.client.get(url, headers=service.headers("ada"))).status_code == 200
    assert (
        await service.client.get(url, headers=service.headers("root", admin=True))
    ).status_code == 200
    for headers in (service.headers(rel.mentor), service.headers("ada", "globex", admin=True)):
        assert (await service.client.get(url, headers=headers)).status_code == 404
        assert (await service.client.get(f"{url}.csv", headers=headers)).status_code == 404
    for params in (
        {"to": "2026-13"},
        {"from": "2026-05", "to": "2026-01"},
        {"from": "2020-01", "to": "2026-01"},
    ):
        bad = await service.client.get(url, params=params, headers=service.headers("ada"))
        assert bad.status_code == 422, params
        assert bad.headers["content-type"] == "application/problem+json"


async def test_a_withdrawal_arriving_before_its_enrolment_is_kept(
    feedback_service: Feedback,
) -> None:
    service, rel = feedback_service, Relationship()
    participant = {"program_id": rel.program_id, "participant_id": uuid4(), "user_id": "w0"}
    await service.publish(ParticipantWithdrawnV1(**participant, role="mentee"))
    await service.settled("enrolments", lambda rows: len(rows) == 1)
    await service.publish(
        ParticipantEnrolledV1(**participant, program_name="P", role="mentee", display_name="W")
    )
    await service.publish(ParticipantWithdrawnV1(**participant, role="mentee"))
    await service.settled("inbox", lambda rows: len(rows) == 3)
    [row] = await service.rows("enrolments")
    assert row["withdrawn_at"] is not None
    assert row["enrolled_at"] <= row["withdrawn_at"]
