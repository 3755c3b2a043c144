"""Issue 16 and issue 12 item 8 through GraphQL on the embedded backend: a cohort without free
places is a draft, bad weight overrides are ValidationFailed (not "Unexpected error"), the
objective and seed are run settings, and a run answers "why not X?"."""

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from mentorship.embedded import create_embedded_app, dev_issuer
from tests.gateway.test_graphql_api import Gateway
from tests.infra.apps import serve

pytestmark = pytest.mark.embedded

RUN = """mutation($program: ID!, $input: RunInput) {
  createMatchingRun(programId: $program, input: $input) {
    __typename
    ... on MatchingRun { id status mode settings { seed objective weights { factor weight } }
      report { mode objective seed mentees mentors matched unmatched matchRate totalScore
        feasiblePairs blockingPairs error timingsSeconds { scores solveAndCertify solve }
        certificate { exact gapUnits upperBoundUnits objectiveUnits } }
      fairness { attribute groups { value mentees matched matchRate meanScore } }
      pairs { menteeUserId mentorUserId menteeParticipantId mentorParticipantId score }
      unmatched { menteeUserId menteeParticipantId reason detail
        rejections { constraint mentors } } }
    ... on ValidationFailed { message fields { field message } }
  } }"""


@pytest.fixture
async def gateway(tmp_path: Path) -> AsyncIterator[Gateway]:
    async with serve(create_embedded_app(tmp_path)) as client:
        yield Gateway(client, dev_issuer(tmp_path))


async def ok(gateway: Gateway, query: str, **variables: Any) -> dict[str, Any]:
    body = await gateway.run(query, **variables)
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


async def program_with(gateway: Gateway, people: list[tuple[str, str, dict[str, Any]]]) -> str:
    created = await ok(
        gateway,
        """mutation { createProgram(input: {name: "Fair",
           settings: {weights: [{factor: SKILLS, weight: 1}]}}) {
           ... on Program { id settings { objective } } } }""",
    )
    assert created["createProgram"]["settings"]["objective"] == "MAX_MATCHED"
    program_id: str = created["createProgram"]["id"]
    for user, role, profile in people:
        await ok(
            gateway,
            """mutation($input: EnrolmentInput!) { enrol(input: $input) {
               ... on Participant { id } } }""",
            input={
                "programId": program_id,
                "userId": user,
                "role": role,
                "displayName": user,
                "profile": {"languages": ["en"], **profile},
                **({"capacity": 1} if role == "MENTOR" else {}),
            },
        )
    return program_id


async def test_a_run_of_a_cohort_without_mentors_is_a_draft_leaving_everyone_unmatched(
    gateway: Gateway,
) -> None:
    lonely = await program_with(
        gateway, [("amy", "MENTEE", {"skillsWanted": [{"skill": "go", "level": 2}]})]
    )
    empty = (await ok(gateway, RUN, program=lonely))["createMatchingRun"]
    assert empty["__typename"] == "MatchingRun"
    assert empty["status"] == "DRAFT", empty["report"]
    assert [(u["reason"], u["detail"]) for u in empty["unmatched"]] == [
        ("NO_FREE_PLACE", "No mentor has a free place.")
    ]


async def two_mentees_two_mentors(gateway: Gateway) -> str:
    """A and B ask for s1 and s2; X offers both, Y only s1; B excludes Y."""
    return await program_with(
        gateway,
        [
            ("A", "MENTEE", {"skillsWanted": [{"skill": "s1", "level": 4}]}),
            ("B", "MENTEE", {"skillsWanted": [{"skill": "s2", "level": 4}], "exclusions": ["Y"]}),
            (
                "X",
                "MENTOR",
                {"skillsOffered": [{"skill": "s1", "level": 4}, {"skill": "s2", "level": 1}]},
            ),
            ("Y", "MENTOR", {"skillsOffered": [{"skill": "s1", "level": 2}]}),
        ],
    )


async def test_bad_run_weights_are_refused_naming_their_field(gateway: Gateway) -> None:
    program_id = await two_mentees_two_mentors(gateway)
    for bad, field in (
        ({"weights": [{"factor": "SKILLS", "weight": 0}]}, "input.weights"),
        ({"weights": [{"factor": "SKILLS", "weight": 150}]}, "input.weights"),
        ({"mentorView": [{"factor": "SKILLS", "weight": -3}]}, "input.mentorView"),
    ):
        refused = (await ok(gateway, RUN, program=program_id, input=bad))["createMatchingRun"]
        assert refused["__typename"] == "ValidationFailed", refused
        assert any(field in f["field"] for f in refused["fields"]), refused


async def test_an_optimal_run_reports_its_certificate_and_fairness_a_stable_one_its_blocking_pairs(
    gateway: Gateway,
) -> None:
    program_id = await two_mentees_two_mentors(gateway)
    run = (await ok(gateway, RUN, program=program_id, input={"seed": 7}))["createMatchingRun"]
    assert run["settings"]["seed"] == 7
    report = run["report"]
    assert (run["mode"], report["mode"], report["objective"], report["seed"]) == (
        "OPTIMAL",
        "OPTIMAL",
        "MAX_MATCHED",
        7,
    )
    assert (report["mentees"], report["mentors"], report["matched"], report["unmatched"]) == (
        2,
        2,
        2,
        0,
    )
    assert report["matchRate"] == 1.0
    assert report["error"] is None
    assert report["blockingPairs"] is None
    assert report["timingsSeconds"]["solve"] is None
    assert report["timingsSeconds"]["solveAndCertify"] is not None
    assert report["certificate"]["exact"] is True
    assert report["certificate"]["gapUnits"] == 0
    fairness = {entry["attribute"]: entry["groups"] for entry in run["fairness"]}
    assert set(fairness) >= {"department", "seniority_band", "enrolment_quartile"}
    [department] = fairness["department"]
    assert (department["value"], department["mentees"], department["matched"]) == ("unknown", 2, 2)
    assert department["matchRate"] == 1.0
    assert isinstance(department["meanScore"], float)
    stable = (await ok(gateway, RUN, program=program_id, input={"mode": "STABLE", "seed": 7}))[
        "createMatchingRun"
    ]
    assert (stable["mode"], stable["report"]["mode"]) == ("STABLE", "STABLE")
    assert stable["report"]["blockingPairs"] == 0
    assert stable["report"]["certificate"] is None
    assert stable["report"]["timingsSeconds"]["solve"] is not None
    assert {(p["menteeUserId"], p["mentorUserId"]) for p in run["pairs"]} == {
        ("A", "Y"),
        ("B", "X"),
    }


async def test_max_total_leaves_a_mentee_outscored_and_why_not_says_by_whom(
    gateway: Gateway,
) -> None:
    program_id = await two_mentees_two_mentors(gateway)
    best = (
        await ok(gateway, RUN, program=program_id, input={"objective": "MAX_TOTAL", "seed": 7})
    )["createMatchingRun"]
    assert [(p["menteeUserId"], p["mentorUserId"]) for p in best["pairs"]] == [("A", "X")]
    assert (best["settings"]["objective"], best["settings"]["seed"]) == ("MAX_TOTAL", 7)
    assert isinstance(best["unmatched"][0]["rejections"], list)
    b_id = best["unmatched"][0]["menteeParticipantId"]
    x_id = best["pairs"][0]["mentorParticipantId"]
    why = await ok(
        gateway,
        """query($run: ID!, $mentee: ID!, $mentor: ID!) { matchingRun(id: $run) {
             whyNot(menteeParticipantId: $mentee, mentorParticipantId: $mentor) {
               menteeOutcome forbidden pairedInRun mentorCapacity
               explanation { feasible score } placesTakenBy { menteeUserId score } } } }""",
        run=best["id"],
        mentee=b_id,
        mentor=x_id,
    )
    answer = why["matchingRun"]["whyNot"]
    assert answer["menteeOutcome"] == "outscored"
    assert answer["forbidden"] is False
    assert answer["explanation"]["feasible"] is True
    assert [p["menteeUserId"] for p in answer["placesTakenBy"]] == ["A"]


async def test_graphql_weight_suggestion_says_too_little_data_and_suggests_nothing(
    gateway: Gateway,
) -> None:
    program_id = await program_with(
        gateway,
        [
            ("A", "MENTEE", {"skillsWanted": [{"skill": "s1", "level": 4}]}),
            ("X", "MENTOR", {"skillsOffered": [{"skill": "s1", "level": 4}]}),
        ],
    )
    found = await ok(
        gateway,
        """query($p: ID!) { weightSuggestion(programId: $p) { relationships minRelationships
           message effects { factor } suggestedWeights { factor weight } } }""",
        p=program_id,
    )
    suggestion = found["weightSuggestion"]
    assert (suggestion["relationships"], suggestion["minRelationships"]) == (0, 30)
    assert (suggestion["effects"], suggestion["suggestedWeights"]) == ([], None)
    assert suggestion["message"].startswith("Too little data")
    run = (await ok(gateway, RUN, program=program_id))["createMatchingRun"]
    tried = await ok(
        gateway,
        """mutation($r: ID!) { whatIfWithSuggestedWeights(runId: $r) {
           __typename ... on Conflict { message } } }""",
        r=run["id"],
    )
    assert tried["whatIfWithSuggestedWeights"]["__typename"] == "Conflict"
