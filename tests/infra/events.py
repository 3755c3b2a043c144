"""Publishing another service's events from a test, through the same contracts and envelope,
for a consumer whose producer is not running (or not built yet)."""

from aiokafka import AIOKafkaProducer

from contracts import EventPayload, topic_of
from kit.events.bus import InProcessBus
from kit.events.envelope import Event, Record, encode, new_event


def event_record(
    payload: EventPayload, *, subject: str, org_id: str, namespace: str = ""
) -> tuple[Event, Record]:
    event = new_event(payload, subject=subject, org_id=org_id)
    key, value, headers = encode(event)
    return event, Record(topic_of(payload.producer(), namespace), key, value, headers)


async def publish_to_kafka(
    bootstrap_servers: str,
    payload: EventPayload,
    *,
    subject: str,
    org_id: str,
    namespace: str = "",
    times: int = 1,
) -> Event:
    """Publish one event (`times` copies of it, to test redelivery); returns the event."""
    event, record = event_record(payload, subject=subject, org_id=org_id, namespace=namespace)
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap_servers, enable_idempotence=True)
    await producer.start()
    try:
        for _ in range(times):
            await producer.send_and_wait(
                record.topic, record.value, key=record.key, headers=list(record.headers)
            )
    finally:
        await producer.stop()
    return event


async def publish_to_bus(
    bus: InProcessBus, payload: EventPayload, *, subject: str, org_id: str, times: int = 1
) -> Event:
    event, record = event_record(payload, subject=subject, org_id=org_id)
    await bus.append([record] * times)
    return event
