"""The mentorship journey through GraphQL alone, step by step: one script that the embedded
test (tests/gateway) and the distributed one (tests/e2e) both run against their backends."""

from collections.abc import Callable
from typing import Any

from tests.gateway.gateway_live import GraphQL, Subscription
from tests.infra.apps import eventually

NOTIFIED = "subscription { notificationReceived { category title } }"
MATCHES = (
    "subscription($id: ID!) { matchUpdated(programId: $id) { change matchId match { status } } }"
)
CREATE = """mutation($input: ProgramInput!) { createProgram(input: $input) {
  __typename ... on Program { id goalTemplates { title milestones } } } }"""
ENROL = """mutation($input: EnrolmentInput!) { enrol(input: $input) {
  __typename ... on Participant {
    id userId role profile { skillsOffered { skill level } languages } } } }"""
RUN = """mutation($id: ID!) { createMatchingRun(programId: $id) { __typename ... on MatchingRun {
  id status unmatched { menteeUserId reason }
  pairs { score mentor { userId } mentee { userId }
          explanation { score feasible contributions { factor points } } } } } }"""
PUBLISH = """mutation($id: ID!) { publishMatchingRun(runId: $id) {
  __typename ... on MatchingRun { status } } }"""
MY_MATCH = """query($id: ID!) { matches(programId: $id) { nodes { id status awaiting
  mentor { userId } mentee { userId displayName }
  explanation { score runId mode contributions { factor points } }
  goals { id title status milestones { id title } } nextCheckin { id status startsAt } } } }"""
ACCEPT = """mutation($id: ID!) { acceptMatch(id: $id) { __typename ... on Match { status } } }"""
COMPLETE = """mutation($id: ID!) { completeCheckin(id: $id, note: {body: "Good start"}) {
  __typename ... on Checkin { status notes { body } } } }"""
REQUESTS = "{ feedbackRequests { nodes { id aboutUserId dimensions status } } }"
SUBMIT = """mutation($id: ID!, $input: FeedbackInput!) { submitFeedback(requestId: $id,
  input: $input) { __typename ... on FeedbackSubmission { wantsToContinue ratings { value } } } }"""
HEALTH = """query($id: ID!) { relationshipHealth(matchId: $id) { score atRisk computedAt
  signals { name contribution } } }"""
OUTCOMES = """query($id: ID!) { programOutcomes(programId: $id) { comparisons { name verdict } }
  weightSuggestion(programId: $id) { message suggestedWeights { factor weight } } }"""


def categories(seen: list[dict[str, Any]]) -> list[str]:
    """The categories received, in the services' own (lowercase) words."""
    return [item["notificationReceived"]["category"].lower() for item in seen]


def has(*wanted: str) -> Callable[[list[dict[str, Any]]], bool]:
    """True once every wanted category arrived (as many times as it is listed)."""

    def done(seen: list[dict[str, Any]]) -> bool:
        got = categories(seen)
        return all(got.count(category) >= wanted.count(category) for category in wanted)

    return done


async def create_program(gql: GraphQL) -> dict[str, Any]:
    """A program whose approval awaits the mentor, with one goal template."""
    created = await gql(
        "ada",
        CREATE,
        admin=True,
        input={
            "name": "Journey",
            "settings": {"approval": "MENTOR_ACCEPTS"},
            "goalTemplates": [{"title": "Ship a talk", "milestones": ["Outline", "Rehearse"]}],
        },
    )
    program: dict[str, Any] = created["createProgram"]
    assert program["__typename"] == "Program", program
    assert program["goalTemplates"] == [
        {"title": "Ship a talk", "milestones": ["Outline", "Rehearse"]}
    ]
    return program


async def journey(
    gql: GraphQL,
    program_id: str,
    mentor_feed: Subscription,
    mentee_feed: Subscription,
    admin_feed: Subscription,
    logs: Callable[[], str] = lambda: "",
) -> None:
    """Every step after the program exists, each checked in GraphQL answers and in the feeds;
    `logs` tells a failed assertion what the backend printed."""
    # Mentors and mentees enrol (each signs themselves up).
    for user, role, profile in (
        ("mo", "MENTOR", {"skillsOffered": [{"skill": "python", "level": 5}], "languages": ["en"]}),
        (
            "ming",
            "MENTEE",
            {"skillsWanted": [{"skill": "python", "level": 4}], "languages": ["en"]},
        ),
    ):
        input = {
            "programId": program_id,
            "userId": user,
            "role": role,
            "displayName": user.title(),
            "profile": profile,
        }
        enrolled = (await gql(user, ENROL, input=input))["enrol"]
        assert enrolled["__typename"] == "Participant", enrolled
    for feed in (mentor_feed, mentee_feed):
        seen = await feed.wait_until(has("enrolment"))
        assert "enrolment" in categories(seen), (seen, logs())

    # A matching run is created, reviewed (pairs with per-factor reasons) and published.
    run = (await gql("ada", RUN, admin=True, id=program_id))["createMatchingRun"]
    assert run["status"] == "DRAFT", run
    assert run["unmatched"] == []
    [pair] = run["pairs"]
    assert (pair["mentor"]["userId"], pair["mentee"]["userId"]) == ("mo", "ming")
    assert pair["explanation"]["feasible"] is True
    assert {c["factor"] for c in pair["explanation"]["contributions"]} >= {"SKILLS"}
    published = await gql("ada", PUBLISH, admin=True, id=run["id"])
    assert published["publishMatchingRun"] == {"__typename": "MatchingRun", "status": "PUBLISHED"}
    for feed in (mentor_feed, mentee_feed):
        assert has("matches")(await feed.wait_until(has("matches"))), logs()

    # The proposal awaits the mentor (the program's approval rule); accepting starts it.
    [match] = (await gql("ming", MY_MATCH, id=program_id))["matches"]["nodes"]
    assert match["status"] == "PROPOSED"
    assert match["awaiting"] == ["mo"]
    # A published run's proposal keeps its score explained, with the run that made it.
    assert match["explanation"]["score"] > 0
    assert match["explanation"]["runId"]
    assert "SKILLS" in {c["factor"] for c in match["explanation"]["contributions"]}
    accepted = await gql("mo", ACCEPT, id=match["id"])
    assert accepted["acceptMatch"] == {"__typename": "Match", "status": "ACTIVE"}
    for feed in (mentor_feed, mentee_feed):
        assert has("matches", "matches")(await feed.wait_until(has("matches", "matches")))
    updates = await admin_feed.wait_until(lambda seen: len(seen) >= 3)
    changes = [u["matchUpdated"]["change"] for u in updates[:3]]
    assert changes == ["PROPOSED", "ACCEPTED", "ACTIVATED"], updates
    assert updates[1]["matchUpdated"]["match"] == {"status": "ACTIVE"}
    assert all(u["matchUpdated"]["matchId"] == match["id"] for u in updates)

    # Goals are instantiated from the template and the first check-in is scheduled.
    def started(data: dict[str, Any]) -> bool:
        [node] = data["matches"]["nodes"]
        return bool(node["goals"]) and node["nextCheckin"] is not None

    view = await eventually(lambda: gql("ming", MY_MATCH, id=program_id), started)
    [active] = view["matches"]["nodes"]
    assert started(view), (view, logs())
    assert active["mentee"]["displayName"] == "Ming"
    assert [g["title"] for g in active["goals"]] == ["Ship a talk"]
    assert [m["title"] for m in active["goals"][0]["milestones"]] == ["Outline", "Rehearse"]
    assert active["nextCheckin"]["status"] == "SCHEDULED"
    for feed in (mentor_feed, mentee_feed):
        assert has("checkins")(await feed.wait_until(has("checkins"))), logs()

    # The check-in is held; each side is asked for feedback and answers it.
    done = await gql("mo", COMPLETE, id=active["nextCheckin"]["id"])
    assert done["completeCheckin"]["status"] == "COMPLETED"
    for user, partner in (("mo", "ming"), ("ming", "mo")):
        requests = await eventually(
            lambda user=user: gql(user, REQUESTS),  # type: ignore[misc]
            lambda data: len(data["feedbackRequests"]["nodes"]) > 0,
        )
        [request] = requests["feedbackRequests"]["nodes"]
        assert request["aboutUserId"] == partner
        assert request["status"] == "OPEN"
        ratings = [{"dimension": d, "value": 5} for d in request["dimensions"]]
        feedback = {"ratings": ratings, "wantsToContinue": True, "comment": "Great"}
        submitted = await gql(user, SUBMIT, id=request["id"], input=feedback)
        assert submitted["submitFeedback"]["wantsToContinue"] is True
    for feed in (mentor_feed, mentee_feed):
        assert has("feedback")(await feed.wait_until(has("feedback"))), logs()

    # Relationship health is available to the program's admin, computed from the signals.
    health = await eventually(
        lambda: gql("ada", HEALTH, admin=True, id=match["id"]),
        lambda data: (data["relationshipHealth"] or {}).get("computedAt") is not None,
    )
    assert health["relationshipHealth"]["score"] is not None, (health, logs())
    assert health["relationshipHealth"]["atRisk"] is False
    assert health["relationshipHealth"]["signals"]
    hidden = await gql("ming", HEALTH, id=match["id"])
    assert hidden["relationshipHealth"] is None  # admins only, and it looks missing

    # Outcomes: none is due yet (6 and 12 months on), one relationship is too little to learn.
    outcomes = await gql("ada", OUTCOMES, admin=True, id=program_id)
    verdicts = {c["verdict"] for c in outcomes["programOutcomes"]["comparisons"]}
    assert verdicts == {"NOT_YET_OBSERVABLE"}, outcomes
    assert outcomes["weightSuggestion"]["suggestedWeights"] is None
    assert outcomes["weightSuggestion"]["message"].startswith("Too little data")

    for feed in (mentor_feed, mentee_feed):
        assert set(categories(feed.received)) >= {"enrolment", "matches", "checkins", "feedback"}
        assert feed.errors == []
    assert admin_feed.errors == []
