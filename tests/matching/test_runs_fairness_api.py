"""Issue 16 and issue 12 item 8 over REST: runs of cohorts without free places, weight overrides
that are 422 (not 500), the objective setting, replayable seeds, evidence and "why not X?"."""

import math
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from tests.matching.conftest import Headers

pytestmark = pytest.mark.embedded
Enrol = Callable[..., Awaitable[dict[str, Any]]]
NewProgram = Callable[..., Awaitable[str]]


async def test_a_cohort_without_free_places_is_an_empty_draft_with_reasons(
    api: httpx.AsyncClient, as_user: Headers, new_program: NewProgram, enrol: Enrol
) -> None:
    """Before: 201 with status failed and ZeroDivisionError in the report."""
    admin = as_user("ada", admin=True)
    program_id = await new_program()
    for i in range(3):
        await enrol(program_id, f"mentee{i}", "mentee", skills_wanted={"python": 3})
    url = f"/v1/programs/{program_id}/runs"

    nobody = await api.post(url, json={}, headers=admin)  # no mentors at all
    assert nobody.status_code == 201, nobody.text
    run = nobody.json()
    assert run["status"] == "draft", run["report"]
    assert run["pairs"] == []
    assert [u["reason"] for u in run["unmatched"]] == ["no_free_place"] * 3
    assert run["unmatched"][0]["detail"] == "No mentor has a free place."

    await enrol(program_id, "max", "mentor", capacity=1, skills_offered={"python": 5})
    first = (await api.post(url, json={}, headers=admin)).json()
    assert len(first["pairs"]) == 1
    published = await api.post(f"/v1/runs/{first['id']}/publish", headers=admin)
    assert published.status_code == 200, published.text
    full = await api.post(url, json={"mode": "stable"}, headers=admin)  # every place taken
    assert full.status_code == 201, full.text
    assert full.json()["status"] == "draft", full.json()["report"]
    assert {u["reason"] for u in full.json()["unmatched"]} == {"no_free_place"}
    assert len(full.json()["unmatched"]) == 2


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"weights": {"skills": 0}}, "weights"),
        ({"weights": {"skills": 150}}, "weights"),
        ({"mentor_view": {"skills": -1}}, "mentor_view"),
        ({"mentee_view": {"goals": 101}}, "mentee_view"),
        ({"mentee_view": {"goals": 0, "skills": 0}}, "mentee_view"),
        ({"seed": -1}, "seed"),
        ({"objective": "most_fun"}, "objective"),
    ],
)
async def test_bad_run_settings_are_422_naming_the_field(
    api: httpx.AsyncClient,
    as_user: Headers,
    new_program: NewProgram,
    enrol: Enrol,
    body: dict[str, Any],
    field: str,
) -> None:
    """Before: the weight overrides raised an unhandled pydantic error, a 500."""
    admin = as_user("ada", admin=True)
    program_id = await new_program()
    await enrol(program_id, "amy", "mentee", skills_wanted={"python": 3})
    await enrol(program_id, "max", "mentor", skills_offered={"python": 5})
    created = await api.post(f"/v1/programs/{program_id}/runs", json=body, headers=admin)
    assert created.status_code == 422, created.text
    problem = created.json()
    assert problem["code"] == "validation-failed"
    assert field in [str(part) for error in problem["errors"] for part in error["location"]]
    run = await api.post(f"/v1/programs/{program_id}/runs", json={}, headers=admin)
    what_if = await api.post(f"/v1/runs/{run.json()['id']}/what-if", json=body, headers=admin)
    assert what_if.status_code == 422, what_if.text
    assert field in str(what_if.json()["errors"])


async def worked_example(program_id: str, enrol: Enrol) -> None:
    """With skills alone weighing: A-X scores highest, A-Y and B-X less, B excludes Y."""
    await enrol(program_id, "A", "mentee", skills_wanted={"s1": 4})
    await enrol(program_id, "B", "mentee", skills_wanted={"s2": 4}, exclusions=["Y"])
    await enrol(program_id, "X", "mentor", capacity=1, skills_offered={"s1": 4, "s2": 1})
    await enrol(program_id, "Y", "mentor", capacity=1, skills_offered={"s1": 2})


async def test_the_objective_is_a_program_setting_and_a_run_override(
    api: httpx.AsyncClient, as_user: Headers, new_program: NewProgram, enrol: Enrol
) -> None:
    admin = as_user("ada", admin=True)
    program_id = await new_program(settings={"weights": {"skills": 1}})
    await worked_example(program_id, enrol)
    program = (await api.get(f"/v1/programs/{program_id}", headers=admin)).json()
    assert program["settings"]["objective"] == "max_matched"
    run = (await api.post(f"/v1/programs/{program_id}/runs", json={}, headers=admin)).json()
    assert {(p["mentee_user_id"], p["mentor_user_id"]) for p in run["pairs"]} == {
        ("A", "Y"),
        ("B", "X"),
    }
    assert run["report"]["objective"] == "max_matched"
    assert run["report"]["certificate"]["gap_units"] == 0
    best = await api.post(
        f"/v1/runs/{run['id']}/what-if", json={"objective": "max_total"}, headers=admin
    )
    assert best.status_code == 201, best.text
    assert [(p["mentee_user_id"], p["mentor_user_id"]) for p in best.json()["run"]["pairs"]] == [
        ("A", "X")
    ]
    assert best.json()["run"]["unmatched"][0]["reason"] == "outscored"
    assert best.json()["diff"]["matched_delta"] == -1
    changed = await api.patch(
        f"/v1/programs/{program_id}",
        json={"settings": {"weights": {"skills": 1}, "objective": "max_total"}},
        headers=admin,
    )
    assert changed.status_code == 200, changed.text
    again = (await api.post(f"/v1/programs/{program_id}/runs", json={}, headers=admin)).json()
    assert [p["mentee_user_id"] for p in again["pairs"]] == ["A"]


async def test_a_run_records_its_seed_and_replays_it(
    api: httpx.AsyncClient, as_user: Headers, new_program: NewProgram, enrol: Enrol
) -> None:
    admin = as_user("ada", admin=True)
    program_id = await new_program(settings={"mode": "stable"})
    for i in range(8):  # identical mentees: only the tie order decides who gets a place
        await enrol(program_id, f"twin{i}", "mentee", skills_wanted={"python": 3})
    await enrol(program_id, "max", "mentor", capacity=4, skills_offered={"python": 5})
    url = f"/v1/programs/{program_id}/runs"

    def winners(run: dict[str, Any]) -> list[str]:
        return sorted(p["mentee_user_id"] for p in run["pairs"])

    drawn = (await api.post(url, json={}, headers=admin)).json()
    seed = drawn["settings"]["seed"]
    assert isinstance(seed, int)
    assert drawn["report"]["seed"] == seed
    replayed = (await api.post(url, json={"seed": seed}, headers=admin)).json()
    assert winners(replayed) == winners(drawn)
    seen = {
        tuple(winners((await api.post(url, json={"seed": s}, headers=admin)).json()))
        for s in range(6)
    }
    assert len(seen) > 1  # other seeds, other winners among equals
    what_if = await api.post(f"/v1/runs/{drawn['id']}/what-if", json={}, headers=admin)
    assert what_if.json()["run"]["settings"]["seed"] == seed
    assert what_if.json()["diff"]["changed_mentees"] == 0
    quartiles = drawn["fairness"]["enrolment_quartile"]
    assert [row["value"] for row in quartiles] == ["Q1", "Q2", "Q3", "Q4"]
    assert sum(row["matched"] for row in quartiles) == 4


async def test_explanations_give_evidence_for_every_factor_in_hundredths(
    api: httpx.AsyncClient, as_user: Headers, new_program: NewProgram, enrol: Enrol
) -> None:
    program_id = await new_program()
    mentee = await enrol(
        program_id,
        "amy",
        "mentee",
        skills_wanted={"python": 3},
        timezone="Europe/London",
        department="eng",
        motivators={"growth": 5},
        communication_style="direct",
    )
    mentor = await enrol(
        program_id,
        "max",
        "mentor",
        skills_offered={"python": 4},
        timezone="Europe/London",
        seniority=5,
        department="sales",
        motivators={"growth": 4},
        communication_style="analytical",
    )
    explained = await api.get(
        f"/v1/programs/{program_id}/scores",
        params={"mentee_participant_id": mentee["id"], "mentor_participant_id": mentor["id"]},
        headers=as_user("amy"),
    )
    assert explained.status_code == 200, explained.text
    body = explained.json()
    evidence = {c["factor"]: c["evidence"] for c in body["contributions"]}
    assert evidence["timezone"][0] == (
        "mentee in Europe/London (UTC+0), mentor in Europe/London (UTC+0)"
    )
    assert evidence["timezone"][1].startswith("0 hours apart")
    assert evidence["seniority"][0].startswith("mentee at level 3, mentor at level 5")
    assert evidence["department"][0] == "mentee in eng, mentor in sales"
    assert evidence["motivators"] == ["both motivated by growth (5 and 4 of 5)"]
    assert evidence["communication"] == ["mentee direct, mentor analytical"]
    cents = [round(c["points"] * 100) for c in body["contributions"]]
    assert all(
        math.isclose(c["points"] * 100, cent)
        for c, cent in zip(body["contributions"], cents, strict=True)
    )
    assert sum(cents) == round(body["score"] * 100)


async def test_why_not_x_shows_the_pair_and_who_took_the_places(
    api: httpx.AsyncClient, as_user: Headers, new_program: NewProgram, enrol: Enrol
) -> None:
    admin = as_user("ada", admin=True)
    program_id = await new_program(settings={"weights": {"skills": 1}})
    await worked_example(program_id, enrol)
    people = (await api.get(f"/v1/programs/{program_id}/participants", headers=admin)).json()
    ids = {p["user_id"]: p["id"] for p in people["items"]}
    run = (
        await api.post(
            f"/v1/programs/{program_id}/runs", json={"objective": "max_total"}, headers=admin
        )
    ).json()
    url = f"/v1/runs/{run['id']}/why-not"

    async def why(mentee: str, mentor: str, who: str = "ada") -> httpx.Response:
        params = {"mentee_participant_id": ids[mentee], "mentor_participant_id": ids[mentor]}
        return await api.get(url, params=params, headers=as_user(who, admin=who == "ada"))

    b_x = (await why("B", "X")).json()
    assert b_x["paired_in_run"] is False
    assert b_x["forbidden"] is False
    assert b_x["mentee_outcome"] == "outscored"
    assert b_x["explanation"]["score"] > 0
    assert [(p["mentee_user_id"], p["score"]) for p in b_x["places_taken_by"]] == [
        ("A", run["pairs"][0]["score"])
    ]
    assert b_x["mentor_capacity"] == 1
    b_y = (await why("B", "Y")).json()
    assert b_y["forbidden"] is True
    assert [r["constraint"] for r in b_y["explanation"]["rejected_by"]] == ["exclusion"]
    a_x = (await why("A", "X")).json()
    assert a_x["paired_in_run"] is True
    assert a_x["mentee_outcome"] == "matched"
    assert (await why("B", "X", who="B")).status_code == 404  # runs are for admins
    wrong_way = await why("X", "B")
    assert wrong_way.status_code == 404
