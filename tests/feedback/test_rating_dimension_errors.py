"""A refused rating dimension says which dimensions are allowed, with a stable code and the field
(it used to show only a regular expression, or "no other" without naming the others)."""

from tests.feedback.harness import Feedback, Relationship

GOOD = {"preparation": 4, "listening": 5, "usefulness": 4}


async def test_a_dimension_the_request_did_not_ask_for_names_the_allowed_ones(
    feedback_service: Feedback,
) -> None:
    service, rel = feedback_service, Relationship()
    await service.checkin(rel)
    [request] = await service.requests_of(rel.mentor, 1)
    url = f"/v1/feedback-requests/{request['id']}/submission"
    ratings = {"preparation": 4, "listening": 5, "charisma": 3}

    response = await service.client.post(
        url,
        json={"ratings": ratings, "wants_to_continue": True},
        headers=service.headers(rel.mentor),
    )

    assert response.status_code == 422
    problem = response.json()
    assert problem["code"] == "rating-dimensions"
    assert problem["type"] == "https://mentorship.dev/problems/rating-dimensions"
    assert problem["field"] == "ratings"
    assert problem["allowed"] == ["preparation", "listening", "usefulness"]
    assert (problem["unexpected"], problem["missing"]) == (["charisma"], ["usefulness"])
    assert problem["detail"] == (
        "Rate each of 'preparation', 'listening', 'usefulness' from 1 to 5, and nothing else: "
        "'charisma' is not asked for; 'usefulness' is missing."
    )
    assert problem["errors"] == [
        {"location": ["body", "ratings"], "message": problem["detail"], "type": "rating-dimensions"}
    ]
    assert await service.rows("feedback_submissions") == []


async def test_a_badly_named_dimension_in_the_settings_is_explained_not_shown_as_a_pattern(
    feedback_service: Feedback,
) -> None:
    service, rel = feedback_service, Relationship()
    await service.program(rel, admins=["ada"])
    url = f"/v1/programs/{rel.program_id}/feedback-settings"
    body = {"feedback_due_days": 3, "rating_dimensions": ["clarity", "Active listening"]}

    response = await service.client.put(url, json=body, headers=service.headers("ada"))

    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert error["location"] == ["body", "rating_dimensions", 1]
    assert error["type"] == "rating_dimension"
    assert error["message"] == (
        "'Active listening' is not a dimension name: use 1 to 40 lowercase letters, digits or "
        "underscores, starting with a letter (for example 'active_listening')."
    )
    assert "^" not in error["message"]

    repeated = {"feedback_due_days": 3, "rating_dimensions": ["clarity", "clarity"]}
    response = await service.client.put(url, json=repeated, headers=service.headers("ada"))
    (error,) = response.json()["errors"]
    assert (error["type"], error["location"]) == (
        "rating_dimension_repeated",
        ["body", "rating_dimensions"],
    )
    assert error["message"] == "Each dimension once: clarity appears more than once."
