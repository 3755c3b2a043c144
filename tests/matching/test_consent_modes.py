"""Consent from both sides: whom a proposal awaits in each approval mode, partial acceptances,
declines, a person's own request and its withdrawal, and the events each step publishes."""

from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from kit.events.envelope import decode
from tests.backends import Backend
from tests.infra.apps import eventually
from tests.matching.conftest import Headers

Enrol = Callable[..., Awaitable[dict[str, Any]]]
NewProgram = Callable[..., Awaitable[str]]


async def events_of(backend: Backend, match_id: str, last: str) -> list[str]:
    """The match's published events (short names, in order) once `last` is among them."""

    async def read() -> list[str]:
        events = [decode(record) for record in await backend.published("matching")]
        return [e.type.split(".")[3] for e in events if e.subject == match_id]

    return await eventually(read, lambda found: last in found)


class Pair:
    """A program with one mentee (amy) and one mentor (max), and calls on their match."""

    def __init__(self, api: httpx.AsyncClient, as_user: Headers, program_id: str) -> None:
        self.api = api
        self.as_user = as_user
        self.program_id = program_id
        self.mentee: dict[str, Any] = {}
        self.mentor: dict[str, Any] = {}

    async def propose(self, who: str = "ada") -> httpx.Response:
        body = {
            "mentee_participant_id": self.mentee["id"],
            "mentor_participant_id": self.mentor["id"],
        }
        return await self.api.post(
            f"/v1/programs/{self.program_id}/matches",
            json=body,
            headers=self.as_user(who, admin=who == "ada"),
        )

    async def act(self, match_id: str, action: str, who: str, **body: Any) -> httpx.Response:
        return await self.api.post(
            f"/v1/matches/{match_id}/{action}",
            json=body if action != "accept" else None,
            headers=self.as_user(who, admin=who == "ada"),
        )


@pytest.fixture
def pair_in(
    api: httpx.AsyncClient, as_user: Headers, new_program: NewProgram, enrol: Enrol
) -> Callable[[str], Awaitable[Pair]]:
    async def make(approval: str) -> Pair:
        program_id = await new_program(settings={"approval": approval})
        pair = Pair(api, as_user, program_id)
        pair.mentee = await enrol(program_id, "amy", "mentee", skills_wanted={"python": 2})
        pair.mentor = await enrol(program_id, "max", "mentor", skills_offered={"python": 4})
        return pair

    return make


MakePair = Callable[[str], Awaitable[Pair]]


@pytest.mark.parametrize(
    ("approval", "awaited", "bystander"),
    [("mentor_accepts", "max", "amy"), ("mentee_accepts", "amy", "max")],
)
async def test_a_one_sided_proposal_is_answered_by_whom_it_awaits_only(
    pair_in: MakePair, backend: Backend, approval: str, awaited: str, bystander: str
) -> None:
    pair = await pair_in(approval)
    proposed = await pair.propose()
    assert proposed.status_code == 201, proposed.text
    match = proposed.json()
    assert (match["status"], match["awaiting"], match["accepted_by"]) == (
        "proposed",
        [awaited],
        [],
    )
    for action in ("accept", "decline"):
        refused = await pair.act(match["id"], action, bystander)
        assert (refused.status_code, refused.json()["code"]) == (403, "consent-not-awaited")
    accepted = await pair.act(match["id"], "accept", awaited)
    assert accepted.status_code == 200, accepted.text
    assert (accepted.json()["status"], accepted.json()["awaiting"]) == ("active", [])
    assert accepted.json()["accepted_by"] == [awaited]
    assert await events_of(backend, match["id"], "activated") == [
        "proposed",
        "accepted",
        "activated",
    ]


async def test_the_mentee_declines_a_proposal_made_to_her_in_mentee_accepts(
    pair_in: MakePair, backend: Backend
) -> None:
    pair = await pair_in("mentee_accepts")
    match = (await pair.propose()).json()
    declined = await pair.act(match["id"], "decline", "amy", reason="not now")
    assert declined.status_code == 200, declined.text
    assert (declined.json()["status"], declined.json()["end_reason"]) == ("declined", "not now")
    again = await pair.act(match["id"], "accept", "amy")
    assert (again.status_code, again.json()["code"]) == (409, "match-not-proposed")
    assert await events_of(backend, match["id"], "declined") == ["proposed", "declined"]


async def test_both_accept_needs_both_and_announces_the_acceptance_once_complete(
    pair_in: MakePair, backend: Backend
) -> None:
    pair = await pair_in("both_accept")
    match = (await pair.propose()).json()
    assert sorted(match["awaiting"]) == ["amy", "max"]
    half = await pair.act(match["id"], "accept", "amy")
    assert half.status_code == 200, half.text
    assert (half.json()["status"], half.json()["awaiting"], half.json()["accepted_by"]) == (
        "proposed",
        ["max"],
        ["amy"],
    )
    repeated = await pair.act(match["id"], "accept", "amy")  # a retried click changes nothing
    assert (repeated.status_code, repeated.json()["accepted_by"]) == (200, ["amy"])
    read = await pair.api.get(f"/v1/matches/{match['id']}", headers=pair.as_user("max"))
    assert (read.json()["awaiting"], read.json()["accepted_by"]) == (["max"], ["amy"])
    done = await pair.act(match["id"], "accept", "max")
    assert done.status_code == 200, done.text
    assert (done.json()["status"], done.json()["accepted_by"]) == ("active", ["amy", "max"])
    # One `accepted`, after the second consent: the first one published nothing.
    assert await events_of(backend, match["id"], "activated") == [
        "proposed",
        "accepted",
        "activated",
    ]


async def test_in_both_accept_either_may_still_decline_after_the_other_accepted(
    pair_in: MakePair, backend: Backend
) -> None:
    pair = await pair_in("both_accept")
    match = (await pair.propose()).json()
    await pair.act(match["id"], "accept", "max")
    declined = await pair.act(match["id"], "decline", "amy", reason="another mentor")
    assert declined.json()["status"] == "declined"
    assert await events_of(backend, match["id"], "declined") == ["proposed", "declined"]


async def test_admin_assigns_needs_no_consent_and_an_admin_may_accept_for_everyone(
    pair_in: MakePair,
) -> None:
    assigned = await (await pair_in("admin_assigns")).propose()
    assert (assigned.json()["status"], assigned.json()["awaiting"]) == ("active", [])
    pair = await pair_in("both_accept")
    match = (await pair.propose()).json()
    overridden = await pair.act(match["id"], "accept", "ada")
    assert (overridden.json()["status"], overridden.json()["accepted_by"]) == ("active", [])


@pytest.mark.parametrize("approval", ["mentor_accepts", "mentee_accepts", "both_accept"])
async def test_a_mentees_own_request_awaits_the_mentor_and_she_may_withdraw_it(
    pair_in: MakePair, backend: Backend, approval: str
) -> None:
    pair = await pair_in(approval)
    asked = await pair.propose("amy")
    assert asked.status_code == 201, asked.text
    match = asked.json()
    assert (match["awaiting"], match["accepted_by"], match["proposed_by"]) == (
        ["max"],
        ["amy"],
        "amy",
    )
    own = await pair.act(match["id"], "decline", "amy")
    assert (own.status_code, own.json()["code"]) == (403, "own-request")
    not_hers = await pair.act(match["id"], "withdraw", "max")
    assert (not_hers.status_code, not_hers.json()["code"]) == (403, "not-your-request")
    stranger = await pair.act(match["id"], "withdraw", "zed")
    assert stranger.status_code == 404
    withdrawn = await pair.act(match["id"], "withdraw", "amy", reason="found one")
    assert withdrawn.status_code == 200, withdrawn.text
    assert (withdrawn.json()["status"], withdrawn.json()["end_reason"]) == (
        "withdrawn",
        "found one",
    )
    assert withdrawn.json()["awaiting"] == []
    late = await pair.act(match["id"], "accept", "max")
    assert (late.status_code, late.json()["code"]) == (409, "match-not-proposed")
    twice = await pair.act(match["id"], "withdraw", "amy")
    assert (twice.status_code, twice.json()["code"]) == (409, "match-not-proposed")
    assert await events_of(backend, match["id"], "withdrawn") == [
        "proposed",
        "withdrawn",
    ]
    records = [decode(r) for r in await backend.published("matching")]
    [event] = [e for e in records if e.type.endswith("match.withdrawn.v1")]
    assert (event.data["withdrawn_by_user_id"], event.data["reason"]) == ("amy", "found one")
    # The place is free again: she may ask once more.
    assert (await pair.propose("amy")).status_code == 201


async def test_a_mentors_offer_awaits_the_mentee_even_where_mentors_accept(
    pair_in: MakePair, backend: Backend
) -> None:
    pair = await pair_in("mentor_accepts")
    offered = await pair.propose("max")
    assert offered.status_code == 201, offered.text
    match = offered.json()
    assert (match["awaiting"], match["accepted_by"]) == (["amy"], ["max"])
    accepted = await pair.act(match["id"], "accept", "amy")
    assert accepted.json()["status"] == "active"
    assert await events_of(backend, match["id"], "activated") == [
        "proposed",
        "accepted",
        "activated",
    ]


async def test_a_run_published_in_mentee_accepts_awaits_each_mentee(
    api: httpx.AsyncClient, as_user: Headers, new_program: NewProgram, enrol: Enrol
) -> None:
    program_id = await new_program(settings={"approval": "mentee_accepts"})
    amy = await enrol(program_id, "amy", "mentee", skills_wanted={"python": 2})
    await enrol(program_id, "max", "mentor", skills_offered={"python": 4})
    admin = as_user("ada", admin=True)
    run = (await api.post(f"/v1/programs/{program_id}/runs", json={}, headers=admin)).json()
    published = await api.post(f"/v1/runs/{run['id']}/publish", headers=admin)
    assert published.status_code == 200, published.text
    [match] = (await api.get(f"/v1/programs/{program_id}/matches", headers=admin)).json()["items"]
    assert (match["awaiting"], match["accepted_by"]) == (["amy"], [])
    assert match["mentee_participant_id"] == amy["id"]
    withdraw = await api.post(f"/v1/matches/{match['id']}/withdraw", headers=as_user("ada"))
    assert withdraw.json()["code"] == "not-your-request"  # a run's pair is nobody's request
    accepted = await api.post(f"/v1/matches/{match['id']}/accept", headers=as_user("amy"))
    assert accepted.json()["status"] == "active"


async def test_a_refused_request_names_the_field_and_the_constraint(
    api: httpx.AsyncClient, as_user: Headers, new_program: NewProgram, enrol: Enrol
) -> None:
    program_id = await new_program()
    amy = await enrol(program_id, "amy", "mentee", skills_wanted={"python": 2})
    far = await enrol(program_id, "fay", "mentor", skills_offered={"python": 4}, languages=["fr"])
    refused = await api.post(
        f"/v1/programs/{program_id}/matches",
        json={"mentee_participant_id": amy["id"], "mentor_participant_id": far["id"]},
        headers=as_user("amy"),
    )
    assert refused.status_code == 422
    problem = refused.json()
    assert problem["code"] == "pair-not-allowed"
    assert problem["type"].endswith("/pair-not-allowed")
    assert problem["errors"] == [
        {
            "location": ["body", "mentor_participant_id"],
            "field": "mentor_participant_id",
            "message": "They have no language in common.",
            "type": "no_shared_language",
        }
    ]
    assert "no language in common" in problem["detail"]
    assert [r["constraint"] for r in problem["rejected_by"]] == ["no_shared_language"]


async def test_leaving_the_program_withdraws_her_own_request_and_declines_proposals_to_her(
    pair_in: MakePair, enrol: Enrol, backend: Backend
) -> None:
    pair = await pair_in("mentee_accepts")
    asked = (await pair.propose("amy")).json()
    other = await enrol(pair.program_id, "bea", "mentee", skills_wanted={"python": 2})
    pair.mentee = other
    proposed_to_bea = (await pair.propose()).json()
    for who, participant in (("amy", asked["mentee_participant_id"]), ("bea", other["id"])):
        left = await pair.api.post(
            f"/v1/participants/{participant}/withdraw", headers=pair.as_user(who)
        )
        assert left.status_code == 200, left.text
    admin = pair.as_user("ada", admin=True)
    for match, status, event in (
        (asked, "withdrawn", "withdrawn"),
        (proposed_to_bea, "declined", "declined"),
    ):
        read = await pair.api.get(f"/v1/matches/{match['id']}", headers=admin)
        assert read.json()["status"] == status
        assert await events_of(backend, match["id"], event) == ["proposed", event]
