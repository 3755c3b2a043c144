"""Matching's admin actions each leave one audit entry (who, what, before/after), in the same
transaction as the action; what people do to their own participation leaves none."""

from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from contracts.feedback import RelationshipHealthChangedV1
from tests.backends import Backend
from tests.infra.apps import eventually
from tests.matching.conftest import Headers
from tests.matching.test_participant_import import GOOD, HEADER, post_csv

NewProgram = Callable[..., Awaitable[str]]
Enrol = Callable[..., Awaitable[dict[str, Any]]]


async def audited(
    api: httpx.AsyncClient, as_user: Headers, action: str, **params: str
) -> list[dict[str, Any]]:
    response = await api.get(
        "/v1/audit-log",
        params={"action": action, **params},
        headers=as_user("ada", admin=True),
    )
    assert response.status_code == 200, response.text
    return [e for e in response.json()["items"] if e["action"] == action]


async def test_program_creation_settings_and_status_are_audited(
    api: httpx.AsyncClient, as_user: Headers, new_program: NewProgram
) -> None:
    program_id = await new_program(name="Spring", settings={"mode": "stable"})
    [created] = await audited(api, as_user, "program.created", target_id=program_id)
    assert (created["actor_id"], created["actor_kind"]) == ("ada", "user")
    assert created["before"] is None
    assert created["after"]["name"] == "Spring"
    assert created["after"]["settings"]["mode"] == "stable"

    admin = as_user("ada", admin=True)
    url = f"/v1/programs/{program_id}"
    changed = await api.patch(
        url, json={"name": "Autumn", "admin_user_ids": ["ada", "pam"]}, headers=admin
    )
    assert changed.status_code == 200, changed.text
    [updated] = await audited(api, as_user, "program.updated", target_id=program_id)
    assert updated["before"] == {"name": "Spring", "admin_user_ids": ["ada"]}
    assert updated["after"] == {"name": "Autumn", "admin_user_ids": ["ada", "pam"]}
    unchanged = await api.patch(url, json={"name": "Autumn"}, headers=admin)
    assert unchanged.status_code == 200
    assert len(await audited(api, as_user, "program.updated")) == 1

    moved = await api.post(f"{url}/status", json={"status": "active"}, headers=as_user("pam"))
    assert moved.status_code == 200
    [status] = await audited(api, as_user, "program.status_changed")
    assert status["actor_id"] == "pam"
    assert (status["before"], status["after"]) == ({"status": "enrolling"}, {"status": "active"})
    refused = await api.post(f"{url}/status", json={"status": "draft"}, headers=admin)
    assert refused.status_code == 409
    assert len(await audited(api, as_user, "program.status_changed")) == 1


async def test_participants_changed_by_an_admin_are_audited_their_own_changes_not(
    api: httpx.AsyncClient, as_user: Headers, new_program: NewProgram, enrol: Enrol
) -> None:
    program_id = await new_program()
    amy = await enrol(program_id, "amy", "mentee")
    [enrolled] = await audited(api, as_user, "participant.enrolled_by_admin")
    assert enrolled["target_id"] == amy["id"]
    assert enrolled["after"]["user_id"] == "amy"
    url = f"/v1/participants/{amy['id']}"
    own = await api.patch(url, json={"display_name": "Amy A."}, headers=as_user("amy"))
    assert own.status_code == 200
    assert await audited(api, as_user, "participant.updated_by_admin") == []
    by_admin = await api.patch(url, json={"capacity": 3}, headers=as_user("ada", admin=True))
    assert by_admin.status_code == 200, by_admin.text
    [updated] = await audited(api, as_user, "participant.updated_by_admin")
    assert (updated["before"], updated["after"]) == ({"capacity": 2}, {"capacity": 3})
    gone = await api.post(f"{url}/withdraw", headers=as_user("ada", admin=True))
    assert gone.status_code == 200
    [withdrawn] = await audited(api, as_user, "participant.withdrawn_by_admin")
    assert (withdrawn["before"], withdrawn["after"]) == (
        {"status": "active"},
        {"status": "withdrawn"},
    )


async def test_an_import_is_one_entry_with_its_counts(
    api: httpx.AsyncClient, as_user: Headers, new_program: NewProgram
) -> None:
    program_id = await new_program()
    imported = await post_csv(api, program_id, as_user("ada", admin=True), HEADER + "".join(GOOD))
    assert imported.status_code == 200, imported.text
    [entry] = await audited(api, as_user, "participants.imported", target_id=program_id)
    assert entry["after"]["created"] == 2
    assert len(entry["after"]["created_participant_ids"]) == 2
    refused = await post_csv(api, program_id, as_user("bob"), HEADER + "".join(GOOD))
    assert refused.status_code == 403
    assert len(await audited(api, as_user, "participants.imported")) == 1


async def test_runs_and_manual_matches_are_audited(
    api: httpx.AsyncClient, as_user: Headers, new_program: NewProgram, enrol: Enrol
) -> None:
    program_id = await new_program(settings={"approval": "mentor_accepts"})
    amy = await enrol(program_id, "amy", "mentee", skills_wanted={"python": 2})
    bea = await enrol(program_id, "bea", "mentee", skills_wanted={"python": 2})
    max_ = await enrol(program_id, "max", "mentor", capacity=1, skills_offered={"python": 4})
    await enrol(program_id, "mia", "mentor", capacity=1, skills_offered={"python": 4})
    admin = as_user("ada", admin=True)
    run = (await api.post(f"/v1/programs/{program_id}/runs", json={}, headers=admin)).json()
    [created] = await audited(api, as_user, "matching_run.created", target_id=run["id"])
    assert created["after"]["program_id"] == program_id
    published = await api.post(f"/v1/runs/{run['id']}/publish", headers=admin)
    assert published.status_code == 200, published.text
    [entry] = await audited(api, as_user, "matching_run.published", target_id=run["id"])
    assert (entry["before"], entry["after"]["status"]) == ({"status": "draft"}, "published")
    assert entry["after"]["proposed"] == 2

    matches = (await api.get(f"/v1/programs/{program_id}/matches", headers=admin)).json()
    for match in matches["items"]:
        declined = await api.post(
            f"/v1/matches/{match['id']}/decline", json={"reason": "no"}, headers=admin
        )
        assert declined.status_code == 200, declined.text
    assert len(await audited(api, as_user, "match.declined_by_admin")) == 2
    manual = await api.post(
        f"/v1/programs/{program_id}/matches",
        json={"mentee_participant_id": amy["id"], "mentor_participant_id": max_["id"]},
        headers=admin,
    )
    assert manual.status_code == 201, manual.text
    [proposed] = await audited(api, as_user, "match.proposed_manually")
    assert proposed["target_id"] == manual.json()["id"]
    assert proposed["after"]["mentee_user_id"] == "amy"
    own = await api.post(
        f"/v1/programs/{program_id}/matches",
        json={"mentee_participant_id": bea["id"], "mentor_participant_id": max_["id"]},
        headers=as_user("bea"),
    )
    assert own.status_code in (201, 422)  # the mentor may be full: either way, not audited
    assert len(await audited(api, as_user, "match.proposed_manually")) == 1


async def test_an_admin_clearing_a_review_flag_and_ending_a_match_is_audited(
    api: httpx.AsyncClient,
    as_user: Headers,
    new_program: NewProgram,
    enrol: Enrol,
    backend: Backend,
) -> None:
    program_id = await new_program(settings={"approval": "admin_assigns"})
    mentee = await enrol(program_id, "amy", "mentee", skills_wanted={"python": 2})
    mentor = await enrol(program_id, "max", "mentor", skills_offered={"python": 4})
    admin = as_user("ada", admin=True)
    created = await api.post(
        f"/v1/programs/{program_id}/matches",
        json={"mentee_participant_id": mentee["id"], "mentor_participant_id": mentor["id"]},
        headers=admin,
    )
    match = created.json()
    at_risk = RelationshipHealthChangedV1(
        match_id=match["id"],
        program_id=program_id,
        mentor_user_id="max",
        mentee_user_id="amy",
        score=35,
        at_risk=True,
        signals={"missed_checkins": 2},
    )
    await backend.publish(at_risk, subject=match["id"], org_id="acme")
    await eventually(
        lambda: api.get(f"/v1/matches/{match['id']}", headers=admin),
        lambda r: bool(r.json()["flagged_for_review"]),
    )
    cleared = await api.post(f"/v1/matches/{match['id']}/review/clear", headers=admin)
    assert cleared.status_code == 200, cleared.text
    [entry] = await audited(api, as_user, "match.review_flag_cleared", target_id=match["id"])
    assert entry["before"]["flagged_for_review"] is True
    assert entry["after"] == {"flagged_for_review": False}

    ended = await api.post(
        f"/v1/matches/{match['id']}/end", json={"outcome": "ended_early"}, headers=admin
    )
    assert ended.status_code == 200, ended.text
    [end] = await audited(api, as_user, "match.ended_by_admin")
    assert (end["before"]["status"], end["after"]["status"]) == ("active", "ended")


async def test_scim_changes_and_credential_rotations_are_audited_without_the_secret(
    api: httpx.AsyncClient, as_user: Headers
) -> None:
    issued = await api.post("/v1/scim/credentials", headers=as_user("ada", admin=True))
    assert issued.status_code == 201, issued.text
    secret = issued.json()["secret"]
    [created] = await audited(api, as_user, "scim_credential.created")
    assert (created["actor_id"], created["target_id"]) == ("ada", "acme")
    assert secret not in str(created)
    idp = {"Authorization": f"Bearer {secret}", "Content-Type": "application/scim+json"}
    user = {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": "liv",
        "emails": [{"value": "liv@example.com", "primary": True}],
        "active": True,
    }
    provisioned = await api.post("/scim/v2/Users", json=user, headers=idp)
    assert provisioned.status_code == 201, provisioned.text
    person_id = provisioned.json()["id"]
    patch = {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "replace", "value": {"active": False}}],
    }
    patched = await api.patch(f"/scim/v2/Users/{person_id}", json=patch, headers=idp)
    assert patched.status_code == 200, patched.text
    assert (await api.delete(f"/scim/v2/Users/{person_id}", headers=idp)).status_code == 204

    [new] = await audited(api, as_user, "person.provisioned", target_id=person_id)
    assert (new["actor_id"], new["actor_kind"]) == ("scim", "scim")
    assert new["after"]["user_name"] == "liv"
    [updated] = await audited(api, as_user, "person.updated", target_id=person_id)
    assert (updated["before"], updated["after"]) == ({"active": True}, {"active": False})
    [gone] = await audited(api, as_user, "person.deprovisioned", target_id=person_id)
    assert gone["before"]["user_name"] == "liv"


async def test_an_admins_export_of_someones_data_is_audited_a_persons_own_is_not(
    api: httpx.AsyncClient, as_user: Headers, new_program: NewProgram, enrol: Enrol
) -> None:
    await enrol(await new_program(), "amy", "mentee")
    own = await api.get("/v1/people/amy/export", headers=as_user("amy"))
    assert own.status_code == 200, own.text
    assert await audited(api, as_user, "person.exported") == []
    by_admin = await api.get("/v1/people/amy/export", headers=as_user("ada", admin=True))
    assert by_admin.status_code == 200, by_admin.text
    [entry] = await audited(api, as_user, "person.exported")
    assert (entry["actor_id"], entry["target_type"], entry["target_id"]) == ("ada", "person", "amy")
