"""Known failures owned by other branches or not yet assigned, in ONE place. Each is a strict
xfail: when the fix lands the test passes, strict turns that into a failure, and the entry must
be deleted here. Keyed by operation id (`service:METHOD /path`); the reason names the finding.
"""

import pytest

PERIOD_YEAR_0 = (
    "feedback periods.bounds: period=0000-01 (or 9999-12) matches the YYYY-MM pattern and "
    "raises ValueError 'year 0 is out of range' -> 500, not 422 (unowned; reported to the lead)"
)

# The isolation matrix.
KNOWN_MATRIX: dict[str, str] = {
    "feedback:GET /v1/programs/{program_id}/feedback-summary": PERIOD_YEAR_0,
    "feedback:GET /v1/programs/{program_id}/survey-results": PERIOD_YEAR_0,
}

UNDOCUMENTED_STATUSES = (
    "kit/app.py documents only 422 and 503 for every operation; the services also answer "
    "400 (malformed body), 403, 404 and 409 as problem+json (the lead adds them to "
    "create_service_app's `responses`; delete this whole list then)"
)
RUN_WEIGHTS = (
    "POST /v1/programs/{id}/runs with out-of-range weight overrides (mentee_view / weights) "
    "raises pydantic ValidationError -> 500, not 422 (h6-matching-fairness)"
)

# Operations whose only failures were undocumented status codes in the fuzz run of this
# branch (10 examples each, derandomized); with those statuses documented (checked locally by
# patching kit/app.py) all of them pass.
_UNDOCUMENTED = [
    "matching:POST /v1/programs",
    "matching:GET /v1/programs/{program_id}",
    "matching:PATCH /v1/programs/{program_id}",
    "matching:POST /v1/programs/{program_id}/status",
    "matching:GET /v1/programs/{program_id}/participants",
    "matching:POST /v1/programs/{program_id}/participants",
    "matching:POST /v1/programs/{program_id}/participants/import",
    "matching:GET /v1/participants/{participant_id}",
    "matching:PATCH /v1/participants/{participant_id}",
    "matching:POST /v1/participants/{participant_id}/withdraw",
    "matching:GET /v1/programs/{program_id}/scores",
    "matching:GET /v1/participants/{participant_id}/recommendations",
    "matching:GET /v1/programs/{program_id}/runs",
    "matching:GET /v1/runs/{run_id}",
    "matching:GET /v1/runs/{run_id}/pairs/{mentee_participant_id}",
    "matching:POST /v1/runs/{run_id}/what-if",
    "matching:POST /v1/runs/{run_id}/publish",
    "matching:GET /v1/programs/{program_id}/matches",
    "matching:POST /v1/programs/{program_id}/matches",
    "matching:GET /v1/matches/{match_id}",
    "matching:POST /v1/matches/{match_id}/accept",
    "matching:POST /v1/matches/{match_id}/decline",
    "matching:POST /v1/matches/{match_id}/end",
    "matching:POST /v1/matches/{match_id}/review/clear",
    "matching:GET /v1/matches/{match_id}/rematch-suggestions",
    "matching:GET /v1/programs/{program_id}/circles",
    "matching:GET /v1/circles/{circle_id}",
    "goals:GET /v1/matches/{match_id}",
    "goals:PATCH /v1/matches/{match_id}",
    "goals:GET /v1/matches/{match_id}/goals",
    "goals:POST /v1/matches/{match_id}/goals",
    "goals:GET /v1/goals/{goal_id}",
    "goals:PATCH /v1/goals/{goal_id}",
    "goals:POST /v1/goals/{goal_id}/acknowledge",
    "goals:POST /v1/goals/{goal_id}/activate",
    "goals:POST /v1/goals/{goal_id}/complete",
    "goals:POST /v1/goals/{goal_id}/abandon",
    "goals:GET /v1/goals/{goal_id}/progress",
    "goals:POST /v1/goals/{goal_id}/progress",
    "goals:POST /v1/goals/{goal_id}/milestones",
    "goals:POST /v1/goals/{goal_id}/milestones/{milestone_id}/complete",
    "goals:GET /v1/matches/{match_id}/checkins",
    "goals:POST /v1/matches/{match_id}/checkins",
    "goals:GET /v1/checkins/{checkin_id}",
    "goals:PATCH /v1/checkins/{checkin_id}",
    "goals:POST /v1/checkins/{checkin_id}/reschedule",
    "goals:POST /v1/checkins/{checkin_id}/cancel",
    "goals:POST /v1/checkins/{checkin_id}/complete",
    "goals:POST /v1/checkins/{checkin_id}/notes",
    "goals:GET /v1/matches/{match_id}/calendar.ics",
    "goals:DELETE /v1/calendar-feeds/{feed_id}",
    "goals:GET /v1/calendar/{token}.ics",
    "goals:GET /v1/programs/{program_id}/resources",
    "goals:POST /v1/programs/{program_id}/resources",
    "goals:POST /v1/resources/{resource_id}/attachments",
    "goals:GET /v1/goals/{goal_id}/resources",
    "goals:GET /v1/matches/{match_id}/shared-resources",
    "goals:POST /v1/matches/{match_id}/shared-resources",
    "goals:GET /v1/programs/{program_id}/onboarding",
    "goals:POST /v1/resources/{resource_id}/completion",
    "feedback:GET /v1/feedback-requests/{request_id}",
    "feedback:GET /v1/feedback-requests/{request_id}/submission",
    "feedback:POST /v1/feedback-requests/{request_id}/submission",
    "feedback:PUT /v1/feedback-requests/{request_id}/submission",
    "feedback:GET /v1/feedback/received/{submission_id}",
    "feedback:GET /v1/programs/{program_id}/feedback-settings",
    "feedback:PUT /v1/programs/{program_id}/feedback-settings",
    "feedback:GET /v1/programs/{program_id}/feedback-summary",
    "feedback:GET /v1/programs/{program_id}/survey-templates/{kind}",
    "feedback:PUT /v1/programs/{program_id}/survey-templates/{kind}",
    "feedback:GET /v1/programs/{program_id}/survey-results",
    "feedback:GET /v1/surveys/{survey_id}",
    "feedback:POST /v1/surveys/{survey_id}/response",
    "feedback:GET /v1/programs/{program_id}/at-risk-matches",
    "feedback:GET /v1/matches/{match_id}/health",
    "feedback:GET /v1/programs/{program_id}/insights",
    "feedback:GET /v1/programs/{program_id}/insights.csv",
    "notifications:POST /v1/notifications/{notification_id}/read",
    "notifications:PUT /v1/preferences",
    "notifications:GET /v1/webhook-endpoints",
    "notifications:POST /v1/webhook-endpoints",
    "notifications:GET /v1/webhook-endpoints/{endpoint_id}",
    "notifications:PATCH /v1/webhook-endpoints/{endpoint_id}",
    "notifications:DELETE /v1/webhook-endpoints/{endpoint_id}",
    "notifications:POST /v1/webhook-endpoints/{endpoint_id}/rotate-secret",
    "notifications:POST /v1/webhook-endpoints/{endpoint_id}/test",
    "notifications:GET /v1/webhook-endpoints/{endpoint_id}/deliveries",
    "notifications:GET /v1/programs/{program_id}/slack",
    "notifications:PUT /v1/programs/{program_id}/slack",
]

# The fuzz tier.
KNOWN_FUZZ: dict[str, str] = {
    **dict.fromkeys(_UNDOCUMENTED, UNDOCUMENTED_STATUSES),
    "matching:POST /v1/programs/{program_id}/runs": f"{RUN_WEIGHTS}; {UNDOCUMENTED_STATUSES}",
}


GRAPHQL_IDS = (
    "gateway pastes GraphQL ids into downstream paths unchecked: an id with a control "
    "character raises httpx.InvalidURL -> masked 'Unexpected error' (issue 12 item 11, "
    "h1-gateway-edge: validate ids at the gateway)"
)
GRAPHQL_NULLS = (
    "an explicit null in an update input reaches code that indexes it: TypeError "
    "'NoneType' object is not subscriptable / AttributeError ... no attribute 'get' -> "
    "masked 'Unexpected error' (h1-gateway-edge)"
)
_GRAPHQL_IDS = [
    "Query.program",
    "Query.participants",
    "Query.participant",
    "Query.pairScore",
    "Query.match",
    "Query.circle",
    "Query.matchingRun",
    "Query.matchingRuns",
    "Query.goals",
    "Query.goalProgress",
    "Query.checkin",
    "Query.checkins",
    "Query.matchSchedule",
    "Query.sharedResources",
    "Query.onboarding",
    "Query.feedbackSubmission",
    "Query.survey",
    "Query.relationshipHealth",
    "Query.programInsights",
    "Query.feedbackSettings",
    "Query.surveyTemplate",
    "Query.feedbackSummary",
    "Query.programSlack",
    "Query.webhookDeliveries",
    "Mutation.changeProgramStatus",
    "Mutation.enrol",
    "Mutation.whatIf",
    "Mutation.publishMatchingRun",
    "Mutation.proposeMatch",
    "Mutation.acceptMatch",
    "Mutation.clearMatchReview",
    "Mutation.transitionGoal",
    "Mutation.completeMilestone",
    "Mutation.recordProgress",
    "Mutation.updateCheckin",
    "Mutation.revokeCalendarFeed",
    "Mutation.createResource",
    "Mutation.attachResource",
    "Mutation.shareResource",
    "Mutation.completeResource",
    "Mutation.respondToSurvey",
    "Mutation.updateFeedbackSettings",
    "Mutation.markNotificationRead",
    "Mutation.updateWebhookEndpoint",
    "Mutation.deleteWebhookEndpoint",
]
_GRAPHQL_NULLS = [
    "Mutation.setCheckinCadence",
    "Mutation.updateGoal",
    "Mutation.updateParticipant",
    "Mutation.updateProgram",
]

# The GraphQL fuzz tier, keyed by root field (`Query.programs`, `Mutation.createProgram`).
KNOWN_GRAPHQL: dict[str, str] = {
    **dict.fromkeys(_GRAPHQL_IDS, GRAPHQL_IDS),
    **dict.fromkeys(_GRAPHQL_NULLS, f"{GRAPHQL_NULLS}; {GRAPHQL_IDS}"),
}


def known_failure_marks(known: dict[str, str], operation_id: str) -> list[pytest.MarkDecorator]:
    reason = known.get(operation_id)
    if reason is None:
        return []
    return [pytest.mark.xfail(strict=True, reason=reason)]
