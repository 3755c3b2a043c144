"""Reactions and email over real Kafka, PostgreSQL and SMTP: once per event, the right email,
quiet hours, daily digests."""

from datetime import timedelta

from tests.infra.apps import eventually
from tests.notifications.notify_events import (
    MATCH,
    MENTEE,
    MENTOR,
    enrolled,
    goal_completed,
    match_accepted,
    match_ended,
)
from tests.notifications.notify_harness import Harness, SmtpServer, at


async def enrol_both(h: Harness) -> None:
    await h.send(enrolled(MENTOR, "mentor", email="maria@acme.io"))
    await h.send(enrolled(MENTEE, email="tom@acme.io"))
    await h.inbox_of_size(MENTOR, 1)
    await h.inbox_of_size(MENTEE, 1)


async def test_the_same_event_three_times_gives_one_notification_per_recipient(
    service: Harness,
) -> None:
    h = service
    await enrol_both(h)
    await h.send(match_accepted(), subject=str(MATCH), times=3)
    # Behind the copies on the same topic and partition: once it is in, they were handled.
    await h.send(match_ended(), subject=str(MATCH))

    for user, other in ((MENTEE, "Maria"), (MENTOR, "Tom")):
        titles = [item["title"] for item in await h.inbox_of_size(user, 3)]
        assert titles == [
            "Welcome to Spring cohort",
            f"Your match with {other} is confirmed",
            f"Your match with {other} has ended",
        ]
    emails = [d for d in await h.deliveries() if d.channel == "email"]
    assert len(emails) == 6
    assert len({d.notification_id for d in emails}) == 6


async def test_an_email_arrives_with_subject_text_and_escaped_html(
    service: Harness, smtp: SmtpServer
) -> None:
    h = service
    await enrol_both(h)
    await h.send(goal_completed("Ship a <b>talk</b>"), subject=str(MATCH))
    await h.inbox_of_size(MENTEE, 2)

    await h.fire()

    to_tom = [m for m in smtp.messages if m["To"] == "tom@acme.io"]
    subjects = sorted(str(m["Subject"]) for m in to_tom)
    assert subjects == ["Goal completed: Ship a <b>talk</b>", "Welcome to Spring cohort"]
    message = next(m for m in to_tom if str(m["Subject"]).startswith("Goal"))
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert text is not None
    assert html is not None
    assert 'Congratulations! The goal "Ship a <b>talk</b>" is complete.' in text.get_content()
    assert "Hello Tom," in text.get_content()
    html_content = html.get_content()
    assert "Ship a &lt;b&gt;talk&lt;/b&gt;" in html_content
    assert "<b>talk</b>" not in html_content
    delivered = await h.emitted("mentorship.notifications.notification.delivered.v1")
    assert len(delivered) == 4
    assert {(d["channel"], d["attempts"]) for d in delivered} == {("email", 1)}


async def test_quiet_hours_defer_email_until_they_end_on_the_persons_clock(
    service: Harness, smtp: SmtpServer
) -> None:
    h = service
    h.clock.now = at("2026-03-02T22:30:00+01:00")  # Paris, in the quiet hours
    response = await h.client.put(
        "/v1/preferences",
        json={"timezone": "Europe/Paris", "quiet_start": "22:00", "quiet_end": "07:00"},
        headers=h.token(MENTEE),
    )
    assert response.status_code == 200, response.text
    await h.send(enrolled(MENTEE, email="tom@acme.io"))
    await h.inbox_of_size(MENTEE, 1)

    await h.fire()
    assert smtp.messages == []
    (delivery,) = await h.deliveries()
    assert delivery.status == "pending"
    assert delivery.next_attempt_at == at("2026-03-03T07:00:00+01:00")

    h.clock.now = at("2026-03-03T06:59:00+01:00")
    await h.fire()
    assert smtp.messages == []
    h.clock.now = at("2026-03-03T07:00:01+01:00")
    await h.fire()
    assert [str(m["Subject"]) for m in smtp.messages] == ["Welcome to Spring cohort"]


async def test_a_daily_digest_groups_five_notifications_into_one_email(
    service: Harness, smtp: SmtpServer
) -> None:
    h = service
    response = await h.client.put(
        "/v1/preferences",
        json={
            "timezone": "America/New_York",
            "digest": "daily",
            "channels": {"enrolment": ["in_app"]},
        },
        headers=h.token(MENTEE),
    )
    assert response.status_code == 200, response.text
    await enrol_both(h)
    for index in range(5):
        await h.send(goal_completed(f"Goal {index}"), subject=str(MATCH))
    await h.inbox_of_size(MENTEE, 6)

    await h.fire()
    assert [m["To"] for m in smtp.messages] == ["maria@acme.io"] * 6  # Maria: immediate

    h.clock.now = at("2026-03-02T07:59:00-05:00")
    await h.fire()
    assert len(smtp.messages) == 6
    h.clock.now = at("2026-03-02T08:00:00-05:00") + timedelta(seconds=1)
    await h.fire()

    digests = [m for m in smtp.messages if m["To"] == "tom@acme.io"]
    assert len(digests) == 1
    assert str(digests[0]["Subject"]) == "Your daily digest: 5 notifications"
    text = digests[0].get_body(("plain",))
    assert text is not None
    for index in range(5):
        assert f"Goal completed: Goal {index}" in text.get_content()
    delivered = await eventually(
        lambda: h.emitted("mentorship.notifications.notification.delivered.v1"),
        lambda found: len(found) >= 11,
        within=5,
    )
    assert len(delivered) == 11  # 1 welcome + 5 goals for Maria, 5 in Tom's digest
