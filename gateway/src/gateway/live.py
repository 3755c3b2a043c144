"""Live events for subscriptions: every gateway replica reads the event topics itself (no shared
consumer group, so each replica sees every event) and hands each event to the listeners whose
filter accepts it. A listener exists only while its subscription is open."""

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager

import structlog
from aiokafka import AIOKafkaConsumer

from kit.events.bus import InProcessBus
from kit.events.envelope import Event, MalformedEventError, Record, decode

log = structlog.get_logger(__name__)
Accept = Callable[[Event], bool]


class LiveEvents:
    def __init__(self, queue_size: int = 100) -> None:
        self._listeners: dict[int, tuple[Accept, asyncio.Queue[Event]]] = {}
        self._queue_size = queue_size

    @property
    def listeners(self) -> int:
        return len(self._listeners)

    @asynccontextmanager
    async def listen(self, accept: Accept) -> AsyncIterator[asyncio.Queue[Event]]:
        queue: asyncio.Queue[Event] = asyncio.Queue(self._queue_size)
        key = id(queue)
        self._listeners[key] = (accept, queue)
        try:
            yield queue
        finally:
            self._listeners.pop(key, None)

    def dispatch(self, record: Record) -> None:
        try:
            event = decode(record)
        except MalformedEventError:
            return  # the services' consumers dead-letter it; a live view just skips it
        for accept, queue in list(self._listeners.values()):
            if accept(event):
                if queue.full():  # a slow client loses its oldest live update, not the feed
                    with contextlib.suppress(asyncio.QueueEmpty):
                        queue.get_nowait()
                queue.put_nowait(event)


async def read_kafka(live: LiveEvents, bootstrap_servers: str, topics: Sequence[str]) -> None:
    """Read from the end of the topics for as long as the gateway runs."""
    consumer = AIOKafkaConsumer(
        *topics,
        bootstrap_servers=bootstrap_servers,
        group_id=None,
        auto_offset_reset="latest",
        enable_auto_commit=False,
    )
    await consumer.start()
    try:
        async for message in consumer:
            live.dispatch(
                Record(
                    message.topic,
                    message.key,
                    message.value or b"",
                    tuple(message.headers or ()),
                    message.partition,
                    message.offset,
                )
            )
    finally:
        await consumer.stop()


async def read_bus(live: LiveEvents, bus: InProcessBus, topics: Sequence[str]) -> None:
    """The embedded mode's equivalent: a private group starting at the end of each topic."""
    group = f"gateway-live-{uuid.uuid4().hex}"
    for topic in topics:
        bus.commit(group, topic, len(bus.records(topic)))
    subscription = bus.subscription(group, topics)
    await subscription.start()
    while True:
        for records in (await subscription.fetch(1.0, 500)).values():
            for record in records:
                live.dispatch(record)
