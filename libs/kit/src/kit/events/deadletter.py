"""Dead letters: a message that cannot be handled goes to `<topic>.dlq`, never into a log line.

The dead letter keeps the original key, value and headers and adds `dlq_*` headers saying where
it came from and why it failed. `replay` sends dead letters back to their original topic.
"""

from datetime import UTC, datetime

from kit.events.envelope import Record, with_headers
from kit.events.transport import Publisher, Subscription

DLQ_SUFFIX = ".dlq"


def dlq_topic(topic: str) -> str:
    return topic + DLQ_SUFFIX


def dead_letter_record(
    record: Record, consumer: str, reason: str, error: BaseException, attempts: int
) -> Record:
    extra = [
        ("dlq_reason", reason.encode()),
        ("dlq_error", f"{type(error).__name__}: {error}"[:4000].encode()),
        ("dlq_consumer", consumer.encode()),
        ("dlq_attempts", str(attempts).encode()),
        ("dlq_original_topic", record.topic.encode()),
        ("dlq_original_partition", str(record.partition).encode()),
        ("dlq_original_offset", str(record.offset).encode()),
        ("dlq_failed_at", datetime.now(UTC).isoformat().encode()),
    ]
    return Record(
        topic=dlq_topic(record.topic),
        key=record.key,
        value=record.value,
        headers=with_headers(record.headers, extra),
    )


def original_record(dead: Record) -> Record:
    """The message as it was before it failed, bound for its original topic."""
    original_topic = dead.header("dlq_original_topic")
    topic = original_topic.decode() if original_topic else dead.topic.removesuffix(DLQ_SUFFIX)
    headers = tuple((name, value) for name, value in dead.headers if not name.startswith("dlq_"))
    return Record(topic=topic, key=dead.key, value=dead.value, headers=headers)


async def replay(
    subscription: Subscription, publisher: Publisher, idle_seconds: float = 2.0
) -> int:
    """Send every dead letter the subscription reads back to its original topic.

    Stops when nothing arrives for `idle_seconds`; returns how many were replayed. Consumers
    that had already handled an event skip it through their inbox.
    """
    replayed = 0
    while batches := await subscription.fetch(idle_seconds, 500):
        for partition, records in batches.items():
            await publisher.publish([original_record(record) for record in records])
            await subscription.commit({partition: records[-1].offset + 1})
            replayed += len(records)
    return replayed
