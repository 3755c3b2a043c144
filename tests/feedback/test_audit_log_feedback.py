"""feedback's admin actions (feedback settings, survey templates, survey rounds) each leave one
audit entry with who and the before/after."""

from typing import Any

from tests.feedback.harness import Feedback, Relationship
from tests.feedback.test_survey_rounds import cohort
from tests.infra.apps import eventually


async def audited(service: Feedback, action: str) -> list[dict[str, Any]]:
    response = await service.client.get(
        "/v1/audit-log", params={"action": action}, headers=service.headers("boss", admin=True)
    )
    assert response.status_code == 200, response.text
    return [e for e in response.json()["items"] if e["action"] == action]


async def test_feedback_settings_and_survey_templates_are_audited(
    feedback_service: Feedback,
) -> None:
    service, rel = feedback_service, Relationship()
    await service.program(rel, admins=["ada"])
    url = f"/v1/programs/{rel.program_id}/feedback-settings"
    body = {"feedback_due_days": 3, "rating_dimensions": ["clarity"]}

    async def put(user: str) -> int:
        response = await service.client.put(url, json=body, headers=service.headers(user))
        return response.status_code

    assert await eventually(lambda: put("ada"), lambda status: status == 200) == 200
    assert await put("ada") == 200  # the same settings again: nothing changed, no entry
    assert await put(rel.mentor) == 404
    [entry] = await audited(service, "program.feedback_settings_changed")
    assert (entry["actor_id"], entry["target_id"]) == ("ada", str(rel.program_id))
    assert entry["after"] == {"feedback_due_days": 3, "rating_dimensions": ["clarity"]}
    assert entry["before"]["feedback_due_days"] != 3

    template_url = f"/v1/programs/{rel.program_id}/survey-templates/pulse"
    template = {
        "anonymous": False,
        "questions": [{"key": "mood", "text": "How is it going?", "type": "rating"}],
    }
    put_template = await service.client.put(
        template_url, json=template, headers=service.headers("ada")
    )
    assert put_template.status_code == 200
    [set_template] = await audited(service, "survey_template.set")
    assert set_template["before"] is None
    assert set_template["after"]["kind"] == "pulse"
    assert set_template["after"]["anonymous"] is False


async def test_a_survey_round_is_audited_once_even_when_retried(
    feedback_service: Feedback,
) -> None:
    service = feedback_service
    first, _, _ = await cohort(service)
    url = f"/v1/programs/{first.program_id}/survey-rounds"
    headers = {**service.headers("ada"), "Idempotency-Key": "round-1"}
    sent = await service.client.post(url, json={}, headers=headers)
    assert sent.status_code == 201, sent.text
    again = await service.client.post(url, json={}, headers=headers)
    assert again.status_code == 201
    [entry] = await audited(service, "survey_round.sent")
    assert (entry["actor_id"], entry["target_id"]) == ("ada", sent.json()["id"])
    assert (entry["after"]["matches"], entry["after"]["surveys"]) == (2, 4)
