"""The resource library, onboarding, survey templates, feedback summary and deliveries through
the gateway on the embedded backend."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from mentorship.embedded import create_embedded_app, dev_issuer
from tests.gateway.test_domain_operations import active_match, ok
from tests.gateway.test_graphql_api import Gateway
from tests.infra.apps import eventually, serve

pytestmark = pytest.mark.embedded


@pytest.fixture
async def gateway(tmp_path: Path) -> AsyncIterator[Gateway]:
    async with serve(create_embedded_app(tmp_path)) as client:
        yield Gateway(client, dev_issuer(tmp_path))


async def test_a_training_is_shared_completed_and_checked_off(gateway: Gateway) -> None:
    program_id, match_id, _ = await active_match(gateway)
    created = await eventually(
        lambda: gateway.run(
            """mutation($p: ID!) { createResource(programId: $p, input: {kind: TRAINING,
               title: "Mentoring 101", audience: BOTH, url: "https://1.1.1.1/course"}) {
               __typename ... on Resource { id kind audience } } }""",
            p=program_id,
        ),
        lambda body: body["data"]["createResource"]["__typename"] == "Resource",
    )
    resource_id = created["data"]["createResource"]["id"]
    assert (
        created["data"]["createResource"]["kind"],
        created["data"]["createResource"]["audience"],
    ) == ("TRAINING", "BOTH")
    attached = await ok(
        gateway,
        """mutation($r: ID!) { attachResource(resourceId: $r, goalTemplate: "Learn SQL") {
           __typename ... on Resource { goalTemplates } } }""",
        r=resource_id,
    )
    assert attached["attachResource"]["goalTemplates"] == ["Learn SQL"]
    library = await ok(
        gateway,
        "query($p: ID!) { programResources(programId: $p) { title } }",
        user="mo",
        p=program_id,
    )
    assert library["programResources"] == [{"title": "Mentoring 101"}]
    shared = await ok(
        gateway,
        """mutation($m: ID!, $r: ID!) { shareResource(matchId: $m, resourceId: $r, note: "Try") {
           __typename ... on SharedResource { sharedBy resource { title } } } }""",
        user="mo",
        m=match_id,
        r=resource_id,
    )
    assert shared["shareResource"]["sharedBy"] == "mo"
    seen = await ok(
        gateway,
        "query($m: ID!) { sharedResources(matchId: $m) { note } }",
        user="ming",
        m=match_id,
    )
    assert seen["sharedResources"] == [{"note": "Try"}]
    before = await ok(
        gateway,
        "query($p: ID!) { onboarding(programId: $p) { total completed } }",
        user="mo",
        p=program_id,
    )
    assert before["onboarding"] == {"total": 1, "completed": 0}
    after = await ok(
        gateway,
        """mutation($r: ID!) { completeResource(resourceId: $r) {
           ... on OnboardingChecklist { completed items { completedAt } } } }""",
        user="mo",
        r=resource_id,
    )
    assert after["completeResource"]["completed"] == 1
    assert after["completeResource"]["items"][0]["completedAt"] is not None


async def test_survey_templates_summary_and_deliveries(gateway: Gateway) -> None:
    program_id, _, _ = await active_match(gateway)
    default = await eventually(
        lambda: ok(
            gateway,
            "query($p: ID!) { surveyTemplate(programId: $p, kind: PULSE) { isDefault } }",
            p=program_id,
        ),
        lambda data: data["surveyTemplate"] is not None,
    )
    assert default["surveyTemplate"] == {"isDefault": True}
    updated = await ok(
        gateway,
        """mutation($p: ID!) { updateSurveyTemplate(programId: $p, kind: PULSE, anonymous: true,
           questions: [{key: "fit", text: "How well does it fit?"}]) {
           __typename ... on SurveyTemplate { isDefault anonymous questions { key type } } } }""",
        p=program_id,
    )
    assert updated["updateSurveyTemplate"] == {
        "__typename": "SurveyTemplate",
        "isDefault": False,
        "anonymous": True,
        "questions": [{"key": "fit", "type": "RATING"}],
    }
    refused = await ok(
        gateway,
        """mutation($p: ID!) { updateSurveyTemplate(programId: $p, kind: PULSE, anonymous: true,
           questions: [{key: "fit", text: "Fit?"}]) { __typename } }""",
        user="mo",
        p=program_id,
    )
    assert refused["updateSurveyTemplate"]["__typename"] in ("NotFound", "NotAllowed")
    summary = await ok(
        gateway,
        'query($p: ID!) { feedbackSummary(programId: $p, period: "2026-01") { withheld } }',
        p=program_id,
    )
    assert summary["feedbackSummary"]["withheld"] is True
    bad = await gateway.run(
        'query($p: ID!) { feedbackSummary(programId: $p, period: "soon") { withheld } }',
        p=program_id,
    )
    assert "does not match" in bad["errors"][0]["message"]  # readable, not masked
    deliveries = await ok(
        gateway, "{ notificationDeliveries { nodes { channel status } } }", user="mo"
    )
    assert isinstance(deliveries["notificationDeliveries"]["nodes"], list)
