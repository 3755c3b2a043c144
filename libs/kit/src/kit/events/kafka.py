"""The Kafka side of the transports, on aiokafka."""

import asyncio
import contextlib
from collections.abc import Iterable, Mapping, Sequence

import structlog
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRebalanceListener
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError
from aiokafka.structs import TopicPartition as KafkaTopicPartition

from kit.events.envelope import Record
from kit.events.transport import OnRevoked, TopicPartition

log = structlog.get_logger(__name__)


class KafkaPublisher:
    """An idempotent producer: `acks=all`, no duplicates from its own retries, order per key."""

    def __init__(self, bootstrap_servers: str, client_id: str) -> None:
        self._producer = AIOKafkaProducer(
            bootstrap_servers=bootstrap_servers,
            client_id=client_id,
            enable_idempotence=True,
            linger_ms=2,
            request_timeout_ms=15_000,
        )

    async def start(self) -> None:
        await self._producer.start()

    async def stop(self) -> None:
        await self._producer.stop()

    async def publish(self, records: Sequence[Record]) -> None:
        deliveries = [
            await self._producer.send(
                record.topic, record.value, key=record.key, headers=list(record.headers)
            )
            for record in records
        ]
        await asyncio.gather(*deliveries)


class _Rebalance(ConsumerRebalanceListener):  # type: ignore[misc]
    def __init__(self, subscription: "KafkaSubscription") -> None:
        self._subscription = subscription

    async def on_partitions_revoked(self, revoked: Iterable[KafkaTopicPartition]) -> None:
        await self._subscription.on_revoked({(tp.topic, tp.partition) for tp in revoked})

    async def on_partitions_assigned(self, assigned: Iterable[KafkaTopicPartition]) -> None:
        self._subscription.on_assigned({(tp.topic, tp.partition) for tp in assigned})


class KafkaSubscription:
    """A consumer-group member that never commits on its own: offsets follow the database."""

    def __init__(
        self,
        bootstrap_servers: str,
        group_id: str,
        topics: Sequence[str],
        client_id: str,
    ) -> None:
        self._topics = list(topics)
        self._consumer = AIOKafkaConsumer(
            bootstrap_servers=bootstrap_servers,
            group_id=group_id,
            client_id=client_id,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            session_timeout_ms=10_000,
            # A third of the session timeout, Kafka's usual ratio: an idle member wakes up less.
            heartbeat_interval_ms=3_000,
            max_poll_interval_ms=300_000,
            # How long the broker holds a fetch that finds nothing (aiokafka: 500 ms). A message
            # that arrives ends the wait at once, and losing a partition cancels the fetch, so
            # this only sets how often an idle member asks: 2 s instead of twice a second.
            fetch_max_wait_ms=2_000,
        )
        self._assigned: set[TopicPartition] = set()
        self._committed: dict[TopicPartition, int] = {}
        self._on_revoked: OnRevoked | None = None

    async def start(self, on_revoked: OnRevoked | None = None) -> None:
        self._on_revoked = on_revoked
        await self._consumer.start()
        self._consumer.subscribe(self._topics, listener=_Rebalance(self))

    async def stop(self) -> None:
        await self._consumer.stop()

    async def on_revoked(self, revoked: set[TopicPartition]) -> None:
        if self._on_revoked is not None and revoked:
            await self._on_revoked()
        self._assigned -= revoked
        for partition in revoked:
            self._committed.pop(partition, None)
        log.info("partitions_revoked", partitions=sorted(revoked))

    def on_assigned(self, assigned: set[TopicPartition]) -> None:
        self._assigned |= assigned
        log.info("partitions_assigned", partitions=sorted(assigned))

    def assignment(self) -> set[TopicPartition]:
        return set(self._assigned)

    async def fetch(
        self, timeout_seconds: float, max_records: int
    ) -> dict[TopicPartition, list[Record]]:
        batches = await self._consumer.getmany(
            timeout_ms=int(timeout_seconds * 1000), max_records=max_records
        )
        return {
            (tp.topic, tp.partition): [
                Record(
                    topic=message.topic,
                    key=message.key,
                    value=message.value or b"",
                    headers=tuple(message.headers or ()),
                    partition=message.partition,
                    offset=message.offset,
                )
                for message in messages
            ]
            for tp, messages in batches.items()
        }

    async def commit(self, offsets: Mapping[TopicPartition, int]) -> None:
        await self._consumer.commit(
            {
                KafkaTopicPartition(topic, partition): offset
                for (topic, partition), offset in offsets.items()
            }
        )
        self._committed.update(offsets)

    async def lag(self) -> dict[TopicPartition, int]:
        """From what this member already knows where it can: the high watermark of its last
        fetch and the offsets it committed; the broker is asked only for the rest."""
        partitions = [KafkaTopicPartition(*tp) for tp in self._assigned]
        if not partitions:
            return {}
        ends: dict[KafkaTopicPartition, int | None] = {
            tp: self._consumer.highwater(tp) for tp in partitions
        }
        unknown = [tp for tp, end in ends.items() if end is None]
        if unknown:
            ends.update(await self._consumer.end_offsets(unknown))
        lags: dict[TopicPartition, int] = {}
        for tp in partitions:
            key = (tp.topic, tp.partition)
            if key not in self._committed:
                self._committed[key] = await self._consumer.committed(tp) or 0
            lags[key] = max(0, (ends[tp] or 0) - self._committed[key])
        return lags


async def ensure_topics(bootstrap_servers: str, topics: Sequence[str], partitions: int) -> None:
    """Create missing topics; production clusters declare them as KafkaTopic resources instead."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [name for name in dict.fromkeys(topics) if name not in existing]
        if missing:
            with contextlib.suppress(TopicAlreadyExistsError):
                await admin.create_topics([NewTopic(name, partitions, 1) for name in missing])
    finally:
        await admin.close()


async def read_topic(bootstrap_servers: str, topic: str) -> list[Record]:
    """Every record of a topic, from the beginning to its current end, joining no group."""
    partitions = [
        KafkaTopicPartition(topic, n) for n in await _partitions(bootstrap_servers, topic)
    ]
    if not partitions:
        return []
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap_servers, enable_auto_commit=False, group_id=None
    )
    await consumer.start()
    try:
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        records: list[Record] = []
        while [tp for tp in partitions if await consumer.position(tp) < ends[tp]]:
            batches = await consumer.getmany(timeout_ms=1000)
            records += [
                Record(
                    m.topic, m.key, m.value or b"", tuple(m.headers or ()), m.partition, m.offset
                )
                for messages in batches.values()
                for m in messages
            ]
        return records
    finally:
        await consumer.stop()


async def _partitions(bootstrap_servers: str, topic: str) -> list[int]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers)
    await admin.start()
    try:
        (description,) = await admin.describe_topics([topic])
        if description.get("error_code"):
            return []
        return sorted(partition["partition"] for partition in description["partitions"])
    finally:
        await admin.close()
