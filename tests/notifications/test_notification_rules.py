"""Pure rules: quiet hours, digest times, reminders over DST, templates, webhook
filters (no I/O)."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from notifications.models import WebhookEndpoint
from notifications.preferences.policy import (
    channels_for,
    in_quiet_hours,
    next_digest_at,
    quiet_release,
    reminder_at,
)
from notifications.templating import render
from notifications.webhooks.delivery import subscribed

pytestmark = pytest.mark.unit
PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def test_quiet_hours_that_span_midnight_release_at_their_local_end() -> None:
    start, end = time(22), time(7)
    assert in_quiet_hours(utc("2026-06-01T23:30+02:00"), PARIS, start, end)
    assert in_quiet_hours(utc("2026-06-02T06:59+02:00"), PARIS, start, end)
    assert not in_quiet_hours(utc("2026-06-02T07:00+02:00"), PARIS, start, end)
    assert quiet_release(utc("2026-06-01T23:30+02:00"), PARIS, start, end) == utc(
        "2026-06-02T07:00+02:00"
    )
    assert quiet_release(utc("2026-06-02T01:00+02:00"), PARIS, start, end) == utc(
        "2026-06-02T07:00+02:00"
    )
    outside = utc("2026-06-02T12:00+02:00")
    assert quiet_release(outside, PARIS, start, end) == outside


def test_quiet_hours_end_on_the_wall_clock_across_a_dst_change() -> None:
    # The night Paris moves to summer time (29 March 2026): 07:00 is then UTC+2.
    released = quiet_release(utc("2026-03-28T23:00+01:00"), PARIS, time(22), time(7))
    assert released == utc("2026-03-29T07:00+02:00")


def test_no_or_empty_quiet_hours_never_defer() -> None:
    now = utc("2026-06-01T23:30+02:00")
    assert quiet_release(now, PARIS, None, None) == now
    assert quiet_release(now, PARIS, time(8), time(8)) == now


def test_daily_and_weekly_digests_go_at_the_local_digest_hour() -> None:
    monday_9 = utc("2026-03-02T09:00-05:00")
    assert next_digest_at(monday_9, NEW_YORK, "daily", 8) == utc("2026-03-03T08:00-05:00")
    assert next_digest_at(monday_9, NEW_YORK, "weekly", 8) == utc("2026-03-09T08:00-04:00")
    monday_7 = utc("2026-03-02T07:00-05:00")
    assert next_digest_at(monday_7, NEW_YORK, "weekly", 8) == utc("2026-03-02T08:00-05:00")


def test_a_checkin_reminder_is_the_day_before_at_the_same_local_time_across_dst() -> None:
    # 11:00 in New York on 8 March 2026 (the first day of summer time): the reminder is at
    # 11:00 EST on 7 March, 25 real hours earlier.
    starts = utc("2026-03-08T11:00-04:00")
    assert reminder_at(starts, NEW_YORK, 24) == utc("2026-03-07T11:00-05:00")
    assert reminder_at(starts, ZoneInfo("UTC"), 24) == starts - timedelta(hours=24)


def test_categories_default_to_in_app_and_email() -> None:
    assert channels_for({}, "matches") == {"in_app", "email"}
    assert channels_for({"matches": ["slack"]}, "matches") == {"slack"}
    assert channels_for({"matches": []}, "matches") == set()


def test_templates_escape_html_only_and_fall_back_to_english() -> None:
    context = {"recipient_name": "Zoë <x>", "goal_title": "<script>", "link": None}
    english = render("goal_completed", "de-AT", context)
    assert english.subject == "Goal completed: <script>"
    assert "<script>" in english.text
    assert "&lt;script&gt;" in english.html
    assert "<script>" not in english.html
    french = render(
        "match_accepted",
        "fr-CA",
        {
            "recipient_name": "Léa",
            "other_name": "Tom",
            "program_name": "P",
            "starts_on": "2026-03-02",
            "role": "mentee",
            "link": None,
        },
    )
    assert french.title == "Votre binôme avec Tom est confirmé"
    assert french.text.startswith("Bonjour Léa,")


def test_webhook_filters_match_exact_types_and_service_wildcards() -> None:
    def endpoint(types: list[str]) -> WebhookEndpoint:
        return WebhookEndpoint(event_types=types)

    goal = "mentorship.goals.goal.completed.v1"
    assert subscribed(endpoint([]), goal)
    assert subscribed(endpoint(["mentorship.goals.*"]), goal)
    assert subscribed(endpoint([goal]), goal)
    assert not subscribed(endpoint(["mentorship.matching.*"]), goal)
    assert not subscribed(endpoint(["mentorship.goals.goal.created.v1"]), goal)
