"""Surveys through the durable scheduler, with time moved by the test: pulses 30 days after the
start and every 60 days after, a close-out at the end; anonymous answers name nobody."""

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from uuid import uuid4

from contracts.matching import MatchEndedV1
from tests.feedback.harness import Feedback, Relationship

REQUESTED = "mentorship.feedback.survey.requested.v1"
START = date(2026, 1, 5)


def day(offset: int) -> datetime:
    return datetime.combine(START, time(), UTC) + timedelta(days=offset)


async def surveys_of(service: Feedback, user: str) -> list[dict[str, Any]]:
    response = await service.client.get("/v1/surveys", headers=service.headers(user))
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


async def started(service: Feedback, rel: Relationship) -> None:
    await service.program(rel, admins=["ada"])
    await service.accept(rel, START)
    await service.settled(
        "scheduled_jobs", lambda rows: any(r["kind"] == "survey.pulse" for r in rows)
    )


async def test_pulses_fire_at_30_and_90_days_and_stop_when_the_match_ends(
    feedback_service: Feedback,
) -> None:
    service, rel = feedback_service, Relationship()
    await started(service, rel)

    assert await service.scheduler(day(29)).fire_due() >= 0
    assert await service.outbox(REQUESTED) == []
    await service.scheduler(day(30)).fire_due()
    first = await service.outbox(REQUESTED)
    assert sorted((e["user_id"], e["kind"]) for e in first) == [
        (rel.mentor, "pulse"),
        (rel.mentee, "pulse"),
    ]
    await service.scheduler(day(89)).fire_due()
    assert len(await service.outbox(REQUESTED)) == 2
    await service.scheduler(day(90)).fire_due()
    assert len(await service.outbox(REQUESTED)) == 4
    assert [s["sequence"] for s in await surveys_of(service, rel.mentee)] == [1, 2]

    await service.publish(
        MatchEndedV1(
            **rel.parties(),
            mentor_participant_id=uuid4(),
            mentee_participant_id=uuid4(),
            outcome="completed",
            ended_at=day(100),
        )
    )
    await service.settled(
        "scheduled_jobs", lambda rows: any(r["kind"] == "survey.close_out" for r in rows)
    )
    await service.scheduler(day(400)).fire_due()
    kinds = [(e["user_id"], e["kind"]) for e in await service.outbox(REQUESTED)][4:]
    assert sorted(kinds) == [(rel.mentor, "close_out"), (rel.mentee, "close_out")]
    jobs = {(r["kind"], r["key"]): r["status"] for r in await service.rows("scheduled_jobs")}
    assert jobs[("survey.pulse", f"{rel.match_id}:3")] == "cancelled"


async def test_an_anonymous_answer_keeps_no_link_to_its_author(
    feedback_service: Feedback,
) -> None:
    service, rel = feedback_service, Relationship(mentee="tom")
    await started(service, rel)
    await service.scheduler(day(30)).fire_due()
    [survey] = await surveys_of(service, "tom")
    assert survey["anonymous"] is True

    answers = {"satisfaction": 2, "progress": 3, "comment": "My mentor is always late."}
    url = f"/v1/surveys/{survey['id']}/response"
    assert (
        await service.client.post(
            url, json={"answers": answers}, headers=service.headers(rel.mentor)
        )
    ).status_code == 404
    answered = await service.client.post(
        url, json={"answers": answers}, headers=service.headers("tom")
    )
    assert answered.status_code == 201, answered.text
    again = await service.client.post(
        url, json={"answers": answers}, headers=service.headers("tom")
    )
    assert again.status_code == 409

    [response] = await service.rows("survey_responses")
    assert (response["survey_id"], response["user_id"], response["match_id"]) == (None, None, None)
    assert not any(name.endswith("_at") for name in response)
    # No row of any table holds the response next to the person, their survey or their match.
    response_id = str(response["id"]).replace("-", "")
    identifying = {"tom", str(survey["id"]).replace("-", ""), rel.match_id.hex}
    tables = [
        "programs",
        "enrolments",
        "matches",
        "checkins",
        "goals",
        "feedback_requests",
        "feedback_submissions",
        "survey_templates",
        "surveys",
        "survey_responses",
        "health_transitions",
        "outbox",
        "inbox",
        "idempotency_keys",
        "scheduled_jobs",
    ]
    for table in tables:
        for row in await service.rows(table):
            text = " ".join(str(value).replace("-", "") for value in row.values())
            if response_id in text:
                assert not any(value in text for value in identifying), (table, row)
            if "My mentor is always late." in text:
                assert table == "survey_responses", table
    [stored] = [row for row in await service.rows("surveys") if row["user_id"] == "tom"]
    assert stored["status"] == "completed"
    assert stored["completed_at"] is None
    completed = await service.outbox("mentorship.feedback.survey.completed.v1")
    assert [(e["user_id"], e["match_id"], e["anonymous"]) for e in completed] == [
        (None, None, True)
    ]


async def test_admins_shape_templates_and_see_results_only_from_five_answers(
    feedback_service: Feedback,
) -> None:
    service = feedback_service
    pairs = [Relationship(mentor=f"m{i}", mentee=f"e{i}") for i in range(3)]
    for rel in pairs[1:]:
        rel.program_id = pairs[0].program_id
    await service.program(pairs[0], admins=["ada"])
    template_url = f"/v1/programs/{pairs[0].program_id}/survey-templates/pulse"
    template = {
        "anonymous": False,
        "questions": [{"key": "mood", "text": "How is it going?", "type": "rating"}],
    }
    assert (
        await service.client.put(template_url, json=template, headers=service.headers("m0"))
    ).status_code == 404
    put = await service.client.put(template_url, json=template, headers=service.headers("ada"))
    assert (put.status_code, put.json()["is_default"]) == (200, False)
    for rel in pairs:
        await service.accept(rel, START)
    await service.settled(
        "scheduled_jobs", lambda rows: sum(r["kind"] == "survey.pulse" for r in rows) == 3
    )
    await service.scheduler(day(30)).fire_due()

    results_url = f"/v1/programs/{pairs[0].program_id}/survey-results"
    params = {"kind": "pulse", "period": f"{datetime.now(UTC):%Y-%m}"}
    people = ["m0", "e0", "m1", "e1", "m2"]
    for index, person in enumerate(people):
        [survey] = await surveys_of(service, person)
        assert survey["anonymous"] is False
        wrong = await service.client.post(
            f"/v1/surveys/{survey['id']}/response",
            json={"answers": {"mood": 7}},
            headers=service.headers(person),
        )
        assert wrong.status_code == 422
        done = await service.client.post(
            f"/v1/surveys/{survey['id']}/response",
            json={"answers": {"mood": 4 if index % 2 else 2}},
            headers=service.headers(person),
        )
        assert done.status_code == 201, done.text
        results = (
            await service.client.get(results_url, params=params, headers=service.headers("ada"))
        ).json()
        if index < 4:
            assert (results["withheld"], results["means"]) == (True, {})
    assert results == {
        "program_id": str(pairs[0].program_id),
        "kind": "pulse",
        "period": params["period"],
        "withheld": False,
        "responses": 5,
        "means": {"mood": 2.8},
    }
    named = [row for row in await service.rows("survey_responses") if row["user_id"] == "m0"]
    assert len(named) == 1  # a named survey keeps its author


async def test_an_acceptance_arriving_after_the_end_schedules_no_pulse(
    feedback_service: Feedback,
) -> None:
    service, rel = feedback_service, Relationship()
    await service.program(rel, admins=["ada"])
    ended = MatchEndedV1(
        **rel.parties(),
        mentor_participant_id=uuid4(),
        mentee_participant_id=uuid4(),
        outcome="ended_early",
        ended_at=day(10),
    )
    await service.publish(ended)
    await service.settled("scheduled_jobs", lambda rows: len(rows) == 1)
    await service.accept(rel, START)  # stale: topics are not ordered with each other
    await service.publish(ended)  # and a repeat of the end changes nothing
    await service.checkin(rel, day(5))
    await service.requests_of(rel.mentor, 1)

    jobs = [(row["kind"], row["status"]) for row in await service.rows("scheduled_jobs")]
    assert jobs == [("survey.close_out", "pending")]
    await service.scheduler(day(400)).fire_due()
    assert len(await service.outbox(REQUESTED)) == 2
    [match] = await service.rows("matches")
    assert match["status"] == "ended"
