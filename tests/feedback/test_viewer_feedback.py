"""GET /v1/me: the feedback the signed-in person owes and the surveys they have not answered,
in one answer, scoped by the token alone."""

from datetime import UTC, datetime
from typing import Any

from tests.feedback.harness import Feedback, Relationship
from tests.feedback.test_surveys import day, started, surveys_of

GOOD = {
    "ratings": {"preparation": 4, "listening": 5, "usefulness": 4},
    "comment": "Great questions about my roadmap.",
    "wants_to_continue": True,
}


async def me(service: Feedback, user: str, org: str = "acme", **params: str) -> dict[str, Any]:
    response = await service.client.get("/v1/me", headers=service.headers(user, org), params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_the_viewer_sees_feedback_due_and_open_surveys_until_answered(
    feedback_service: Feedback,
) -> None:
    service, rel = feedback_service, Relationship()
    await started(service, rel)
    await service.scheduler(day(30)).fire_due()
    await service.checkin(rel, datetime.now(UTC))
    [request] = await service.requests_of(rel.mentee, 1)
    [survey] = await surveys_of(service, rel.mentee)

    tom = await me(service, rel.mentee)
    assert [r["id"] for r in tom["feedback_due"]] == [request["id"]]
    assert tom["feedback_due"][0]["about_user_id"] == rel.mentor
    assert [s["id"] for s in tom["surveys_open"]] == [survey["id"]]
    assert tom["surveys_open"][0]["kind"] == "pulse"

    # Strangers, the program's admin and the same user in another tenant owe nothing here;
    # a parameter naming Tom does not make them Tom.
    for user, org in (("stranger", "acme"), ("ada", "acme"), (rel.mentee, "globex")):
        assert await me(service, user, org, user_id=rel.mentee) == {
            "feedback_due": [],
            "surveys_open": [],
        }

    # Answered, each leaves the list.
    submitted = await service.client.post(
        f"/v1/feedback-requests/{request['id']}/submission",
        json=GOOD,
        headers=service.headers(rel.mentee),
    )
    assert submitted.status_code == 201, submitted.text
    answers = {q["key"]: (4 if q["type"] == "rating" else "fine") for q in survey["questions"]}
    answered = await service.client.post(
        f"/v1/surveys/{survey['id']}/response",
        json={"answers": answers},
        headers=service.headers(rel.mentee),
    )
    assert answered.status_code == 201, answered.text
    assert await me(service, rel.mentee) == {"feedback_due": [], "surveys_open": []}
    # The mentor's own request is still his to answer.
    maria = await me(service, rel.mentor)
    assert [r["about_user_id"] for r in maria["feedback_due"]] == [rel.mentee]
    assert (await service.client.get("/v1/me")).status_code == 401
