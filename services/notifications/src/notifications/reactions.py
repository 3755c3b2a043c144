"""Who is told what about each domain event (DESIGN §4 reactions), in the recipients' words."""

from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.feedback import FeedbackRequestedV1, RelationshipHealthChangedV1, SurveyRequestedV1
from contracts.goals import CheckinFacts, CheckinRescheduledV1, MatchScoped
from contracts.matching import (
    MatchAcceptedV1,
    MatchActivatedV1,
    MatchDeclinedV1,
    MatchEndedV1,
    MatchParties,
    MatchProposedV1,
    MatchWithdrawnV1,
    ParticipantEnrolledV1,
    ParticipantWithdrawnV1,
)
from kit.events.envelope import Event
from notifications.deps import Deps
from notifications.directory.repository import DirectoryRepository
from notifications.directory.service import program_admins
from notifications.dispatch import derived_event_id, notify
from notifications.models import Program
from notifications.preferences.policy import Category

OUTCOMES = {"completed": "completed", "ended_early": "ended early", "withdrawn": "withdrawn"}
SURVEYS = {"pulse": "pulse", "close_out": "close-out"}


async def _names(session: AsyncSession, org_id: str, *user_ids: str) -> dict[str, str]:
    known = await DirectoryRepository(session).contacts(org_id, user_ids)
    return {
        user_id: known[user_id].display_name if user_id in known else user_id
        for user_id in user_ids
    }


async def _program(session: AsyncSession, org_id: str, program_id: UUID) -> Program | None:
    return await DirectoryRepository(session).program(org_id, program_id)


async def _program_name(session: AsyncSession, org_id: str, program_id: UUID) -> str:
    program = await _program(session, org_id, program_id)
    return program.name if program else "your program"


async def _both(
    session: AsyncSession,
    deps: Deps,
    event: Event,
    pair: MatchParties | MatchScoped,
    *,
    kind: str,
    category: Category,
    context: dict[str, Any],
    times: dict[str, Any] | None = None,
    only: set[str] | None = None,
) -> None:
    """Tell the mentor and the mentee, each about the other."""
    names = await _names(session, event.org_id, pair.mentor_user_id, pair.mentee_user_id)
    program = await _program(session, event.org_id, pair.program_id)
    sides = [
        (pair.mentor_user_id, "mentor", pair.mentee_user_id, "mentee"),
        (pair.mentee_user_id, "mentee", pair.mentor_user_id, "mentor"),
    ]
    for user_id, role, other_id, other_role in sides:
        if only is not None and user_id not in only:
            continue
        await notify(
            session,
            deps,
            org_id=event.org_id,
            user_id=user_id,
            source_event_id=str(event.id),
            kind=kind,
            category=category,
            context={
                "role": role,
                "other_role": other_role,
                "other_name": names[other_id],
                "program_name": program.name if program else "your program",
                **context,
            },
            times=times,
            slack_url=program.slack_webhook_url if program else None,
        )


async def enrolled(
    session: AsyncSession, deps: Deps, event: Event, p: ParticipantEnrolledV1
) -> None:
    await notify(
        session,
        deps,
        org_id=event.org_id,
        user_id=p.user_id,
        source_event_id=str(event.id),
        kind="enrolment",
        category="enrolment",
        context={"program_name": p.program_name, "role": p.role},
    )


async def match_proposed(
    session: AsyncSession, deps: Deps, event: Event, p: MatchProposedV1
) -> None:
    awaiting = set(p.awaiting)
    for user_id in (p.mentor_user_id, p.mentee_user_id):
        await _both(
            session,
            deps,
            event,
            p,
            kind="match_proposed",
            category="matches",
            context={"score": round(p.score, 2), "awaiting": user_id in awaiting},
            only={user_id},
        )


async def match_accepted(
    session: AsyncSession, deps: Deps, event: Event, p: MatchAcceptedV1
) -> None:
    context = {"starts_on": p.starts_on.isoformat()}
    await _both(session, deps, event, p, kind="match_accepted", category="matches", context=context)


async def match_activated(
    session: AsyncSession, deps: Deps, event: Event, p: MatchActivatedV1
) -> None:
    """Only a start later than the acceptance is news: a same-day start was in that notice."""
    if p.accepted_at.date() >= p.starts_on:
        return
    context = {"starts_on": p.starts_on.isoformat()}
    await _both(session, deps, event, p, kind="match_started", category="matches", context=context)


async def match_declined(
    session: AsyncSession, deps: Deps, event: Event, p: MatchDeclinedV1
) -> None:
    others = {p.mentor_user_id, p.mentee_user_id} - {p.declined_by_user_id}
    await _both(
        session,
        deps,
        event,
        p,
        kind="match_declined",
        category="matches",
        context={"reason": p.reason},
        only=others,
    )


async def match_ended(session: AsyncSession, deps: Deps, event: Event, p: MatchEndedV1) -> None:
    context = {"outcome": OUTCOMES.get(p.outcome, p.outcome), "reason": p.reason}
    await _both(session, deps, event, p, kind="match_ended", category="matches", context=context)


async def checkin(
    session: AsyncSession, deps: Deps, event: Event, p: CheckinFacts, kind: str
) -> None:
    times: dict[str, Any] = {"starts_at": p.starts_at}
    context: dict[str, Any] = {
        "duration_minutes": p.duration_minutes,
        "meeting_url": p.meeting_url,
        "reason": getattr(p, "reason", None),
    }
    if isinstance(p, CheckinRescheduledV1):
        times["previous_starts_at"] = p.previous_starts_at
    await _both(
        session, deps, event, p, kind=kind, category="checkins", context=context, times=times
    )


async def goal_event(
    session: AsyncSession, deps: Deps, event: Event, p: MatchScoped, kind: str, category: Category
) -> None:
    context = {
        "goal_title": getattr(p, "title", ""),
        "milestone_title": getattr(p, "title", ""),
        "due_on": str(getattr(p, "due_on", "")),
    }
    await _both(session, deps, event, p, kind=kind, category=category, context=context)


async def feedback_requested(
    session: AsyncSession, deps: Deps, event: Event, p: FeedbackRequestedV1
) -> None:
    names = await _names(session, event.org_id, p.about_user_id)
    await notify(
        session,
        deps,
        org_id=event.org_id,
        user_id=p.from_user_id,
        source_event_id=str(event.id),
        kind="feedback_requested",
        category="feedback",
        context={"other_name": names[p.about_user_id]},
        times={"due_at": p.due_at},
    )


async def survey_requested(
    session: AsyncSession, deps: Deps, event: Event, p: SurveyRequestedV1
) -> None:
    await notify(
        session,
        deps,
        org_id=event.org_id,
        user_id=p.user_id,
        source_event_id=str(event.id),
        kind="survey_requested",
        category="surveys",
        context={
            "survey_label": SURVEYS.get(p.kind, p.kind),
            "program_name": await _program_name(session, event.org_id, p.program_id),
            "anonymous": p.anonymous,
        },
        times={"due_at": p.due_at},
    )


async def health_changed(
    session: AsyncSession, deps: Deps, event: Event, p: RelationshipHealthChangedV1
) -> None:
    """Only a turn for the worse is news for the program's admins."""
    if not p.at_risk:
        return
    names = await _names(session, event.org_id, p.mentor_user_id, p.mentee_user_id)
    signals = ", ".join(f"{name} {value:+.0f}" for name, value in sorted(p.signals.items()))
    for admin in await program_admins(session, event.org_id, p.program_id):
        await notify(
            session,
            deps,
            org_id=event.org_id,
            user_id=admin,
            source_event_id=str(event.id),
            kind="relationship_at_risk",
            category="admin",
            context={
                "mentor_name": names[p.mentor_user_id],
                "mentee_name": names[p.mentee_user_id],
                "program_name": await _program_name(session, event.org_id, p.program_id),
                "score": round(p.score),
                "previous_score": None if p.previous_score is None else round(p.previous_score),
                "signals": signals,
            },
            urgent=True,
        )


async def _tell_admins(
    session: AsyncSession,
    deps: Deps,
    event: Event,
    program_id: UUID,
    *,
    kind: str,
    context: dict[str, Any],
    skip: frozenset[str] = frozenset(),
) -> None:
    """Tell the program's admins (each under their own preferences: the `admin` category's
    channels, the kind muted or not, their digest). Their notice has an id derived from the
    event's, so that an admin who is also one of the two people gets both notices, once each."""
    program_name = await _program_name(session, event.org_id, program_id)
    for admin in await program_admins(session, event.org_id, program_id):
        if admin in skip:
            continue  # they did it themselves
        await notify(
            session,
            deps,
            org_id=event.org_id,
            user_id=admin,
            source_event_id=derived_event_id(event.id, "admins"),
            kind=kind,
            category="admin",
            context={"program_name": program_name, **context},
        )


async def admins_match_declined(
    session: AsyncSession, deps: Deps, event: Event, p: MatchDeclinedV1
) -> None:
    await _tell_admins_of_a_pair(
        session, deps, event, p, "admin_match_declined", p.declined_by_user_id, p.reason
    )


async def admins_request_withdrawn(
    session: AsyncSession, deps: Deps, event: Event, p: MatchWithdrawnV1
) -> None:
    await _tell_admins_of_a_pair(
        session, deps, event, p, "admin_request_withdrawn", p.withdrawn_by_user_id, p.reason
    )


async def _tell_admins_of_a_pair(
    session: AsyncSession,
    deps: Deps,
    event: Event,
    p: MatchParties,
    kind: str,
    by: str,
    reason: str | None,
) -> None:
    """A pair's proposal answered or taken back by one of them (who is not told of it)."""
    names = await _names(session, event.org_id, p.mentor_user_id, p.mentee_user_id, by)
    context = {
        "mentor_name": names[p.mentor_user_id],
        "mentee_name": names[p.mentee_user_id],
        "by_name": names[by],
        "reason": reason,
    }
    await _tell_admins(
        session, deps, event, p.program_id, kind=kind, context=context, skip=frozenset({by})
    )


async def admins_participant_withdrawn(
    session: AsyncSession, deps: Deps, event: Event, p: ParticipantWithdrawnV1
) -> None:
    names = await _names(session, event.org_id, p.user_id)
    context = {"participant_name": names[p.user_id], "role": p.role}
    await _tell_admins(
        session,
        deps,
        event,
        p.program_id,
        kind="admin_participant_withdrawn",
        context=context,
        skip=frozenset({p.user_id}),
    )


async def admins_match_ended(
    session: AsyncSession, deps: Deps, event: Event, p: MatchEndedV1
) -> None:
    names = await _names(session, event.org_id, p.mentor_user_id, p.mentee_user_id)
    context = {
        "mentor_name": names[p.mentor_user_id],
        "mentee_name": names[p.mentee_user_id],
        "outcome": OUTCOMES.get(p.outcome, p.outcome),
        "reason": p.reason,
    }
    await _tell_admins(
        session, deps, event, p.program_id, kind="admin_match_ended", context=context
    )
