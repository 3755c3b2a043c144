"""Every event the notifications service reacts to, in one place; handlers stay thin.

Two consumers: `inbox` tells people (and keeps the read models), `webhooks` forwards every
event to the tenant's subscribed endpoints. They are built per app around its `Deps` (settings
and clock); `CONSUMERS` are the same handlers with default settings, for the catalogue.
"""

from sqlalchemy.ext.asyncio import AsyncSession

from contracts import REGISTRY, EventPayload
from contracts.feedback import (
    FeedbackRequestedV1,
    FeedbackSubmittedV1,
    RelationshipHealthChangedV1,
    SurveyRequestedV1,
)
from contracts.goals import (
    CheckinCancelledV1,
    CheckinCompletedV1,
    CheckinMissedV1,
    CheckinRescheduledV1,
    CheckinScheduledV1,
    GoalCompletedV1,
    GoalOverdueV1,
    MilestoneCompletedV1,
)
from contracts.matching import (
    MatchAcceptedV1,
    MatchActivatedV1,
    MatchDeclinedV1,
    MatchEndedV1,
    MatchProposedV1,
    MatchWithdrawnV1,
    ParticipantEnrolledV1,
    ParticipantProfileUpdatedV1,
    ParticipantWithdrawnV1,
    PersonActivatedV1,
    PersonDeactivatedV1,
    PersonErasureRequestedV1,
    ProgramCreatedV1,
    ProgramUpdatedV1,
)
from kit.events.consumer import Consumer
from kit.events.envelope import Event
from notifications import reactions
from notifications.deps import Deps
from notifications.directory import service as directory
from notifications.privacy import service as privacy_service
from notifications.reminders import service as reminders
from notifications.settings import NotificationsSettings
from notifications.webhooks import delivery as webhooks

FORWARDED_PRODUCERS = ("matching", "goals", "feedback")
NOT_FORWARDED = frozenset({PersonErasureRequestedV1.event_type})
"""Erasure requests name the person being erased: they stay inside the backend."""


def build_consumers(deps: Deps) -> list[Consumer]:
    inbox = Consumer("inbox")

    @inbox.on(ProgramCreatedV1)
    @inbox.on(ProgramUpdatedV1)
    async def program_changed(
        session: AsyncSession, event: Event, p: ProgramCreatedV1 | ProgramUpdatedV1
    ) -> None:
        await directory.remember_program(
            session, event.org_id, p.program_id, p.name, p.admin_user_ids
        )

    @inbox.on(ParticipantEnrolledV1)
    async def participant_enrolled(
        session: AsyncSession, event: Event, p: ParticipantEnrolledV1
    ) -> None:
        await directory.remember_contact(
            session,
            event.org_id,
            p.user_id,
            display_name=p.display_name,
            email=p.email,
            timezone=p.timezone,
            locale=p.locale,
        )
        await reactions.enrolled(session, deps, event, p)

    @inbox.on(ParticipantProfileUpdatedV1)
    async def profile_updated(
        session: AsyncSession, event: Event, p: ParticipantProfileUpdatedV1
    ) -> None:
        await directory.remember_contact(
            session,
            event.org_id,
            p.user_id,
            display_name=p.display_name,
            email=p.email,
            timezone=p.timezone,
            locale=p.locale,
        )

    @inbox.on(PersonDeactivatedV1)
    async def person_deactivated(
        session: AsyncSession, event: Event, p: PersonDeactivatedV1
    ) -> None:
        await directory.set_deactivated(session, event.org_id, p.user_id, True)

    @inbox.on(PersonActivatedV1)
    async def person_activated(session: AsyncSession, event: Event, p: PersonActivatedV1) -> None:
        await directory.set_deactivated(session, event.org_id, p.user_id, False)

    @inbox.on(MatchProposedV1)
    async def match_proposed(session: AsyncSession, event: Event, p: MatchProposedV1) -> None:
        await reactions.match_proposed(session, deps, event, p)

    @inbox.on(MatchAcceptedV1)
    async def match_accepted(session: AsyncSession, event: Event, p: MatchAcceptedV1) -> None:
        await reactions.match_accepted(session, deps, event, p)

    @inbox.on(MatchActivatedV1)
    async def match_activated(session: AsyncSession, event: Event, p: MatchActivatedV1) -> None:
        await reactions.match_activated(session, deps, event, p)

    @inbox.on(MatchDeclinedV1)
    async def match_declined(session: AsyncSession, event: Event, p: MatchDeclinedV1) -> None:
        await reactions.match_declined(session, deps, event, p)
        await reactions.admins_match_declined(session, deps, event, p)

    @inbox.on(MatchEndedV1)
    async def match_ended(session: AsyncSession, event: Event, p: MatchEndedV1) -> None:
        await reactions.match_ended(session, deps, event, p)
        await reactions.admins_match_ended(session, deps, event, p)

    @inbox.on(ParticipantWithdrawnV1)
    async def participant_withdrawn(
        session: AsyncSession, event: Event, p: ParticipantWithdrawnV1
    ) -> None:
        await reactions.admins_participant_withdrawn(session, deps, event, p)

    @inbox.on(MatchWithdrawnV1)
    async def request_withdrawn(session: AsyncSession, event: Event, p: MatchWithdrawnV1) -> None:
        await reactions.admins_request_withdrawn(session, deps, event, p)

    @inbox.on(CheckinScheduledV1)
    async def checkin_scheduled(session: AsyncSession, event: Event, p: CheckinScheduledV1) -> None:
        await reactions.checkin(session, deps, event, p, "checkin_scheduled")
        await reminders.plan_checkin_reminders(session, deps, event.org_id, p)

    @inbox.on(CheckinRescheduledV1)
    async def checkin_rescheduled(
        session: AsyncSession, event: Event, p: CheckinRescheduledV1
    ) -> None:
        await reactions.checkin(session, deps, event, p, "checkin_rescheduled")
        await reminders.plan_checkin_reminders(session, deps, event.org_id, p)

    @inbox.on(CheckinCancelledV1)
    async def checkin_cancelled(session: AsyncSession, event: Event, p: CheckinCancelledV1) -> None:
        await reactions.checkin(session, deps, event, p, "checkin_cancelled")
        await reminders.cancel_checkin_reminders(session, event.org_id, p)

    @inbox.on(CheckinMissedV1)
    async def checkin_missed(session: AsyncSession, event: Event, p: CheckinMissedV1) -> None:
        await reactions.checkin(session, deps, event, p, "checkin_missed")
        await reminders.cancel_checkin_reminders(session, event.org_id, p)

    @inbox.on(CheckinCompletedV1)
    async def checkin_completed(session: AsyncSession, event: Event, p: CheckinCompletedV1) -> None:
        await reminders.cancel_checkin_reminders(session, event.org_id, p)

    @inbox.on(GoalOverdueV1)
    async def goal_overdue(session: AsyncSession, event: Event, p: GoalOverdueV1) -> None:
        await reactions.goal_event(session, deps, event, p, "goal_overdue", "goals")

    @inbox.on(MilestoneCompletedV1)
    async def milestone_completed(
        session: AsyncSession, event: Event, p: MilestoneCompletedV1
    ) -> None:
        await reactions.goal_event(session, deps, event, p, "milestone_completed", "celebrations")

    @inbox.on(GoalCompletedV1)
    async def goal_completed(session: AsyncSession, event: Event, p: GoalCompletedV1) -> None:
        await reactions.goal_event(session, deps, event, p, "goal_completed", "celebrations")

    @inbox.on(FeedbackRequestedV1)
    async def feedback_requested(
        session: AsyncSession, event: Event, p: FeedbackRequestedV1
    ) -> None:
        await reactions.feedback_requested(session, deps, event, p)
        await reminders.plan_feedback_reminder(session, deps, event.org_id, p)

    @inbox.on(FeedbackSubmittedV1)
    async def feedback_submitted(
        session: AsyncSession, event: Event, p: FeedbackSubmittedV1
    ) -> None:
        await reminders.cancel_feedback_reminder(session, event.org_id, p.request_id)

    @inbox.on(SurveyRequestedV1)
    async def survey_requested(session: AsyncSession, event: Event, p: SurveyRequestedV1) -> None:
        await reactions.survey_requested(session, deps, event, p)

    @inbox.on(RelationshipHealthChangedV1)
    async def health_changed(
        session: AsyncSession, event: Event, p: RelationshipHealthChangedV1
    ) -> None:
        await reactions.health_changed(session, deps, event, p)

    return [inbox, _webhook_consumer(deps), _erasure_consumer()]


def _erasure_consumer() -> Consumer:
    """Erases a person on matching's request, in a group of its own (never behind a backlog)."""
    erasure = Consumer("erasure")

    @erasure.on(PersonErasureRequestedV1)
    async def erasure_requested(
        session: AsyncSession, event: Event, payload: PersonErasureRequestedV1
    ) -> None:
        await privacy_service.erase(session, event.org_id, payload)

    return erasure


def _webhook_consumer(deps: Deps) -> Consumer:
    forwarder = Consumer("webhooks")

    async def forward(session: AsyncSession, event: Event, _: EventPayload) -> None:
        await webhooks.fan_out(session, deps, event)

    for event_type in REGISTRY:
        if event_type.split(".")[1] in FORWARDED_PRODUCERS and event_type not in NOT_FORWARDED:
            forwarder.handlers[event_type] = forward
    return forwarder


CONSUMERS = build_consumers(Deps(NotificationsSettings()))
