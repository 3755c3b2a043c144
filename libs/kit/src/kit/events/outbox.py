"""Writing events into the outbox, inside the caller's transaction."""

import json
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from contracts import EventPayload, topic_of
from kit.db import on_commit
from kit.events.envelope import Event, encode, new_event
from kit.tables import PlatformTables

RELAY_WAKE_UP = "outbox"
"""The commit hook (`kit.db.on_commit`) that wakes this process's relay."""


class Outbox:
    """Queues events in the same transaction as the state change they announce."""

    def __init__(self, tables: PlatformTables, namespace: str = "") -> None:
        self._table = tables.outbox
        self._namespace = namespace

    async def add(
        self, session: AsyncSession, payload: EventPayload, *, subject: str, org_id: str
    ) -> Event:
        event = new_event(payload, subject=subject, org_id=org_id)
        await self.add_event(session, event, topic_of(payload.producer(), self._namespace))
        return event

    async def add_many(
        self, session: AsyncSession, payloads: Sequence[tuple[EventPayload, str]], *, org_id: str
    ) -> list[Event]:
        """Many (payload, subject) events in one executemany, relayed in this order."""
        events = [new_event(p, subject=subject, org_id=org_id) for p, subject in payloads]
        rows = [
            _row(event, topic_of(payload.producer(), self._namespace))
            for event, (payload, _) in zip(events, payloads, strict=True)
        ]
        if rows:
            await session.execute(self._table.insert(), rows)
            on_commit(session, RELAY_WAKE_UP)
        return events

    async def add_event(self, session: AsyncSession, event: Event, topic: str) -> None:
        await session.execute(self._table.insert().values(**_row(event, topic)))
        on_commit(session, RELAY_WAKE_UP)


def _row(event: Event, topic: str) -> dict[str, object]:
    key, value, headers = encode(event)
    return {
        "event_id": str(event.id),
        "type": event.type,
        "aggregateid": key.decode(),
        "topic": topic,
        "payload": value,
        "headers": json.dumps([[name, raw.decode()] for name, raw in headers]),
    }


async def emit(session: AsyncSession, payload: EventPayload, *, subject: str, org_id: str) -> Event:
    """Announce a state change: the event commits or rolls back with the session's transaction."""
    return await _outbox(session).add(session, payload, subject=subject, org_id=org_id)


async def emit_many(
    session: AsyncSession, payloads: Sequence[tuple[EventPayload, str]], *, org_id: str
) -> list[Event]:
    """`emit` for many (payload, subject) changes of one organisation, in one round trip."""
    return await _outbox(session).add_many(session, payloads, org_id=org_id)


def _outbox(session: AsyncSession) -> Outbox:
    outbox = session.info.get("outbox")
    if not isinstance(outbox, Outbox):
        raise RuntimeError("this session was not made by a service runtime: it has no outbox")
    return outbox
