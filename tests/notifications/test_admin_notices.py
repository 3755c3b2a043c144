"""Program admins hear of declines, withdrawn requests, withdrawals, endings and at-risk
relationships: each once however often the event arrives, under their own preferences (a kind
they muted is not told, their digest holds the rest), and not about what they did themselves."""

from uuid import uuid4

from contracts.matching import MatchWithdrawnV1, ParticipantWithdrawnV1, ProgramCreatedV1
from notifications.deliveries.service import WAITING_DIGEST
from tests.infra.apps import eventually
from tests.notifications import notify_events as ev
from tests.notifications.notify_harness import Harness


def request_withdrawn(by: str = ev.MENTEE) -> MatchWithdrawnV1:
    return MatchWithdrawnV1.model_validate(
        {
            "match_id": ev.MATCH,
            "program_id": ev.PROGRAM,
            "mentor_participant_id": uuid4(),
            "mentee_participant_id": uuid4(),
            "mentor_user_id": ev.MENTOR,
            "mentee_user_id": ev.MENTEE,
            "withdrawn_by_user_id": by,
            "reason": "Found a mentor in my team",
        }
    )


def participant_withdrawn() -> ParticipantWithdrawnV1:
    return ParticipantWithdrawnV1(
        program_id=ev.PROGRAM, participant_id=uuid4(), user_id=ev.MENTEE, role="mentee"
    )


async def people(h: Harness, admins: list[str]) -> None:
    await h.send(
        ProgramCreatedV1(program_id=ev.PROGRAM, name="Spring cohort", admin_user_ids=admins)
    )
    await h.send(ev.enrolled(ev.MENTOR, "mentor"))
    await h.send(ev.enrolled(ev.MENTEE))
    await h.inbox_of_size(ev.MENTEE, 1)
    await h.inbox_of_size(ev.MENTOR, 1)


async def admin_titles(h: Harness, user: str = "ada") -> list[tuple[str, str]]:
    return sorted(
        (i["category"], i["title"]) for i in await h.inbox(user) if i["category"] == "admin"
    )


async def test_admins_are_told_each_once_of_declines_withdrawals_endings_and_risk(
    service: Harness,
) -> None:
    h = service
    await people(h, ["ada"])
    for payload in (
        ev.match_declined(),
        request_withdrawn(),
        participant_withdrawn(),
        ev.match_ended(),
        ev.at_risk(),
    ):
        await h.send(payload, times=3)
    await h.inbox_of_size("ada", 5)
    await h.settled()

    items = await h.inbox("ada")
    assert sorted((i["category"], i["title"]) for i in items) == [
        ("admin", "Match declined in Spring cohort: Maria and Tom"),
        ("admin", "Match ended in Spring cohort: Maria and Tom"),
        ("admin", "Relationship at risk: Maria and Tom"),
        ("admin", "Request withdrawn in Spring cohort: Maria and Tom"),
        ("admin", "Tom left Spring cohort"),
    ]
    bodies = {i["title"]: i["body"] for i in items}
    assert bodies["Match declined in Spring cohort: Maria and Tom"] == (
        "Maria declined the proposed match of Maria (mentor) and Tom (mentee) in Spring cohort: "
        "No time."
    )
    assert bodies["Request withdrawn in Spring cohort: Maria and Tom"] == (
        "Tom withdrew the request to match Maria (mentor) and Tom (mentee) in Spring cohort: "
        "Found a mentor in my team."
    )
    assert bodies["Tom left Spring cohort"] == (
        "Tom (mentee) withdrew from Spring cohort. Their open matches end separately."
    )
    assert bodies["Match ended in Spring cohort: Maria and Tom"] == (
        "The match of Maria (mentor) and Tom (mentee) in Spring cohort has ended (completed)."
    )
    # The people themselves got only their own notices (none about what they did).
    maria = [i["title"] for i in await h.inbox(ev.MENTOR)]
    assert not any(title.startswith(("Match declined", "Request withdrawn")) for title in maria)


async def test_an_admin_who_is_also_a_party_gets_both_notices_but_not_of_their_own_decline(
    service: Harness,
) -> None:
    h = service
    await people(h, [ev.MENTOR, "ada"])
    await h.send(ev.match_ended())
    await h.send(ev.match_declined())  # declined by the mentor herself
    await h.inbox_of_size("ada", 2)
    await h.settled()

    maria = sorted(i["title"] for i in await h.inbox(ev.MENTOR))
    assert maria == [
        "Match ended in Spring cohort: Maria and Tom",
        "Welcome to Spring cohort",
        "Your match with Tom has ended",
    ]


async def test_a_muted_kind_is_not_told_and_the_others_still_are(service: Harness) -> None:
    h = service
    await people(h, ["ada"])
    response = await h.client.put(
        "/v1/preferences",
        json={"muted_kinds": ["admin_match_ended", "admin_match_ended", "relationship_at_risk"]},
        headers=h.token("ada"),
    )
    assert response.status_code == 200, response.text
    assert response.json()["muted_kinds"] == ["admin_match_ended", "relationship_at_risk"]
    assert (await h.client.get("/v1/preferences", headers=h.token("ada"))).json()[
        "muted_kinds"
    ] == ["admin_match_ended", "relationship_at_risk"]

    await h.send(ev.match_ended())
    await h.send(ev.at_risk())
    await h.send(ev.match_declined())
    await h.inbox_of_size("ada", 1)
    await h.settled()

    assert await admin_titles(h) == [("admin", "Match declined in Spring cohort: Maria and Tom")]
    refused = await h.client.put(
        "/v1/preferences", json={"muted_kinds": ["match_accepted"]}, headers=h.token("ada")
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["location"] == ["body", "muted_kinds", 0]


async def test_admin_notices_wait_for_the_admins_digest_but_risk_does_not(service: Harness) -> None:
    h = service
    await people(h, ["ada"])
    await h.send(ev.enrolled("ada", "mentor", email="ada@acme.io"))
    await h.inbox_of_size("ada", 1)
    response = await h.client.put(
        "/v1/preferences", json={"digest": "daily"}, headers=h.token("ada")
    )
    assert response.status_code == 200, response.text

    await h.send(ev.match_declined())
    await h.send(ev.at_risk())
    await h.inbox_of_size("ada", 3)
    await h.settled()

    deliveries = await eventually(
        h.deliveries, lambda rows: len([r for r in rows if r.user_id == "ada"]) >= 3
    )
    statuses = sorted(d.status for d in deliveries if d.user_id == "ada")
    # The welcome email went before the digest was chosen; the decline waits for the digest;
    # the at-risk alert is urgent and goes now.
    assert statuses.count(WAITING_DIGEST) == 1
    assert len(statuses) == 3


async def test_a_program_without_admins_tells_the_tenants_admins(service: Harness) -> None:
    """A tenant admin is known to notifications once she changed something on its admin API
    (a GET does not write, so reading does not count)."""
    h = service
    seen = await h.client.post(
        "/v1/webhook-endpoints",
        json={"url": "http://127.0.0.1:9/hook"},
        headers=h.token("olga", admin=True),
    )
    assert seen.status_code == 201, seen.text
    await people(h, [])
    await h.send(participant_withdrawn())
    await h.inbox_of_size("olga", 1)

    assert await admin_titles(h, "olga") == [("admin", "Tom left Spring cohort")]
