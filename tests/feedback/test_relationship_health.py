"""Relationship health from events: a falling trend plus missed check-ins crosses the at-risk
threshold and emits one event; small moves after it emit none; admins see the explanation."""

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from tests.feedback.harness import WAIT, Feedback, Relationship
from tests.infra.apps import eventually

HEALTH_CHANGED = "mentorship.feedback.relationship.health_changed.v1"


def rated(score: int, keep: bool) -> dict[str, Any]:
    dimensions = ("preparation", "listening", "usefulness")
    return {"ratings": dict.fromkeys(dimensions, score), "wants_to_continue": keep}


async def health(service: Feedback, rel: Relationship) -> dict[str, Any]:
    response = await service.client.get(
        f"/v1/matches/{rel.match_id}/health", headers=service.headers("ada")
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_falling_ratings_and_missed_checkins_alert_once_without_flapping(
    feedback_service: Feedback,
) -> None:
    service, rel = feedback_service, Relationship()
    now = datetime.now(UTC)
    await service.program(rel, admins=["ada"])
    await service.accept(rel, date.today() - timedelta(days=100))
    for days_ago in (70, 56, 42):
        await service.checkin(rel, now - timedelta(days=days_ago))
    requests = {person: await service.requests_of(person, 3) for person in (rel.mentor, rel.mentee)}
    # Each check-in's feedback is worse than the last: 5, then 3, then 2 (and "stop").
    for index, (score, keep) in enumerate([(5, True), (3, True), (2, False)]):
        for person in (rel.mentor, rel.mentee):
            request = requests[person][index]
            response = await service.client.post(
                f"/v1/feedback-requests/{request['id']}/submission",
                json=rated(score, keep if person == rel.mentor or index == 0 else False),
                headers=service.headers(person),
            )
            assert response.status_code == 201, response.text
    assert await service.outbox(HEALTH_CHANGED) == []  # falling, not yet at risk

    for days_ago in (28, 21, 14, 7):
        await service.missed(rel, now - timedelta(days=days_ago))
    alerts = await eventually(
        lambda: service.outbox(HEALTH_CHANGED), lambda found: len(found) > 0, within=WAIT
    )
    [alert] = alerts
    assert alert["at_risk"] is True
    assert alert["score"] < 40
    assert (alert["mentor_user_id"], alert["mentee_user_id"]) == (rel.mentor, rel.mentee)
    assert set(alert["signals"]) == {
        "rating_level",
        "rating_trend",
        "fit_check",
        "checkin_adherence",
        "goal_progress",
        "recency",
    }
    await service.settled("checkins", lambda rows: len(rows) == 7)

    # Small moves: one check-in held today lifts the score, one more missed lowers it again;
    # both stay between the thresholds, so no new event.
    scores = [(await health(service, rel))["score"]]
    await service.checkin(rel, now)
    await service.requests_of(rel.mentor, 4)
    scores.append((await health(service, rel))["score"])
    await service.missed(rel, now - timedelta(days=1))
    await service.settled("checkins", lambda rows: len(rows) == 9)
    body = await health(service, rel)
    scores.append(body["score"])
    assert scores[0] < scores[1], scores
    assert scores[2] < scores[1], scores
    assert all(score <= 50 for score in scores), scores
    assert body["at_risk"] is True
    assert len(await service.outbox(HEALTH_CHANGED)) == 1
    contributions = {signal["name"]: signal["contribution"] for signal in body["signals"]}
    assert sum(contributions.values()) == pytest.approx(body["score"], abs=0.1)


async def test_recovering_above_the_upper_threshold_announces_the_all_clear(
    feedback_service: Feedback,
) -> None:
    service, rel = feedback_service, Relationship()
    now = datetime.now(UTC)
    await service.program(rel, admins=["ada"])
    await service.accept(rel, date.today() - timedelta(days=61))
    for days_ago in (40, 35, 30, 25, 20, 15):
        await service.missed(rel, now - timedelta(days=days_ago))
    await eventually(
        lambda: service.outbox(HEALTH_CHANGED), lambda found: len(found) == 1, within=WAIT
    )
    listed = f"/v1/programs/{rel.program_id}/at-risk-matches"
    flagged = await service.client.get(listed, headers=service.headers("ada"))
    assert [item["match_id"] for item in flagged.json()["items"]] == [str(rel.match_id)]
    hidden = await service.client.get(listed, headers=service.headers(rel.mentee))
    assert hidden.status_code == 404
    for days_ago in (6, 5, 4, 3, 2, 1):
        await service.checkin(rel, now - timedelta(days=days_ago))
    events = await eventually(
        lambda: service.outbox(HEALTH_CHANGED), lambda found: len(found) == 2, within=WAIT
    )
    assert [event["at_risk"] for event in events] == [True, False]
    assert events[1]["score"] > 50
    cleared = await service.client.get(listed, headers=service.headers("ada"))
    assert cleared.json() == {"items": [], "next_cursor": None}


async def test_health_is_for_program_admins_only(feedback_service: Feedback) -> None:
    service, rel = feedback_service, Relationship()
    await service.program(rel, admins=["ada"])
    await service.checkin(rel)
    await service.requests_of(rel.mentor, 1)
    url = f"/v1/matches/{rel.match_id}/health"
    assert (await health(service, rel))["score"] is not None
    for headers in (
        service.headers(rel.mentor),
        service.headers(rel.mentee),
        service.headers("ada", "globex", admin=True),
    ):
        assert (await service.client.get(url, headers=headers)).status_code == 404
    org_admin = await service.client.get(url, headers=service.headers("root", admin=True))
    assert org_admin.status_code == 200
