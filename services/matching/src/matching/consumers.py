"""What the matching service reacts to: feedback's relationship health (flag at-risk matches)."""

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.feedback import RelationshipHealthChangedV1
from kit.events.consumer import Consumer
from kit.events.envelope import Event
from matching.matches import service as match_service

health = Consumer("relationship-health")


@health.on(RelationshipHealthChangedV1)
async def relationship_health_changed(
    session: AsyncSession, event: Event, payload: RelationshipHealthChangedV1
) -> None:
    await match_service.flag_for_review(session, event.org_id, payload)


CONSUMERS: list[Consumer] = [health]
