"""The viewer's one to-do list, from the three services' answers about them: proposals to answer
(matching), feedback to give and surveys to answer (feedback), goals to acknowledge as mentor
(goals); for program admins, draft runs to publish and at-risk matches to review (matching).
Proposals come first, then by due date, the undated last, oldest first within."""

from datetime import UTC, datetime
from typing import Any

import strawberry

from gateway.api import matching as matching_api
from gateway.derive import build
from gateway.feedback.types import FeedbackRequest, Survey
from gateway.goals.types import Goal
from gateway.matching.matches import Match
from gateway.viewer.types import (
    RunAwaitingReview,
    TodoAction,
    TodoArgument,
    TodoItem,
    TodoKind,
)

SURVEY_NAMES = {"pulse": "pulse survey", "close_out": "close-out survey"}
_LAST = datetime.max.replace(tzinfo=UTC)


def _id(value: Any) -> strawberry.ID:
    return strawberry.ID(str(value))


def _item(
    kind: TodoKind,
    title: str,
    target: Match | FeedbackRequest | Survey | Goal | RunAwaitingReview,
    actions: list[TodoAction],
    program_id: Any,
    match_id: Any,
    due_at: datetime | None,
) -> TodoItem:
    return TodoItem(
        id=_id(f"{kind.value}:{target.id}"),
        kind=kind,
        title=title,
        object_id=target.id,
        object_type=type(target).__name__,
        mutation=actions[0].mutation,
        actions=actions,
        target=target,
        program_id=_id(program_id) if program_id else None,
        match_id=_id(match_id) if match_id else None,
        due_at=due_at,
    )


def _args(**values: str) -> list[TodoArgument]:
    return [TodoArgument(name=name, value=value) for name, value in values.items()]


def _names(matching: dict[str, Any]) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Display names by user id and by match id (the partners), program names by id."""
    by_user: dict[str, str] = {}
    by_match: dict[str, str] = {}
    for entry in matching["matches"]:
        partner = entry.get("partner")
        if partner:
            by_user[partner["user_id"]] = partner["display_name"]
            by_match[str(entry["match"]["id"])] = partner["display_name"]
    programs = {str(p["program"]["id"]): p["program"]["name"] for p in matching["participations"]}
    return by_user, by_match, programs


def proposals(matching: dict[str, Any]) -> list[TodoItem]:
    _, by_match, programs = _names(matching)
    items = []
    for entry in matching["matches"]:
        if not entry["awaits_viewer"]:
            continue
        match = Match.from_api(entry["match"])
        partner = by_match.get(match.id, "someone")
        program = programs.get(str(match.program_id))
        where = f" in {program}" if program else ""
        title = (
            f"{partner} would be your mentee{where}: accept or decline"
            if entry["role"] == "mentor"
            else f"{partner} would be your mentor{where}: accept or decline"
        )
        ids = _args(id=match.id)
        actions = [
            TodoAction(mutation="acceptMatch", label="Accept", arguments=ids),
            TodoAction(mutation="declineMatch", label="Decline", arguments=ids),
        ]
        kind = TodoKind.ANSWER_PROPOSAL
        items.append(_item(kind, title, match, actions, match.program_id, match.id, None))
    return items


def feedback_and_surveys(matching: dict[str, Any], feedback: dict[str, Any]) -> list[TodoItem]:
    by_user, _, programs = _names(matching)
    items = []
    for data in feedback["feedback_due"]:
        request = FeedbackRequest.from_api(data)
        about = by_user.get(request.about_user_id, request.about_user_id)
        action = TodoAction(
            mutation="submitFeedback", label="Give feedback", arguments=_args(requestId=request.id)
        )
        items.append(
            _item(
                TodoKind.GIVE_FEEDBACK,
                f"Give feedback on your check-in with {about}",
                request,
                [action],
                request.program_id,
                request.match_id,
                request.due_at,
            )
        )
    for data in feedback["surveys_open"]:
        survey = Survey.from_api(data)
        program = programs.get(str(survey.program_id))
        name = SURVEY_NAMES.get(data["kind"], "survey")
        action = TodoAction(
            mutation="respondToSurvey", label="Answer", arguments=_args(id=survey.id)
        )
        items.append(
            _item(
                TodoKind.ANSWER_SURVEY,
                f"Answer the {name}" + (f" of {program}" if program else ""),
                survey,
                [action],
                survey.program_id,
                survey.match_id,
                survey.due_at,
            )
        )
    return items


def goals_to_acknowledge(matching: dict[str, Any], goals: dict[str, Any]) -> list[TodoItem]:
    _, by_match, _ = _names(matching)
    wanted = {str(goal_id) for goal_id in goals["goals_to_acknowledge"]}
    items = []
    for data in goals["goals"]:
        if str(data["id"]) not in wanted:
            continue
        goal = Goal.from_api(data)
        mentee = by_match.get(str(data["match_id"]), "your mentee")
        action = TodoAction(
            mutation="transitionGoal",
            label="Acknowledge",
            arguments=_args(id=goal.id, action="ACKNOWLEDGE"),
        )
        items.append(
            _item(
                TodoKind.ACKNOWLEDGE_GOAL,
                f"Is {mentee}'s goal \u201c{goal.title}\u201d achievable? Acknowledge it",
                goal,
                [action],
                None,
                data["match_id"],
                None,  # the acknowledgement has no date of its own
            )
        )
    return items


def for_admins(matching: dict[str, Any]) -> list[TodoItem]:
    """Draft runs to publish and matches at risk to review, in the programs the viewer
    administers (oldest first)."""
    programs = {str(p["program"]["id"]): p["program"]["name"] for p in matching["participations"]}
    items = []
    for data in matching["runs_awaiting_review"]:
        run = build(RunAwaitingReview, matching_api.RunAwaitingReview.model_validate(data))
        action = TodoAction(
            mutation="publishMatchingRun", label="Publish", arguments=_args(runId=run.id)
        )
        title = f"Review the draft matching run ({run.matched} pairs) and publish it"
        items.append(_item(TodoKind.PUBLISH_RUN, title, run, [action], run.program_id, None, None))
    for data in matching["matches_flagged"]:
        match = Match.from_api(data)
        program = programs.get(str(match.program_id))
        ids = _args(id=match.id)
        actions = [
            TodoAction(mutation="clearMatchReview", label="Mark reviewed", arguments=ids),
            TodoAction(mutation="endMatch", label="End the match", arguments=ids),
        ]
        title = (
            f"The match of {match.mentor_user_id} and {match.mentee_user_id} is at risk"  # type: ignore[attr-defined]
            + (f" in {program}" if program else "")
            + ": review it"
        )
        items.append(
            _item(TodoKind.REVIEW_MATCH, title, match, actions, match.program_id, match.id, None)
        )
    return items


def todo(
    matching: dict[str, Any], goals: dict[str, Any], feedback: dict[str, Any]
) -> list[TodoItem]:
    dated = (
        feedback_and_surveys(matching, feedback)
        + goals_to_acknowledge(matching, goals)
        + for_admins(matching)
    )
    dated.sort(key=lambda item: item.due_at or _LAST)
    return proposals(matching) + dated
