"""Programs, profiles, explanations, recommendations, runs and the match lifecycle over REST."""

import math
from collections.abc import Awaitable, Callable
from typing import Any
from uuid import uuid4

import httpx
import pytest

from contracts.feedback import RelationshipHealthChangedV1
from tests.backends import Backend
from tests.infra.apps import eventually
from tests.matching.conftest import Headers

Enrol = Callable[..., Awaitable[dict[str, Any]]]
NewProgram = Callable[..., Awaitable[str]]


async def test_program_settings_admins_and_forward_only_status(
    api: httpx.AsyncClient, as_user: Headers, new_program: NewProgram
) -> None:
    program_id = await new_program(
        format="group",
        admin_user_ids=["pam"],
        settings={"mode": "stable", "minimum_score": 40, "approval": "admin_assigns"},
        checkin_cadence="weekly",
        goal_templates=[{"title": "Ship a talk", "milestones": ["outline"]}],
    )
    pam = as_user("pam")
    changed = await api.patch(
        f"/v1/programs/{program_id}",
        json={"settings": {"weights": {"skills": 1, "goals": 1}, "default_capacity": 4}},
        headers=pam,
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["settings"]["default_capacity"] == 4
    assert changed.json()["goal_templates"][0]["title"] == "Ship a talk"
    bad = await api.patch(
        f"/v1/programs/{program_id}", json={"settings": {"weights": {"luck": 1}}}, headers=pam
    )
    assert bad.status_code == 422
    stranger = await api.patch(
        f"/v1/programs/{program_id}", json={"name": "X"}, headers=as_user("x")
    )
    assert stranger.status_code == 403
    url = f"/v1/programs/{program_id}/status"
    assert (await api.post(url, json={"status": "active"}, headers=pam)).status_code == 200
    back = await api.post(url, json={"status": "enrolling"}, headers=pam)
    assert (back.status_code, back.json()["code"]) == (409, "conflict")


async def test_profiles_update_withdraw_and_visibility(
    api: httpx.AsyncClient, as_user: Headers, new_program: NewProgram, enrol: Enrol
) -> None:
    program_id = await new_program()
    bob = await enrol(program_id, "bob", "mentee", skills_wanted={"python": 3})
    url = f"/v1/participants/{bob['id']}"
    updated = await api.patch(
        url,
        json={"profile": {"skills_wanted": {"Go": 2}, "timezone": "Asia/Tokyo"}},
        headers=as_user("bob"),
    )
    assert updated.status_code == 200, updated.text
    assert updated.json()["profile"]["skills_wanted"] == {"go": 2}
    wrong = await api.patch(
        url, json={"profile": {"timezone": "Mars/Olympus"}}, headers=as_user("bob")
    )
    assert wrong.status_code == 422
    assert (await api.get(url, headers=as_user("eve"))).status_code == 404
    assert (await api.get(url, headers=as_user("bob", org="other"))).status_code == 404
    listed = await api.get(f"/v1/programs/{program_id}/participants", headers=as_user("bob"))
    assert [p["user_id"] for p in listed.json()["items"]] == ["bob"]
    gone = await api.post(f"{url}/withdraw", headers=as_user("bob"))
    assert gone.json()["status"] == "withdrawn"


async def test_explanations_sum_and_rejections_name_their_constraint(
    api: httpx.AsyncClient, as_user: Headers, new_program: NewProgram, enrol: Enrol
) -> None:
    program_id = await new_program(settings={"minimum_score": 20})
    mentee = await enrol(
        program_id,
        "bob",
        "mentee",
        skills_wanted={"python": 3},
        manager_user_id="carol",
        goals_text="Grow into a tech lead; code review culture",
    )
    boss = await enrol(program_id, "carol", "mentor", skills_offered={"python": 5})
    other = await enrol(program_id, "dan", "mentor", skills_offered={"python": 5}, languages=["fr"])
    good = await enrol(
        program_id,
        "erin",
        "mentor",
        skills_offered={"python": 4},
        seniority=5,
        goals_text="I was a tech lead for years and love code reviews",
    )
    url = f"/v1/programs/{program_id}/scores"

    async def explain(mentor: dict[str, Any], who: str = "ada") -> dict[str, Any]:
        params = {"mentee_participant_id": mentee["id"], "mentor_participant_id": mentor["id"]}
        response = await api.get(url, params=params, headers=as_user(who, admin=who == "ada"))
        assert response.status_code == 200, response.text
        return dict(response.json())

    fine = await explain(good, who="bob")
    assert fine["feasible"] is True
    assert math.isclose(sum(c["points"] for c in fine["contributions"]), fine["score"])
    assert {c["factor"] for c in fine["contributions"]} >= {"skills", "timezone", "language"}
    evidence = {c["factor"]: c["evidence"] for c in fine["contributions"]}
    assert evidence["skills"] == ["python (wants 3, offers 4)"]
    assert evidence["goals"] == ["leadership", '"code"', '"lead"', '"review"', '"tech"']
    assert [r["constraint"] for r in (await explain(boss))["rejected_by"]] == ["reporting_line"]
    assert "no_shared_language" in [r["constraint"] for r in (await explain(other))["rejected_by"]]
    hidden = await api.get(
        url,
        params={"mentee_participant_id": mentee["id"], "mentor_participant_id": good["id"]},
        headers=as_user("zed"),
    )
    assert hidden.status_code == 404

    recommended = await api.get(
        f"/v1/participants/{mentee['id']}/recommendations", headers=as_user("bob")
    )
    assert recommended.status_code == 200, recommended.text
    assert [r["mentor_user_id"] for r in recommended.json()] == ["erin"]
    # The batch read answers the same, and leaves out mentors, strangers' mentees and unknowns.
    ids = ",".join([str(uuid4()), good["id"], mentee["id"]])
    for who, expected in (("bob", [mentee["id"]]), ("ada", [mentee["id"]]), ("zed", [])):
        batch = await api.get(
            "/v1/recommendations",
            params={"participant_ids": ids},
            headers=as_user(who, admin=who == "ada"),
        )
        assert batch.status_code == 200, batch.text
        items = batch.json()["items"]
        assert [item["participant_id"] for item in items] == expected
        if items:
            assert items[0]["recommendations"] == recommended.json()
    bad = await api.get(
        "/v1/recommendations", params={"participant_ids": "nope"}, headers=as_user("bob")
    )
    assert bad.status_code == 422


async def cohort(program_id: str, enrol: Enrol) -> list[dict[str, Any]]:
    # Goal words weigh by how rare they are in the program: a run, a pair's explanation and a
    # published match's explanation must all weigh them alike.
    texts = ["APIs at scale", "APIs and pricing", "pricing deals", "design systems", "scale"]
    mentees = [
        await enrol(
            program_id,
            f"mentee{i}",
            "mentee",
            skills_wanted={s: 3},
            department="eng",
            goals_text=texts[i],
        )
        for i, s in enumerate(["python", "python", "sales", "design", "python"])
    ]
    await enrol(
        program_id,
        "m1",
        "mentor",
        capacity=2,
        skills_offered={"python": 5},
        goals_text="APIs, scale",
    )
    await enrol(
        program_id,
        "m2",
        "mentor",
        capacity=1,
        skills_offered={"sales": 4, "design": 3},
        goals_text="pricing and design",
    )
    await enrol(
        program_id, "m3", "mentor", capacity=1, skills_offered={"design": 5}, languages=["de"]
    )
    return mentees


@pytest.mark.parametrize("mode", ["optimal", "stable"])
async def test_a_run_is_reviewed_rerun_and_published(
    api: httpx.AsyncClient, as_user: Headers, new_program: NewProgram, enrol: Enrol, mode: str
) -> None:
    program_id = await new_program(settings={"mode": mode, "approval": "mentor_accepts"})
    await cohort(program_id, enrol)
    admin = as_user("ada", admin=True)
    created = await api.post(
        f"/v1/programs/{program_id}/runs", json={"fairness_attributes": ["site"]}, headers=admin
    )
    assert created.status_code == 201, created.text
    run = created.json()
    assert run["status"] == "draft"
    assert run["mode"] == mode
    assert len(run["pairs"]) == 3
    assert len(run["unmatched"]) == 2
    if mode == "optimal":
        assert run["report"]["certificate"]["gap_units"] == 0
    else:
        assert run["report"]["blocking_pairs"] == 0
    assert {u["reason"] for u in run["unmatched"]} <= {"outscored", "not_preferred"}
    assert run["fairness"]["department"][0]["match_rate"] == 0.6
    assert set(run["fairness"]) == {"department", "seniority_band", "enrolment_quartile", "site"}
    pair = run["pairs"][0]
    explained = await api.get(
        f"/v1/runs/{run['id']}/pairs/{pair['mentee_participant_id']}", headers=admin
    )
    assert math.isclose(explained.json()["score"], pair["score"], abs_tol=0.01)
    assert (await api.get(f"/v1/runs/{run['id']}", headers=as_user("bob"))).status_code == 404

    what_if = await api.post(
        f"/v1/runs/{run['id']}/what-if", json={"minimum_score": 99}, headers=admin
    )
    assert what_if.status_code == 201, what_if.text
    assert what_if.json()["diff"]["newly_unmatched"] == 3
    assert what_if.json()["run"]["base_run_id"] == run["id"]

    published = await api.post(f"/v1/runs/{run['id']}/publish", headers=admin)
    assert published.status_code == 200, published.text
    assert published.json()["report"]["published"]["proposed"] == 3
    again = await api.post(f"/v1/runs/{run['id']}/publish", headers=admin)
    assert again.status_code == 409
    matches = (await api.get(f"/v1/programs/{program_id}/matches", headers=admin)).json()["items"]
    assert {m["status"] for m in matches} == {"proposed"}
    assert all(m["awaiting"] == [m["mentor_user_id"]] for m in matches)
    for match in matches:  # each keeps the full explanation of its score
        kept = match["explanation"]
        assert kept["run_id"] == run["id"]
        assert math.isclose(sum(c["points"] for c in kept["contributions"]), kept["score"])
        assert math.isclose(kept["score"], match["score"], abs_tol=0.01)


async def test_match_lifecycle_accept_decline_end_and_capacity(
    api: httpx.AsyncClient, as_user: Headers, new_program: NewProgram, enrol: Enrol
) -> None:
    program_id = await new_program(settings={"approval": "mentor_accepts"})
    a = await enrol(program_id, "amy", "mentee", skills_wanted={"python": 2})
    b = await enrol(program_id, "ben", "mentee", skills_wanted={"python": 2})
    c = await enrol(program_id, "cat", "mentee", skills_wanted={"python": 2})
    mentor = await enrol(program_id, "max", "mentor", capacity=1, skills_offered={"python": 4})
    url = f"/v1/programs/{program_id}/matches"

    async def request(mentee: dict[str, Any], who: str) -> httpx.Response:
        body = {"mentee_participant_id": mentee["id"], "mentor_participant_id": mentor["id"]}
        return await api.post(url, json=body, headers=as_user(who))

    first = await request(a, "amy")
    assert first.status_code == 201, first.text
    assert first.json()["awaiting"] == ["max"]
    assert (await request(b, "amy")).status_code == 404  # amy cannot ask for ben
    full = await request(b, "ben")  # the one place is held by amy's open proposal
    assert full.status_code == 422
    assert "no_capacity" in [r["constraint"] for r in full.json()["rejected_by"]]
    declined = await api.post(
        f"/v1/matches/{first.json()['id']}/decline", json={"reason": "busy"}, headers=as_user("max")
    )
    assert declined.json()["status"] == "declined"
    second = await request(b, "ben")
    # ben's own request counts as his consent: accepting again does not accept it for max.
    own = await api.post(f"/v1/matches/{second.json()['id']}/accept", headers=as_user("ben"))
    assert (own.json()["status"], own.json()["awaiting"]) == ("proposed", ["max"])
    accepted = await api.post(f"/v1/matches/{second.json()['id']}/accept", headers=as_user("max"))
    assert accepted.json()["status"] == "active"
    assert (await request(c, "cat")).status_code == 422
    ended = await api.post(
        f"/v1/matches/{second.json()['id']}/end",
        json={"outcome": "completed"},
        headers=as_user("ben"),
    )
    assert ended.json()["status"] == "completed"
    assert (
        await api.get(f"/v1/matches/{second.json()['id']}", headers=as_user("cat"))
    ).status_code == 404


async def test_an_at_risk_health_report_flags_the_match_and_suggests_a_rematch(
    api: httpx.AsyncClient,
    as_user: Headers,
    new_program: NewProgram,
    enrol: Enrol,
    backend: Backend,
) -> None:
    program_id = await new_program(settings={"approval": "admin_assigns"})
    mentee = await enrol(program_id, "amy", "mentee", skills_wanted={"python": 2})
    mentor = await enrol(program_id, "max", "mentor", skills_offered={"python": 4})
    await enrol(program_id, "mia", "mentor", skills_offered={"python": 3})
    admin = as_user("ada", admin=True)
    created = await api.post(
        f"/v1/programs/{program_id}/matches",
        json={"mentee_participant_id": mentee["id"], "mentor_participant_id": mentor["id"]},
        headers=admin,
    )
    match = created.json()
    assert match["status"] == "active"
    payload = RelationshipHealthChangedV1(
        match_id=match["id"],
        program_id=program_id,
        mentor_user_id="max",
        mentee_user_id="amy",
        score=35,
        at_risk=True,
        signals={"missed_checkins": 2},
    )
    await backend.publish(payload, subject=match["id"], org_id="acme", times=2)
    flagged = await eventually(
        lambda: api.get(f"/v1/matches/{match['id']}", headers=admin),
        lambda r: bool(r.json()["flagged_for_review"]),
    )
    assert flagged.json()["health_score"] == 35
    assert "at risk" in flagged.json()["review_reason"]
    suggestions = await api.get(f"/v1/matches/{match['id']}/rematch-suggestions", headers=admin)
    assert [s["mentor_user_id"] for s in suggestions.json()] == ["mia"]
