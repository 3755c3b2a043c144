"""What people typed cannot inject into a channel, and a message that cannot be built fails
visibly (issue 12, item 7): Slack text is mrkdwn-escaped, an email subject is one header line,
and an unrenderable delivery ends `failed` with its error, its attempt, an event and a metric,
instead of staying `pending` with 0 attempts for ever."""

import json
from datetime import UTC, datetime
from email.message import EmailMessage
from uuid import uuid4

import pytest
from prometheus_client import REGISTRY

from contracts.matching import ParticipantEnrolledV1
from notifications.deliveries.channels import email_message
from notifications.deliveries.service import plan
from notifications.models import Notification
from notifications.preferences.service import recipient
from notifications.settings import NotificationsSettings
from notifications.templating import Rendered, render, slack_escape
from tests.infra.apps import eventually
from tests.notifications import notify_events as ev
from tests.notifications.notify_harness import ORG, Harness, Receiver, SmtpServer

PHISHING = "<!channel> <https://evil.example|Reset your password> & more"
CRLF = "Maria\r\nBcc: victim@evil.example"


def named(event: ParticipantEnrolledV1, display_name: str) -> ParticipantEnrolledV1:
    return event.model_copy(update={"display_name": display_name})


@pytest.mark.unit
def test_slack_text_escapes_what_people_typed_and_nothing_else() -> None:
    rendered = render(
        "match_accepted",
        "en",
        {
            "other_name": PHISHING,
            "program_name": "A&B <cohort>",
            "recipient_name": "Tom",
            "role": "mentee",
            "starts_on": "2027-01-04",
            "link": None,
        },
    )
    assert "<!channel>" not in rendered.slack
    assert "<https://evil.example" not in rendered.slack
    assert slack_escape(PHISHING) in rendered.slack
    assert rendered.slack.startswith("*Your match with &lt;!channel&gt;")
    assert PHISHING in rendered.title  # the in-app title stays what was typed
    assert "&lt;!channel&gt;" in rendered.html  # HTML-escaped in the HTML email
    assert "<!channel>" not in rendered.html


@pytest.mark.unit
def test_an_email_subject_is_one_header_line_whatever_it_carries() -> None:
    message = Rendered(
        title="t", body="b", subject=f"Your match with {CRLF}", text="x", slack="x", html="<p>x</p>"
    )
    built = email_message(NotificationsSettings(), "tom@acme.io", message)
    assert built["Subject"] == "Your match with Maria Bcc: victim@evil.example"
    assert built["Bcc"] is None
    assert "\r\nBcc:" not in built.as_string()


@pytest.mark.embedded
async def test_a_hostile_display_name_reaches_slack_escaped(
    bus_service: Harness, receiver: Receiver
) -> None:
    h = bus_service
    await h.send(ev.program(admins=["ada"]))
    await h.send(named(ev.enrolled(ev.MENTOR, "mentor"), PHISHING))
    await h.send(ev.enrolled(ev.MENTEE))
    await h.inbox_of_size(ev.MENTEE, 1)
    chose = await h.client.put(
        "/v1/preferences",
        json={"slack_webhook_url": receiver.url, "channels": {"matches": ["slack"]}},
        headers=h.token(ev.MENTEE),
    )
    assert chose.status_code == 200, chose.text
    await h.send(ev.match_accepted(), subject=str(ev.MATCH))
    await eventually(h.deliveries, lambda rows: any(d.channel == "slack" for d in rows))

    await h.fire()

    (request,) = receiver.requests
    text = json.loads(request.body)["text"]
    assert "<!channel>" not in text
    assert "<https://evil.example" not in text
    assert "&lt;!channel&gt; &lt;https://evil.example|Reset your password&gt; &amp; more" in text


@pytest.mark.embedded
async def test_a_display_name_with_a_line_break_does_not_stop_the_partners_emails(
    bus_service: Harness, smtp: SmtpServer
) -> None:
    """Before: the subject header refused the name, the attempt raised and rolled back, and 3 of
    the partner's 4 emails stayed `pending` with 0 attempts and no error."""
    h = bus_service
    await h.send(ev.program(admins=["ada"]))
    await h.send(named(ev.enrolled(ev.MENTOR, "mentor", email="maria@acme.io"), CRLF))
    await h.send(ev.enrolled(ev.MENTEE, email="tom@acme.io"))
    await h.inbox_of_size(ev.MENTEE, 1)
    for event in (ev.match_proposed(), ev.match_accepted(), ev.match_ended()):
        await h.send(event, subject=str(ev.MATCH))
    await h.inbox_of_size(ev.MENTEE, 4)

    await h.fire()

    emails = [d for d in await h.deliveries() if d.user_id == ev.MENTEE and d.channel == "email"]
    assert [(d.status, d.attempts, d.last_error) for d in emails] == [("delivered", 1, None)] * 4
    to_tom = [m for m in smtp.messages if m["To"] == "tom@acme.io"]
    assert len(to_tom) == 4
    for message in to_tom:
        assert isinstance(message, EmailMessage)
        assert message["Bcc"] is None
        assert "\n" not in str(message["Subject"])
    assert any("Maria Bcc: victim@evil.example" in str(m["Subject"]) for m in to_tom)


def unrenderable_count(channel: str) -> float:
    value = REGISTRY.get_sample_value(
        "notification_delivery_attempts_total",
        {"service": "notifications", "channel": channel, "outcome": "unrenderable"},
    )
    return value or 0.0


@pytest.mark.embedded
async def test_a_delivery_that_cannot_be_rendered_fails_visibly(
    bus_service: Harness, smtp: SmtpServer
) -> None:
    """A notification whose template is gone (say, written by an older release): the delivery
    fails on its first attempt with the error, the failure is announced and counted."""
    h = bus_service
    await h.send(ev.enrolled(ev.MENTEE, email="tom@acme.io"))
    await h.inbox_of_size(ev.MENTEE, 1)
    await h.fire()  # the welcome email goes out
    before = unrenderable_count("email")
    async with h.runtime.sessions() as session, session.begin():
        notification = Notification(
            org_id=ORG,
            user_id=ev.MENTEE,
            source_event_id=str(uuid4()),
            category="matches",
            title="Something happened",
            body="Details",
            kind="retired_kind",
            context={},
            created_at=datetime.now(UTC),
        )
        session.add(notification)
        await session.flush()
        person = await recipient(session, ORG, ev.MENTEE)
        [planned] = await plan(session, h.app.state.notifications, notification, person)

    await h.fire()

    [delivery] = [d for d in await h.deliveries() if d.id == planned.id]
    assert (delivery.status, delivery.attempts) == ("failed", 1)
    assert "cannot be rendered" in (delivery.last_error or "")
    assert "retired_kind" in (delivery.last_error or "")
    failed = await h.emitted("mentorship.notifications.notification.failed.v1")
    assert [(f["delivery_id"], f["attempts"]) for f in failed] == [(str(delivery.id), 1)]
    assert unrenderable_count("email") == before + 1
    listed = await h.client.get("/v1/deliveries", headers=h.token(ev.MENTEE))
    shown = [d for d in listed.json()["items"] if d["id"] == str(delivery.id)]
    assert [(d["status"], d["attempts"]) for d in shown] == [("failed", 1)]
