"""An admin sends a pulse now: to every active relationship of the program, or to the cohort
named, with the scheduled pulses' surveys and events; a retry with its Idempotency-Key sends
nothing again, and the schedule goes on as before."""

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from uuid import uuid4

from contracts.matching import MatchDeclinedV1
from tests.feedback.harness import Feedback, Relationship

REQUESTED = "mentorship.feedback.survey.requested.v1"
START = date(2026, 1, 5)


async def surveys_of(service: Feedback, user: str) -> list[dict[str, Any]]:
    response = await service.client.get("/v1/surveys", headers=service.headers(user))
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


async def cohort(service: Feedback) -> tuple[Relationship, Relationship, Relationship]:
    """Two active relationships and a declined proposal in one program."""
    first = Relationship()
    second = Relationship(program_id=first.program_id, mentor="mia", mentee="leo")
    declined = Relationship(program_id=first.program_id, mentor="max", mentee="zoe")
    await service.program(first, admins=["ada"])
    await service.accept(first, START)
    await service.accept(second, START)
    await service.publish(
        MatchDeclinedV1(
            **declined.parties(),
            mentor_participant_id=uuid4(),
            mentee_participant_id=uuid4(),
            declined_by_user_id=declined.mentor,
        )
    )
    await service.settled("matches", lambda rows: len(rows) == 3)
    await service.settled(
        "scheduled_jobs", lambda rows: len([r for r in rows if r["kind"] == "survey.pulse"]) == 2
    )
    return first, second, declined


async def test_an_admin_sends_a_pulse_now_to_every_active_relationship(
    feedback_service: Feedback,
) -> None:
    service = feedback_service
    first, second, declined = await cohort(service)
    url = f"/v1/programs/{first.program_id}/survey-rounds"

    response = await service.client.post(url, json={}, headers=service.headers("ada"))

    assert response.status_code == 201, response.text
    sent = response.json()
    assert (sent["number"], sent["matches"], sent["surveys"]) == (1, 2, 4)
    assert (sent["kind"], sent["requested_by"]) == ("pulse", "ada")
    events = await service.outbox(REQUESTED)
    assert sorted((e["user_id"], e["kind"], e["match_id"]) for e in events) == sorted(
        [
            (first.mentor, "pulse", str(first.match_id)),
            (first.mentee, "pulse", str(first.match_id)),
            (second.mentor, "pulse", str(second.match_id)),
            (second.mentee, "pulse", str(second.match_id)),
        ]
    )
    assert all(e["anonymous"] is True for e in events)  # the program's pulse template
    [survey] = await surveys_of(service, first.mentee)
    assert (survey["sequence"], survey["round_id"], survey["status"]) == (-1, sent["id"], "open")
    assert [q["key"] for q in survey["questions"]] == ["satisfaction", "progress", "comment"]
    due = datetime.fromisoformat(survey["due_at"])
    assert due == datetime.fromisoformat(sent["due_at"])
    assert due - datetime.fromisoformat(survey["created_at"]) < timedelta(days=14, minutes=5)
    assert await surveys_of(service, declined.mentee) == []

    # A second round is the program's second; the schedule's own pulse still comes at day 30.
    again = await service.client.post(url, json={}, headers=service.headers("ada"))
    assert again.json()["number"] == 2
    await service.scheduler(datetime.combine(START, time(), UTC) + timedelta(days=30)).fire_due()
    sequences = sorted(s["sequence"] for s in await surveys_of(service, first.mentee))
    assert sequences == [-2, -1, 1]
    assert len(await service.outbox(REQUESTED)) == 8 + 4


async def test_a_cohort_and_a_retry_with_the_same_key_ask_nobody_twice(
    feedback_service: Feedback,
) -> None:
    service = feedback_service
    first, second, _ = await cohort(service)
    url = f"/v1/programs/{first.program_id}/survey-rounds"
    headers = {**service.headers("ada"), "Idempotency-Key": "pulse-march"}
    body = {"match_ids": [str(second.match_id)], "due_in_days": 5}

    response = await service.client.post(url, json=body, headers=headers)
    retried = await service.client.post(url, json=body, headers=headers)

    assert response.status_code == retried.status_code == 201, response.text
    assert retried.json() == response.json()
    assert retried.headers["Idempotent-Replayed"] == "true"
    assert (response.json()["matches"], response.json()["surveys"]) == (1, 2)
    assert sorted(e["user_id"] for e in await service.outbox(REQUESTED)) == ["leo", "mia"]
    assert len(await service.rows("survey_rounds")) == 1
    [survey] = await surveys_of(service, second.mentee)
    due = datetime.fromisoformat(survey["due_at"])
    assert due - datetime.fromisoformat(survey["created_at"]) < timedelta(days=5, minutes=5)
    assert await surveys_of(service, first.mentee) == []


async def test_only_program_admins_send_and_only_to_active_relationships(
    feedback_service: Feedback,
) -> None:
    service = feedback_service
    first, _, declined = await cohort(service)
    url = f"/v1/programs/{first.program_id}/survey-rounds"

    mentor = await service.client.post(url, json={}, headers=service.headers(first.mentor))
    foreign = await service.client.post(url, json={}, headers=service.headers("ada", "globex"))
    assert (mentor.status_code, foreign.status_code) == (404, 404)

    stray = str(declined.match_id)
    refused = await service.client.post(
        url, json={"match_ids": [stray]}, headers=service.headers("ada")
    )
    assert refused.status_code == 422
    problem = refused.json()
    assert (problem["code"], problem["field"], problem["unknown"]) == (
        "not-active-relationships",
        "match_ids",
        [stray],
    )
    assert stray in problem["detail"]

    empty = Relationship()
    await service.program(empty, admins=["ada"])
    none_active = await service.client.post(
        f"/v1/programs/{empty.program_id}/survey-rounds", json={}, headers=service.headers("ada")
    )
    assert (none_active.status_code, none_active.json()["code"]) == (409, "conflict")
    assert await service.outbox(REQUESTED) == []
    assert await service.rows("survey_rounds") == []
