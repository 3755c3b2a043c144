"""Visibility by design: a comment reaches its recipient only; admins see aggregates, and never
an aggregate over fewer than five people."""

from datetime import UTC, datetime
from typing import Any

from tests.feedback.harness import Feedback, Relationship

SECRET = "Please stop checking your phone during our sessions."


def body(score: int, comment: str | None = None) -> dict[str, Any]:
    ratings = dict.fromkeys(("preparation", "listening", "usefulness"), score)
    return {"ratings": ratings, "comment": comment, "wants_to_continue": True}


async def give(service: Feedback, giver: str, score: int, comment: str | None = None) -> str:
    [request] = await service.requests_of(giver, 1)
    response = await service.client.post(
        f"/v1/feedback-requests/{request['id']}/submission",
        json=body(score, comment),
        headers=service.headers(giver),
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def test_a_comment_is_visible_to_its_recipient_only(feedback_service: Feedback) -> None:
    service, rel = feedback_service, Relationship(mentor="maria", mentee="tom")
    await service.program(rel, admins=["pat"])
    await service.checkin(rel)
    submission_id = await give(service, rel.mentee, 2, SECRET)
    url = f"/v1/feedback/received/{submission_id}"

    received = await service.client.get("/v1/feedback/received", headers=service.headers("maria"))
    [item] = received.json()["items"]
    assert (item["comment"], item["from_user_id"]) == (SECRET, "tom")
    assert "wants_to_continue" not in item  # the fit check is not shown to the partner
    assert (await service.client.get(url, headers=service.headers("maria"))).status_code == 200

    # The program admin, an org admin, the recipient's manager, the same user id in another
    # tenant: none of them can read it, and none learns it exists.
    for outsider in (
        service.headers("pat"),
        service.headers("root", admin=True),
        service.headers("maria-manager"),
        service.headers("maria", "globex", admin=True),
    ):
        assert (await service.client.get(url, headers=outsider)).status_code == 404
        listed = await service.client.get("/v1/feedback/received", headers=outsider)
        assert SECRET not in listed.text
    # The author only sees what they gave, through their own request.
    about_tom = await service.client.get("/v1/feedback/received", headers=service.headers("tom"))
    assert about_tom.json()["items"] == []
    assert (await service.client.get(url, headers=service.headers("tom"))).status_code == 404


async def test_admins_get_aggregates_only_over_five_people_or_more(
    feedback_service: Feedback,
) -> None:
    service = feedback_service
    program = Relationship()
    pairs = [
        Relationship(program_id=program.program_id, mentor=f"m{i}", mentee=f"e{i}")
        for i in range(3)
    ]
    await service.program(program, admins=["pat"])
    for rel in pairs:
        await service.checkin(rel)
    period = f"{datetime.now(UTC):%Y-%m}"
    url = f"/v1/programs/{program.program_id}/feedback-summary"

    async def summary(user: str = "pat") -> dict[str, Any]:
        response = await service.client.get(
            url, params={"period": period}, headers=service.headers(user)
        )
        assert response.status_code == 200, response.text
        result: dict[str, Any] = response.json()
        return result

    for giver, score in (("m0", 5), ("e0", 4), ("m1", 3), ("e1", 4)):
        await give(service, giver, score, SECRET)
    four = await summary()
    assert four["withheld"] is True
    assert (four["raters"], four["ratings"], four["continue_share"]) == (None, {}, None)

    await give(service, "m2", 4, SECRET)
    five = await summary()
    assert five["withheld"] is False
    assert five["raters"] == 5
    assert five["ratings"] == {"listening": 4.0, "preparation": 4.0, "usefulness": 4.0}
    assert SECRET not in str(five)
    participant = await service.client.get(
        url, params={"period": period}, headers=service.headers("m0")
    )
    assert participant.status_code == 404
