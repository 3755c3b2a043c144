"""Each domain's operations through the gateway on the embedded backend: results, nested reads,
and the services' refusals as typed results (NotFound, ValidationFailed, NotAllowed, Conflict)."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from mentorship.embedded import create_embedded_app, dev_issuer
from tests.gateway.test_graphql_api import Gateway
from tests.infra.apps import eventually, serve

pytestmark = pytest.mark.embedded

MEMBER: tuple[str, ...] = ()


@pytest.fixture
async def gateway(tmp_path: Path) -> AsyncIterator[Gateway]:
    async with serve(create_embedded_app(tmp_path)) as client:
        yield Gateway(client, dev_issuer(tmp_path))


async def ok(gateway: Gateway, query: str, user: str = "ada", **variables: Any) -> dict[str, Any]:
    roles = ("org_admin",) if user == "ada" else MEMBER
    body = await gateway.run(query, user=user, roles=roles, **variables)
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


async def active_match(gateway: Gateway) -> tuple[str, str, dict[str, str]]:
    """An admin-assigned (so at once active) match of mo and ming; returns program, match, ids."""
    program = await ok(
        gateway,
        """mutation { createProgram(input: {name: "Ops", settings: {approval: ADMIN_ASSIGNS},
           goalTemplates: [{title: "Learn SQL", milestones: ["Joins"]}]}) {
           ... on Program { id settings { approval } } } }""",
    )
    program_id = program["createProgram"]["id"]
    assert program["createProgram"]["settings"] == {"approval": "ADMIN_ASSIGNS"}
    ids = {}
    for user, role, profile in (
        ("mo", "MENTOR", {"skillsOffered": [{"skill": "sql", "level": 5}], "languages": ["en"]}),
        ("ming", "MENTEE", {"skillsWanted": [{"skill": "sql", "level": 3}], "languages": ["en"]}),
    ):
        enrolled = await ok(
            gateway,
            """mutation($input: EnrolmentInput!) { enrol(input: $input) {
               ... on Participant { id } } }""",
            input={
                "programId": program_id,
                "userId": user,
                "role": role,
                "displayName": user.title(),
                "profile": profile,
            },
        )
        ids[user] = enrolled["enrol"]["id"]
    proposed = await ok(
        gateway,
        """mutation($p: ID!, $mentor: ID!, $mentee: ID!) { proposeMatch(programId: $p,
           mentorParticipantId: $mentor, menteeParticipantId: $mentee) {
           __typename ... on Match { id status score } } }""",
        p=program_id,
        mentor=ids["mo"],
        mentee=ids["ming"],
    )
    match = proposed["proposeMatch"]
    assert match["status"] == "ACTIVE"
    schedule = await eventually(
        lambda: ok(
            gateway, "query($id: ID!) { matchSchedule(matchId: $id) { cadence } }", id=match["id"]
        ),
        lambda data: data["matchSchedule"] is not None,
    )
    assert schedule["matchSchedule"] == {"cadence": "BIWEEKLY"}
    return program_id, match["id"], ids


async def test_a_program_is_updated_moved_on_and_listed(gateway: Gateway) -> None:
    program_id, _, _ = await active_match(gateway)
    updated = await ok(
        gateway,
        """mutation($id: ID!) { updateProgram(id: $id, input: {description: "Quarterly",
           checkinCadence: WEEKLY}) {
           __typename ... on Program { description checkinCadence } } }""",
        id=program_id,
    )
    assert updated["updateProgram"]["checkinCadence"] == "WEEKLY"
    status = await ok(
        gateway,
        """mutation($id: ID!) { changeProgramStatus(id: $id, status: MATCHING) {
           __typename ... on Program { status } ... on Conflict { message } } }""",
        id=program_id,
    )
    assert status["changeProgramStatus"]["__typename"] in ("Program", "Conflict")
    listed = await ok(
        gateway, "{ programs(first: 10) { nodes { name } pageInfo { hasNextPage } } }"
    )
    assert listed["programs"]["nodes"] == [{"name": "Ops"}]


async def test_a_profile_goes_in_and_comes_out_typed_and_a_bad_capacity_is_refused(
    gateway: Gateway,
) -> None:
    _, _, ids = await active_match(gateway)
    profile = await ok(
        gateway,
        """mutation($id: ID!) { updateParticipant(id: $id, input: {capacity: 3,
           profile: {skillsOffered: [{skill: "sql", level: 5}, {skill: "python", level: 4}],
           languages: ["en"], motivators: [{name: "growth", level: 4}],
           availability: [{month: "2027-01", hours: 6}],
           attributes: [{key: "site", value: "pune"}]}}) {
           __typename ... on Participant { capacity profile { skillsOffered { skill level }
             motivators { name level } availability { month hours }
             attributes { key value } } } } }""",
        user="mo",
        id=ids["mo"],
    )
    assert profile["updateParticipant"]["capacity"] == 3
    assert profile["updateParticipant"]["profile"]["skillsOffered"] == [
        {"skill": "python", "level": 4},
        {"skill": "sql", "level": 5},
    ]
    typed = profile["updateParticipant"]["profile"]
    assert typed["motivators"] == [{"name": "growth", "level": 4}]
    assert typed["availability"] == [{"month": "2027-01", "hours": 6.0}]
    assert typed["attributes"] == [{"key": "site", "value": "pune"}]
    invalid = await ok(
        gateway,
        """mutation($id: ID!) { updateParticipant(id: $id, input: {capacity: -1}) {
           __typename ... on ValidationFailed { fields { field } } } }""",
        user="mo",
        id=ids["mo"],
    )
    assert invalid["updateParticipant"]["__typename"] == "ValidationFailed"


async def test_a_pair_is_scored_recommended_and_read_with_its_program(gateway: Gateway) -> None:
    program_id, _, ids = await active_match(gateway)
    scored = await ok(
        gateway,
        """query($p: ID!, $mentor: ID!, $mentee: ID!) { pairScore(programId: $p,
           mentorParticipantId: $mentor, menteeParticipantId: $mentee) { score feasible
           contributions { factor weight value points } } }""",
        p=program_id,
        mentor=ids["mo"],
        mentee=ids["ming"],
    )
    assert scored["pairScore"]["feasible"] is True
    assert any(c["factor"] == "SKILLS" for c in scored["pairScore"]["contributions"])
    suggestions = await ok(
        gateway,
        "query($id: ID!) { recommendations(participantId: $id) { mentor { userId } } }",
        user="ming",
        id=ids["ming"],
    )
    assert isinstance(suggestions["recommendations"], list)

    nested = await ok(
        gateway,
        "query($id: ID!) { participant(id: $id) { userId program { name } } }",
        user="ming",
        id=ids["ming"],
    )
    assert nested["participant"] == {"userId": "ming", "program": {"name": "Ops"}}
    assert (
        await ok(gateway, 'query { match(id: "00000000-0000-0000-0000-000000000000") { id } }')
    )["match"] is None


async def test_a_match_ends_once_and_its_mentee_withdraws(gateway: Gateway) -> None:
    _, match_id, ids = await active_match(gateway)
    ended = await ok(
        gateway,
        """mutation($id: ID!) { endMatch(id: $id, outcome: COMPLETED) {
           __typename ... on Match { status } } }""",
        user="ming",
        id=match_id,
    )
    assert ended["endMatch"] == {"__typename": "Match", "status": "COMPLETED"}
    again = await ok(
        gateway,
        """mutation($id: ID!) { endMatch(id: $id, outcome: COMPLETED) { __typename } }""",
        user="ming",
        id=match_id,
    )
    assert again["endMatch"]["__typename"] == "Conflict"
    withdrawn = await ok(
        gateway,
        """mutation($id: ID!) { withdrawParticipant(id: $id) {
           __typename ... on Participant { status } } }""",
        user="ming",
        id=ids["ming"],
    )
    assert withdrawn["withdrawParticipant"] == {"__typename": "Participant", "status": "WITHDRAWN"}


async def test_a_goal_goes_from_draft_through_milestones_and_progress(gateway: Gateway) -> None:
    _, match_id, _ = await active_match(gateway)
    due = (datetime.now(UTC) + timedelta(days=30)).date().isoformat()
    created = await ok(
        gateway,
        """mutation($m: ID!, $due: Date!) { createGoal(matchId: $m, input: {title: "Ship it",
           description: "Merge ten reviewed pull requests into the billing service",
           metric: "merged PRs", unit: "PRs", target: 10, dueOn: $due,
           relevance: "Promotion to senior", relevanceKind: CAREER_MILESTONE,
           milestones: ["First PR"]}) {
           __typename ... on Goal { id status milestones { id title } }
           ... on ValidationFailed { message fields { field message } } } }""",
        user="ming",
        m=match_id,
        due=due,
    )
    goal = created["createGoal"]
    assert goal["__typename"] == "Goal", goal
    assert goal["status"] == "DRAFT"
    goal_id, milestone_id = goal["id"], goal["milestones"][0]["id"]
    for user, mutation in (
        ("ming", 'updateGoal(id: $id, input: {unit: "pull requests"}) { __typename }'),
        ("mo", "transitionGoal(id: $id, action: ACKNOWLEDGE) { __typename }"),
        ("ming", "transitionGoal(id: $id, action: ACTIVATE) { __typename }"),
        ("ming", 'addMilestone(goalId: $id, title: "Second PR") { __typename }'),
        ("ming", 'recordProgress(goalId: $id, value: 4, note: "steady") { __typename }'),
    ):
        result = await ok(gateway, f"mutation($id: ID!) {{ {mutation} }}", user=user, id=goal_id)
        assert next(iter(result.values()))["__typename"] == "Goal", (mutation, result)
    done = await ok(
        gateway,
        """mutation($g: ID!, $m: ID!) { completeMilestone(goalId: $g, milestoneId: $m) {
           ... on Goal { progress milestones { completedAt } } } }""",
        user="ming",
        g=goal_id,
        m=milestone_id,
    )
    assert done["completeMilestone"]["milestones"][0]["completedAt"] is not None
    history = await ok(
        gateway,
        "query($id: ID!) { goalProgress(goalId: $id) { nodes { progress note } } }",
        user="ming",
        id=goal_id,
    )
    assert len(history["goalProgress"]["nodes"]) >= 1
    refused = await ok(
        gateway,
        'mutation($m: ID!) { createGoal(matchId: $m, input: {title: "x", description: ""})'
        " { __typename } }",
        user="stranger",
        m=match_id,
    )
    assert refused["createGoal"]["__typename"] == "NotFound"


async def test_a_checkin_is_scheduled_moved_noted_and_cancelled(gateway: Gateway) -> None:
    _, match_id, _ = await active_match(gateway)
    starts = (datetime.now(UTC) + timedelta(days=3)).replace(microsecond=0)
    scheduled = await ok(
        gateway,
        """mutation($input: CheckinInput!) { scheduleCheckin(input: $input) {
           __typename ... on Checkin { id status } ... on ValidationFailed { message } } }""",
        user="mo",
        input={"matchId": match_id, "startsAt": starts.isoformat(), "agenda": "Plan"},
    )
    checkin_id = scheduled["scheduleCheckin"]["id"]
    moved = await ok(
        gateway,
        """mutation($id: ID!, $at: DateTime!) { rescheduleCheckin(id: $id, startsAt: $at) {
           ... on Checkin { startsAt } } }""",
        user="mo",
        id=checkin_id,
        at=(starts + timedelta(hours=2)).isoformat(),
    )
    assert moved["rescheduleCheckin"]["startsAt"].startswith(
        (starts + timedelta(hours=2)).strftime("%Y-%m-%dT%H")
    )
    noted = await ok(
        gateway,
        """mutation($id: ID!) { addCheckinNote(id: $id, note: {body: "Bring CV"}) {
           ... on Checkin { notes { body } } } }""",
        user="mo",
        id=checkin_id,
    )
    assert noted["addCheckinNote"]["notes"] == [{"body": "Bring CV"}]
    cancelled = await ok(
        gateway,
        """mutation($id: ID!) { cancelCheckin(id: $id, reason: "ill") {
           ... on Checkin { status cancelReason } } }""",
        user="mo",
        id=checkin_id,
    )
    assert cancelled["cancelCheckin"] == {"status": "CANCELLED", "cancelReason": "ill"}
    listed = await ok(
        gateway,
        """query($m: ID!) { checkins(matchId: $m) { nodes { status } }
           goals(matchId: $m) { nodes { title } } }""",
        user="mo",
        m=match_id,
    )
    assert "CANCELLED" in {c["status"] for c in listed["checkins"]["nodes"]}
    assert listed["goals"]["nodes"] == [{"title": "Learn SQL"}]  # from the program's template

    cadence = await ok(
        gateway,
        """mutation($m: ID!) { setCheckinCadence(matchId: $m, cadence: MONTHLY) {
           __typename ... on MatchSchedule { cadence } ... on NotAllowed { message } } }""",
        user="ada",
        m=match_id,
    )
    assert cadence["setCheckinCadence"]["__typename"] in ("MatchSchedule", "NotAllowed")


async def test_a_calendar_feed_is_created_listed_and_revoked(gateway: Gateway) -> None:
    await active_match(gateway)
    feed = await ok(
        gateway, "mutation { createCalendarFeed { ... on CalendarFeed { id url } } }", user="mo"
    )
    assert ".ics" in feed["createCalendarFeed"]["url"]
    feeds = await ok(gateway, "{ calendarFeeds { id revokedAt } }", user="mo")
    assert feeds["calendarFeeds"] == [{"id": feed["createCalendarFeed"]["id"], "revokedAt": None}]
    revoked = await ok(
        gateway,
        "mutation($id: ID!) { revokeCalendarFeed(id: $id) { __typename } }",
        user="mo",
        id=feed["createCalendarFeed"]["id"],
    )
    assert revoked["revokeCalendarFeed"]["__typename"] == "Removed"


async def test_feedback_settings_and_insights_are_for_program_admins(gateway: Gateway) -> None:
    program_id, _, _ = await active_match(gateway)
    settings = await eventually(
        lambda: gateway.run(
            """mutation($p: ID!) { updateFeedbackSettings(programId: $p,
               ratingDimensions: ["clarity", "support"], feedbackDueDays: 5) {
               __typename ... on FeedbackSettings { ratingDimensions feedbackDueDays } } }""",
            p=program_id,
        ),
        lambda body: body["data"]["updateFeedbackSettings"]["__typename"] == "FeedbackSettings",
    )
    assert settings["data"]["updateFeedbackSettings"]["ratingDimensions"] == ["clarity", "support"]
    insights = await ok(
        gateway,
        "query($p: ID!) { programInsights(programId: $p) { minGroupSize periods { period } } }",
        p=program_id,
    )
    assert insights["programInsights"]["minGroupSize"] >= 5
    hidden = await ok(
        gateway,
        "query($p: ID!) { programInsights(programId: $p) { minGroupSize } }",
        user="mo",
        p=program_id,
    )
    assert hidden["programInsights"] is None
    outcomes = await ok(
        gateway,
        """query($p: ID!) { programOutcomes(programId: $p) { minGroupSize
           comparisons { name verdict difference ciLow ciHigh } measures { name withheld } } }""",
        p=program_id,
    )
    comparisons = outcomes["programOutcomes"]["comparisons"]
    assert {c["name"] for c in comparisons} >= {"retention_6m", "retention_12m"}
    assert {c["verdict"] for c in comparisons} <= {"WITHHELD", "NOT_YET_OBSERVABLE"}
    assert all(m["withheld"] for m in outcomes["programOutcomes"]["measures"])
    outsider = await ok(
        gateway,
        "query($p: ID!) { programOutcomes(programId: $p) { start } }",
        user="mo",
        p=program_id,
    )
    assert outsider["programOutcomes"] is None
    surveys = await ok(
        gateway, "{ surveys { nodes { kind } } receivedFeedback { nodes { id } } }", user="mo"
    )
    assert isinstance(surveys["surveys"]["nodes"], list)


async def test_notification_preferences_are_checked_and_everything_can_be_marked_read(
    gateway: Gateway,
) -> None:
    await active_match(gateway)
    prefs = await ok(
        gateway,
        """mutation { updateNotificationPreferences(input: {digest: DAILY,
           timezone: "Europe/Paris"}) {
           __typename ... on Preferences { digest effectiveTimezone } } }""",
        user="mo",
    )
    assert prefs["updateNotificationPreferences"]["effectiveTimezone"] == "Europe/Paris"
    bad = await ok(
        gateway,
        'mutation { updateNotificationPreferences(input: {timezone: "Mars/Base"}) { __typename } }',
        user="mo",
    )
    assert bad["updateNotificationPreferences"]["__typename"] == "ValidationFailed"
    marked = await ok(gateway, "mutation { markAllNotificationsRead }", user="mo")
    assert marked["markAllNotificationsRead"] >= 0
    assert (await ok(gateway, "{ unreadNotifications }", user="mo"))["unreadNotifications"] == 0


async def test_a_webhook_endpoint_is_created_rotated_disabled_and_deleted(gateway: Gateway) -> None:
    private = await ok(
        gateway,
        """mutation { createWebhookEndpoint(input: {url: "https://10.0.0.1/hook"}) {
           __typename } }""",
    )
    assert private["createWebhookEndpoint"]["__typename"] == "ValidationFailed"
    member = await ok(
        gateway,
        """mutation { createWebhookEndpoint(input: {url: "https://1.1.1.1/hook"}) {
           __typename } }""",
        user="mo",
    )
    assert member["createWebhookEndpoint"]["__typename"] == "NotAllowed"
    created = await ok(
        gateway,
        """mutation { createWebhookEndpoint(input: {url: "https://1.1.1.1/hook",
           eventTypes: ["mentorship.matching.match.accepted.v1"]}) {
           ... on WebhookEndpoint { id secret enabled } } }""",
    )
    endpoint = created["createWebhookEndpoint"]
    assert endpoint["secret"]
    rotated = await ok(
        gateway,
        "mutation($id: ID!) { rotateWebhookSecret(id: $id) { ... on WebhookEndpoint { secret } } }",
        id=endpoint["id"],
    )
    assert rotated["rotateWebhookSecret"]["secret"] != endpoint["secret"]
    disabled = await ok(
        gateway,
        """mutation($id: ID!) { updateWebhookEndpoint(id: $id, input: {enabled: false}) {
           ... on WebhookEndpoint { enabled } } }""",
        id=endpoint["id"],
    )
    assert disabled["updateWebhookEndpoint"] == {"enabled": False}
    listed = await ok(gateway, "{ webhookEndpoints { nodes { url secret } } }")
    assert listed["webhookEndpoints"]["nodes"] == [{"url": "https://1.1.1.1/hook", "secret": None}]
    removed = await ok(
        gateway,
        "mutation($id: ID!) { deleteWebhookEndpoint(id: $id) { __typename } }",
        id=endpoint["id"],
    )
    assert removed["deleteWebhookEndpoint"]["__typename"] == "Removed"
    gone = await ok(
        gateway, "query($id: ID!) { webhookEndpoint(id: $id) { id } }", id=endpoint["id"]
    )
    assert gone["webhookEndpoint"] is None


async def test_a_programs_slack_channel_is_read_and_set_by_its_admins(gateway: Gateway) -> None:
    program = await ok(
        gateway, 'mutation { createProgram(input: {name: "Chat"}) { ... on Program { id } } }'
    )
    program_id = program["createProgram"]["id"]
    read = "query($id: ID!) { programSlack(programId: $id) { configured host } }"
    # notifications learns the program from matching's event
    await eventually(
        lambda: ok(gateway, read, id=program_id), lambda data: data["programSlack"] is not None
    )
    assert (await ok(gateway, read, id=program_id))["programSlack"] == {
        "configured": False,
        "host": None,
    }
    assert (await ok(gateway, read, user="ming", id=program_id))["programSlack"] is None
    refused = await ok(
        gateway,
        """mutation($id: ID!) { setProgramSlackWebhook(programId: $id, url: "ftp://x/y") {
           __typename ... on ValidationFailed { fields { field } } } }""",
        id=program_id,
    )
    assert refused["setProgramSlackWebhook"] == {
        "__typename": "ValidationFailed",
        "fields": [{"field": "url"}],  # the argument, not the service's field
    }
    stranger = await ok(
        gateway,
        """mutation($id: ID!) { setProgramSlackWebhook(programId: $id, url: null) {
           __typename } }""",
        user="ming",
        id=program_id,
    )
    assert stranger["setProgramSlackWebhook"] == {"__typename": "NotFound"}
