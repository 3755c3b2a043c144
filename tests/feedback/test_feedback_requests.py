"""Two-way feedback: checkin.completed asks each side for feedback on the other; one submission
per request, by its addressee only, late ones flagged, edits until the due date."""

from datetime import UTC, datetime, timedelta

from tests.feedback.harness import Feedback, Relationship
from tests.infra.apps import eventually

GOOD = {
    "ratings": {"preparation": 4, "listening": 5, "usefulness": 4},
    "comment": "Great questions about my roadmap.",
    "wants_to_continue": True,
}


async def test_a_completed_checkin_asks_both_people_once(
    feedback_service: Feedback,
) -> None:
    rel = Relationship()
    await feedback_service.program(rel)
    held_at = datetime.now(UTC)
    checkin_id = await feedback_service.checkin(rel, held_at)
    await feedback_service.checkin(rel, held_at, checkin_id)  # redelivered / repeated
    await feedback_service.caught_up()

    for giver, receiver in ((rel.mentor, rel.mentee), (rel.mentee, rel.mentor)):
        [request] = await feedback_service.requests_of(giver, 1)
        assert request["about_user_id"] == receiver
        assert request["checkin_id"] == str(checkin_id)
        assert request["dimensions"] == ["preparation", "listening", "usefulness"]
        due = datetime.fromisoformat(request["due_at"])
        assert due == held_at + timedelta(days=7)
    events = await feedback_service.outbox("mentorship.feedback.feedback.requested.v1")
    assert sorted((e["from_user_id"], e["about_user_id"]) for e in events) == sorted(
        [(rel.mentee, rel.mentor), (rel.mentor, rel.mentee)]
    )


async def test_only_the_addressee_submits_and_only_once(feedback_service: Feedback) -> None:
    service, rel = feedback_service, Relationship()
    await service.checkin(rel)
    [request] = await service.requests_of(rel.mentee, 1)
    url = f"/v1/feedback-requests/{request['id']}/submission"

    partner = await service.client.post(url, json=GOOD, headers=service.headers(rel.mentor))
    admin = await service.client.post(url, json=GOOD, headers=service.headers("ada", admin=True))
    tenant = await service.client.post(
        url, json=GOOD, headers=service.headers(rel.mentee, "globex")
    )
    assert [r.status_code for r in (partner, admin, tenant)] == [404, 404, 404]

    first = await service.client.post(url, json=GOOD, headers=service.headers(rel.mentee))
    assert first.status_code == 201, first.text
    assert first.json()["late"] is False
    twice = await service.client.post(url, json=GOOD, headers=service.headers(rel.mentee))
    assert (twice.status_code, twice.json()["code"]) == (409, "conflict")
    assert len(await service.rows("feedback_submissions")) == 1
    submitted = await service.outbox("mentorship.feedback.feedback.submitted.v1")
    assert [(e["from_user_id"], e["late"]) for e in submitted] == [(rel.mentee, False)]


async def test_ratings_must_cover_exactly_the_requested_dimensions(
    feedback_service: Feedback,
) -> None:
    service, rel = feedback_service, Relationship()
    await service.checkin(rel)
    [request] = await service.requests_of(rel.mentor, 1)
    url = f"/v1/feedback-requests/{request['id']}/submission"
    headers = service.headers(rel.mentor)
    cases = [
        {**GOOD, "ratings": {"preparation": 4, "listening": 5}},
        {**GOOD, "ratings": {**GOOD["ratings"], "charisma": 3}},  # type: ignore[dict-item]
        {**GOOD, "ratings": {"preparation": 6, "listening": 5, "usefulness": 4}},
        {"ratings": GOOD["ratings"]},
    ]
    for body in cases:
        response = await service.client.post(url, json=body, headers=headers)
        assert response.status_code == 422, body
        assert response.headers["content-type"] == "application/problem+json"
    assert await service.rows("feedback_submissions") == []


async def test_a_late_submission_is_accepted_flagged_and_no_longer_editable(
    feedback_service: Feedback,
) -> None:
    service, rel = feedback_service, Relationship()
    await service.checkin(rel, datetime.now(UTC) - timedelta(days=10))
    [request] = await service.requests_of(rel.mentor, 1)
    url = f"/v1/feedback-requests/{request['id']}/submission"
    headers = service.headers(rel.mentor)

    late = await service.client.post(url, json=GOOD, headers=headers)
    assert (late.status_code, late.json()["late"]) == (201, True)
    edit = await service.client.put(url, json={**GOOD, "comment": "x"}, headers=headers)
    assert (edit.status_code, edit.json()["code"]) == (409, "conflict")


async def test_the_author_edits_until_the_due_date(feedback_service: Feedback) -> None:
    service, rel = feedback_service, Relationship()
    await service.checkin(rel)
    [request] = await service.requests_of(rel.mentor, 1)
    url = f"/v1/feedback-requests/{request['id']}/submission"
    headers = service.headers(rel.mentor)
    before_submitting = await service.client.put(url, json=GOOD, headers=headers)
    assert before_submitting.status_code == 404
    await service.client.post(url, json=GOOD, headers=headers)

    edited = await service.client.put(
        url, json={**GOOD, "comment": "Even better on second thought."}, headers=headers
    )
    assert edited.status_code == 200, edited.text
    mine = await service.client.get(url, headers=headers)
    assert mine.json()["comment"] == "Even better on second thought."
    [open_one] = await service.requests_of(rel.mentee, 1, status="open")
    assert open_one["about_user_id"] == rel.mentor
    assert await service.requests_of(rel.mentor, 0, status="open") == []


async def test_program_settings_shape_the_next_requests(feedback_service: Feedback) -> None:
    service, rel = feedback_service, Relationship()
    await service.program(rel, admins=["ada"])
    url = f"/v1/programs/{rel.program_id}/feedback-settings"
    body = {"feedback_due_days": 3, "rating_dimensions": ["clarity", "empathy"]}

    async def put(user: str) -> int:
        response = await service.client.put(url, json=body, headers=service.headers(user))
        return response.status_code

    assert await eventually(lambda: put("ada"), lambda status: status == 200) == 200
    assert await put(rel.mentor) == 404  # a participant does not administer the program
    held_at = datetime.now(UTC)
    await service.checkin(rel, held_at)
    [request] = await service.requests_of(rel.mentee, 1)
    assert request["dimensions"] == ["clarity", "empathy"]
    assert datetime.fromisoformat(request["due_at"]) == held_at + timedelta(days=3)
