"""What the matching service reacts to: feedback's relationship health (flag at-risk matches),
erasure requests (its own, once published) and every service's erasure confirmations."""

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.base import PersonErased
from contracts.feedback import FeedbackPersonErasedV1, RelationshipHealthChangedV1
from contracts.goals import GoalsPersonErasedV1
from contracts.matching import MatchingPersonErasedV1, PersonErasureRequestedV1
from contracts.notifications import NotificationsPersonErasedV1
from kit.events.consumer import Consumer
from kit.events.envelope import Event
from matching.matches import service as match_service
from matching.privacy import service as privacy_service

health = Consumer("relationship-health")


@health.on(RelationshipHealthChangedV1)
async def relationship_health_changed(
    session: AsyncSession, event: Event, payload: RelationshipHealthChangedV1
) -> None:
    await match_service.flag_for_review(session, event.org_id, payload)


# Matching erases on its own announcement, once published: its outbox row is scrubbed then.
erasure = Consumer("erasure")


@erasure.on(PersonErasureRequestedV1)
async def erasure_requested(
    session: AsyncSession, event: Event, payload: PersonErasureRequestedV1
) -> None:
    await privacy_service.erase(session, event.org_id, payload)


erasure_progress = Consumer("erasure-progress")


@erasure_progress.on(MatchingPersonErasedV1)
@erasure_progress.on(GoalsPersonErasedV1)
@erasure_progress.on(FeedbackPersonErasedV1)
@erasure_progress.on(NotificationsPersonErasedV1)
async def person_erased(session: AsyncSession, event: Event, payload: PersonErased) -> None:
    await privacy_service.confirm(session, event.org_id, payload)


CONSUMERS: list[Consumer] = [health, erasure, erasure_progress]
