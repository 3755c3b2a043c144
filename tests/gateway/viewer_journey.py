"""The journey through `viewer` and the mentor directory, as the mentee and as the mentor:
the mentee finds her mentor in the directory and asks him; each then finds their program,
their match with the partner, goals and next check-in, and answers what their to-do list asks
with the mutation and arguments the list names. The embedded test (tests/gateway) and the
distributed one (tests/e2e) both run it."""

from collections.abc import Callable
from typing import Any

from tests.gateway.gateway_live import GraphQL
from tests.gateway.journey import COMPLETE, ENROL
from tests.infra.apps import eventually

VIEWER = """{ viewer { userId orgId roles isOrgAdmin
  participations { participantId role status program { id name } }
  matches { role awaitsViewer match { id status awaiting }
    partner { userId displayName } goals { id title status } nextCheckin { id status } }
  nextCheckin { id startsAt }
  todo { id kind title objectId objectType mutation matchId programId dueAt
    actions { mutation label arguments { name value } }
    target { __typename ... on Match { id status } ... on Goal { id title }
      ... on FeedbackRequest { id aboutUserId } ... on Survey { id } } } } }"""
PROPOSE = """mutation($programId: ID!, $mentor: ID!, $mentee: ID!) { proposeMatch(
  programId: $programId, mentorParticipantId: $mentor, menteeParticipantId: $mentee) {
  __typename ... on Match { id status awaiting } } }"""
DIRECTORY = """query($programId: ID!, $skills: [String!]) {
  mentorDirectory(programId: $programId, skills: $skills) { __typename ... on MentorDirectory {
    totalCount nodes { mentorParticipantId mentorUserId displayName atCapacity freePlaces
      explanation { score feasible } } } } }"""
ANSWERS = {
    "acceptMatch": "mutation($id: ID!) { acceptMatch(id: $id) { __typename } }",
    "transitionGoal": """mutation($id: ID!, $action: GoalAction!) {
      transitionGoal(id: $id, action: $action) { __typename } }""",
    "submitFeedback": """mutation($requestId: ID!, $input: FeedbackInput!) {
      submitFeedback(requestId: $requestId, input: $input) { __typename } }""",
}


async def viewer(gql: GraphQL, user: str) -> dict[str, Any]:
    data: dict[str, Any] = (await gql(user, VIEWER))["viewer"]
    return data


def kinds(view: dict[str, Any]) -> list[str]:
    return [item["kind"] for item in view["todo"]]


async def answer(gql: GraphQL, user: str, item: dict[str, Any], **extra: Any) -> str:
    """Run the item's first action with the arguments the item names (plus `extra`)."""
    [action] = [a for a in item["actions"] if a["mutation"] == item["mutation"]][:1]
    variables = {arg["name"]: arg["value"] for arg in action["arguments"]}
    result = await gql(user, ANSWERS[action["mutation"]], **variables, **extra)
    typename: str = result[action["mutation"]]["__typename"]
    return typename


async def viewer_journey(
    gql: GraphQL, program_id: str, logs: Callable[[], str] = lambda: ""
) -> None:
    # Both enrol; each sees the program they are in, in their role, and nothing awaits them.
    ids = {}
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
        ids[user] = enrolled["id"]
    ming = await viewer(gql, "ming")
    assert (ming["userId"], ming["orgId"], ming["roles"], ming["isOrgAdmin"]) == (
        "ming",
        gql.org,
        [],
        False,
    )
    [participation] = ming["participations"]
    assert participation["participantId"] == ids["ming"]
    assert (participation["role"], participation["status"]) == ("MENTEE", "ACTIVE")
    assert participation["program"]["id"] == program_id
    assert (ming["matches"], ming["todo"], ming["nextCheckin"]) == ([], [], None)

    # She browses the program's mentor directory for the skill she wants and finds him,
    # scored and explained, with a free place; nobody with another skill is listed.
    found = (await gql("ming", DIRECTORY, programId=program_id, skills=["python"]))[
        "mentorDirectory"
    ]
    assert found["__typename"] == "MentorDirectory", found
    [mentor] = found["nodes"]
    assert (mentor["mentorUserId"], mentor["displayName"]) == ("mo", "Mo")
    assert (mentor["atCapacity"], mentor["explanation"]["feasible"]) == (False, True)
    assert mentor["explanation"]["score"] > 0
    nobody = (await gql("ming", DIRECTORY, programId=program_id, skills=["cobol"]))[
        "mentorDirectory"
    ]
    assert nobody["totalCount"] == 0

    # The mentee asks the mentor she found; the request awaits him, not her.
    pair = {"mentor": mentor["mentorParticipantId"], "mentee": ids["ming"]}
    match = (await gql("ming", PROPOSE, programId=program_id, **pair))["proposeMatch"]
    assert match["__typename"] == "Match", match
    assert (match["status"], match["awaiting"]) == ("PROPOSED", ["mo"])
    ming = await viewer(gql, "ming")
    [mine] = ming["matches"]
    assert (mine["role"], mine["awaitsViewer"]) == ("MENTEE", False)
    assert mine["match"]["id"] == match["id"]
    assert mine["partner"] == {"userId": "mo", "displayName": "Mo"}
    assert ming["todo"] == []

    # The mentor's to-do names the proposal and the mutation that answers it; he accepts.
    mo = await viewer(gql, "mo")
    [item] = mo["todo"]
    assert item["kind"] == "ANSWER_PROPOSAL"
    assert (item["objectType"], item["objectId"]) == ("Match", match["id"])
    assert item["matchId"] == match["id"]
    assert item["programId"] == program_id
    assert item["target"] == {"__typename": "Match", "id": match["id"], "status": "PROPOSED"}
    assert "Ming" in item["title"]
    assert [a["mutation"] for a in item["actions"]] == ["acceptMatch", "declineMatch"]
    assert item["mutation"] == "acceptMatch"
    assert await answer(gql, "mo", item) == "Match"

    # Once the match starts: the program's goal awaits the mentor's acknowledgement, and both
    # see the goal and the first check-in on their match.
    def started(view: dict[str, Any]) -> bool:
        [entry] = view["matches"]
        return bool(entry["goals"]) and entry["nextCheckin"] is not None and bool(view["todo"])

    mo = await eventually(lambda: viewer(gql, "mo"), started)
    assert started(mo), (mo, logs())
    [entry] = mo["matches"]
    assert (entry["role"], entry["awaitsViewer"], entry["match"]["status"]) == (
        "MENTOR",
        False,
        "ACTIVE",
    )
    assert entry["partner"]["displayName"] == "Ming"
    [goal] = entry["goals"]
    assert goal["title"] == "Ship a talk"
    [item] = mo["todo"]
    assert item["kind"] == "ACKNOWLEDGE_GOAL"
    assert (item["objectType"], item["objectId"]) == ("Goal", goal["id"])
    assert item["target"] == {"__typename": "Goal", "id": goal["id"], "title": "Ship a talk"}
    assert item["mutation"] == "transitionGoal"
    assert await answer(gql, "mo", item) == "Goal"
    assert kinds(await viewer(gql, "mo")) == []

    ming = await eventually(lambda: viewer(gql, "ming"), lambda v: v["nextCheckin"] is not None)
    [mine] = ming["matches"]
    assert [g["title"] for g in mine["goals"]] == ["Ship a talk"]
    assert ming["nextCheckin"]["id"] == entry["nextCheckin"]["id"] == mine["nextCheckin"]["id"]
    assert ming["todo"] == []  # the mentee does not acknowledge her own goal

    # The check-in is held: each is asked for feedback, and answering clears the item.
    done = await gql("mo", COMPLETE, id=entry["nextCheckin"]["id"])
    assert done["completeCheckin"]["status"] == "COMPLETED", done
    ming = await eventually(lambda: viewer(gql, "ming"), lambda v: "GIVE_FEEDBACK" in kinds(v))
    [item] = [i for i in ming["todo"] if i["kind"] == "GIVE_FEEDBACK"]
    assert item["target"]["__typename"] == "FeedbackRequest"
    assert item["target"]["aboutUserId"] == "mo"
    assert "Mo" in item["title"]
    assert item["dueAt"] is not None
    feedback = {
        "ratings": [
            {"dimension": d, "value": 5} for d in ("preparation", "listening", "usefulness")
        ],
        "wantsToContinue": True,
    }
    assert await answer(gql, "ming", item, input=feedback) == "FeedbackSubmission"
    assert "GIVE_FEEDBACK" not in kinds(await viewer(gql, "ming"))
    mo = await eventually(lambda: viewer(gql, "mo"), lambda v: "GIVE_FEEDBACK" in kinds(v))
    [item] = mo["todo"]
    assert item["target"]["aboutUserId"] == "ming"
