"""Who is told what about every user-facing event."""

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest

from contracts import EventPayload
from tests.infra.apps import eventually
from tests.notifications import notify_events as ev
from tests.notifications.notify_harness import Harness, at

NOW = at("2026-03-02T09:00:00+00:00")
CASES: list[tuple[str, Callable[[], EventPayload], dict[str, tuple[str, str]]]] = [
    (
        "match proposed",
        ev.match_proposed,
        {
            "maria": ("matches", "You have a proposed match: Tom"),
            "tom": ("matches", "You have a proposed match: Maria"),
        },
    ),
    (
        "match accepted",
        ev.match_accepted,
        {
            "maria": ("matches", "Your match with Tom is confirmed"),
            "tom": ("matches", "Your match with Maria is confirmed"),
        },
    ),
    (
        "match started after its acceptance",
        ev.match_activated,
        {
            "maria": ("matches", "Your mentorship with Tom starts today"),
            "tom": ("matches", "Your mentorship with Maria starts today"),
        },
    ),
    (
        "match started the day it was accepted (that notice said so)",
        lambda: ev.match_activated(accepted_at=datetime(2026, 3, 2, 8)),
        {},
    ),
    (
        "match declined",
        ev.match_declined,
        {
            "tom": ("matches", "The match with Maria was declined"),
            "ada": ("admin", "Match declined in Spring cohort: Maria and Tom"),
        },
    ),
    (
        "match ended",
        ev.match_ended,
        {
            "maria": ("matches", "Your match with Tom has ended"),
            "tom": ("matches", "Your match with Maria has ended"),
            "ada": ("admin", "Match ended in Spring cohort: Maria and Tom"),
        },
    ),
    (
        "checkin scheduled",
        lambda: ev.checkin_scheduled(NOW + timedelta(days=2)),
        {
            "tom": ("checkins", "Check-in with Maria on Wed 04 Mar 2026, 09:00 UTC"),
            "maria": ("checkins", "Check-in with Tom on Wed 04 Mar 2026, 09:00 UTC"),
        },
    ),
    (
        "checkin cancelled",
        lambda: ev.checkin_cancelled(NOW + timedelta(days=2)),
        {
            "maria": ("checkins", "Check-in with Tom cancelled"),
            "tom": ("checkins", "Check-in with Maria cancelled"),
        },
    ),
    (
        "goal overdue",
        ev.goal_overdue,
        {"tom": ("goals", "Goal overdue: Read"), "maria": ("goals", "Goal overdue: Read")},
    ),
    (
        "milestone",
        ev.milestone_completed,
        {
            "maria": ("celebrations", "Milestone reached: Draft"),
            "tom": ("celebrations", "Milestone reached: Draft"),
        },
    ),
    (
        "goal completed",
        ev.goal_completed,
        {
            "tom": ("celebrations", "Goal completed: Ship a <b>talk</b>"),
            "maria": ("celebrations", "Goal completed: Ship a <b>talk</b>"),
        },
    ),
    (
        "feedback requested",
        lambda: ev.feedback_requested(NOW + timedelta(days=3)),
        {"tom": ("feedback", "How did your check-in with Maria go?")},
    ),
    (
        "survey requested",
        ev.survey_requested,
        {"tom": ("surveys", "A pulse survey is waiting for you")},
    ),
    (
        "relationship at risk",
        ev.at_risk,
        {"ada": ("admin", "Relationship at risk: Maria and Tom")},
    ),
]


async def setup_people(h: Harness) -> None:
    await h.send(ev.program(admins=["ada"]))
    await h.send(ev.enrolled(ev.MENTOR, "mentor"))
    await h.send(ev.enrolled(ev.MENTEE))
    await h.inbox_of_size(ev.MENTEE, 1)
    await h.inbox_of_size(ev.MENTOR, 1)


@pytest.mark.parametrize(("name", "make", "expected"), CASES, ids=[c[0] for c in CASES])
async def test_each_event_tells_the_right_people_once(
    service: Harness,
    name: str,
    make: Callable[[], EventPayload],
    expected: dict[str, tuple[str, str]],
) -> None:
    h = service
    await setup_people(h)
    await h.send(make(), times=3)
    for user, (category, title) in expected.items():
        size = 1 if user == "ada" else 2
        items = await h.inbox_of_size(user, size)
        assert [(i["category"], i["title"]) for i in items[size - 1 :]] == [(category, title)]
    await h.send(ev.survey_requested())  # a later event: by then the copies were handled
    await h.inbox_of_size(ev.MENTEE, 3 if "tom" in expected else 2)
    await h.settled()  # on Kafka the later event (another topic) proves nothing by itself
    for user in ("maria", "tom", "ada"):
        told = user in expected
        base = 0 if user == "ada" else 1
        extra = 1 if user == "tom" else 0
        assert len(await h.inbox(user)) == base + int(told) + extra, user


async def test_recovery_from_risk_tells_nobody(service: Harness) -> None:
    h = service
    await setup_people(h)
    await h.send(ev.at_risk(at_risk=False))
    await h.send(ev.at_risk(at_risk=True))
    (alert,) = await h.inbox_of_size("ada", 1)
    assert "38 / 100, was 61" in alert["body"]


async def test_another_tenants_inbox_is_invisible(service: Harness) -> None:
    h = service
    await setup_people(h)
    (welcome,) = await h.inbox(ev.MENTEE)
    intruder = h.token(ev.MENTEE, org="globex")
    assert await h.inbox(ev.MENTEE, org="globex") == []
    count = await h.client.get("/v1/notifications/unread-count", headers=intruder)
    assert count.json() == {"unread": 0}
    foreign = await h.client.post(f"/v1/notifications/{welcome['id']}/read", headers=intruder)
    missing = await h.client.post(
        "/v1/notifications/00000000-0000-4000-8000-00000000ffff/read", headers=intruder
    )
    assert foreign.status_code == missing.status_code == 404
    assert foreign.json()["code"] == "not-found"
    assert (await h.inbox(ev.MENTEE))[0]["read_at"] is None


async def test_mark_all_read_clears_the_unread_count(service: Harness) -> None:
    h = service
    await setup_people(h)
    await h.send(ev.goal_completed())
    await h.inbox_of_size(ev.MENTEE, 2)
    tom = h.token(ev.MENTEE)
    assert (await h.client.get("/v1/notifications/unread-count", headers=tom)).json()["unread"] == 2
    marked = await h.client.post("/v1/notifications/read-all", headers=tom)
    assert marked.json() == {"marked": 2}
    assert (await h.client.get("/v1/notifications/unread-count", headers=tom)).json()["unread"] == 0


async def test_a_channel_turned_off_keeps_it_out_of_the_inbox_and_email(
    service: Harness,
) -> None:
    h = service
    response = await h.client.put(
        "/v1/preferences", json={"channels": {"celebrations": []}}, headers=h.token(ev.MENTEE)
    )
    assert response.status_code == 200, response.text
    await h.send(ev.enrolled(ev.MENTEE, email="tom@acme.io"))
    await h.inbox_of_size(ev.MENTEE, 1)
    await h.send(ev.goal_completed())
    await h.send(ev.survey_requested())
    items = await h.inbox_of_size(ev.MENTEE, 2)
    await h.settled()  # the goal's event is on another topic than the survey's
    items = await h.inbox(ev.MENTEE)
    assert sorted(i["category"] for i in items) == ["enrolment", "surveys"]
    deliveries = await eventually(h.deliveries, lambda rows: len(rows) >= 2, within=5)
    assert len(deliveries) == 2  # welcome and survey emails; nothing for the goal
