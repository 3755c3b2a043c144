"""Reading and writing raw records on the test broker, around the code under test."""

from collections.abc import Sequence

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient

from kit.events.envelope import Record


async def read_all(bootstrap: str, topic: str, expect: int, within: float = 30.0) -> list[Record]:
    """Every record of a topic from the start, waiting (bounded) until `expect` have arrived."""
    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest", enable_auto_commit=False
    )
    await consumer.start()
    records: list[Record] = []
    try:
        loop_deadline = within
        while len(records) < expect and loop_deadline > 0:
            batches = await consumer.getmany(timeout_ms=500)
            loop_deadline -= 0.5
            for messages in batches.values():
                records += [
                    Record(
                        m.topic,
                        m.key,
                        m.value or b"",
                        tuple(m.headers or ()),
                        m.partition,
                        m.offset,
                    )
                    for m in messages
                ]
        # One more short read proves nothing beyond `expect` is there.
        for messages in (await consumer.getmany(timeout_ms=1000)).values():
            records += [
                Record(
                    m.topic, m.key, m.value or b"", tuple(m.headers or ()), m.partition, m.offset
                )
                for m in messages
            ]
    finally:
        await consumer.stop()
    return records


async def produce_raw(bootstrap: str, records: Sequence[Record]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, enable_idempotence=True)
    await producer.start()
    try:
        for record in records:
            await producer.send_and_wait(
                record.topic, record.value, key=record.key, headers=list(record.headers)
            )
    finally:
        await producer.stop()


async def group_members(bootstrap: str, group: str) -> int:
    """How many members the broker counts in a consumer group right now."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        (response,) = await admin.describe_consumer_groups([group])
        # DescribeGroups: groups = [(error_code, group_id, state, protocol_type, protocol,
        # members, ...)]
        return sum(len(description[5]) for description in response.groups)
    finally:
        await admin.close()
