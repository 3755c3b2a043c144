"""The in-process bus of the embedded mode: the same publish and subscribe interface as Kafka.

Each topic is one partition kept in memory; each consumer group has its own committed offset,
so every group sees every event, as on Kafka. It is not durable: events handed to it are lost
when the process exits (acceptable for a single-user development run, never for production).
"""

import asyncio
import contextlib
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace

from kit.events.envelope import Record
from kit.events.transport import OnRevoked, TopicPartition


class InProcessBus:
    def __init__(self) -> None:
        self._logs: dict[str, list[Record]] = defaultdict(list)
        self._committed: dict[tuple[str, str], int] = {}
        self._changed = asyncio.Condition()

    def publisher(self) -> "BusPublisher":
        return BusPublisher(self)

    def subscription(self, group_id: str, topics: Sequence[str]) -> "BusSubscription":
        return BusSubscription(self, group_id, topics)

    def records(self, topic: str) -> list[Record]:
        return list(self._logs[topic])

    async def append(self, records: Sequence[Record]) -> None:
        async with self._changed:
            for record in records:
                log = self._logs[record.topic]
                log.append(replace(record, partition=0, offset=len(log)))
            self._changed.notify_all()

    async def wait_for_records(self, positions: Mapping[str, int], seconds: float) -> None:
        def available() -> bool:
            return any(len(self._logs[topic]) > offset for topic, offset in positions.items())

        async with self._changed:
            if not available():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait_for(available), seconds)

    def committed(self, group_id: str, topic: str) -> int:
        return self._committed.get((group_id, topic), 0)

    def commit(self, group_id: str, topic: str, offset: int) -> None:
        self._committed[(group_id, topic)] = offset


class BusPublisher:
    def __init__(self, bus: InProcessBus) -> None:
        self._bus = bus

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        return None

    async def publish(self, records: Sequence[Record]) -> None:
        await self._bus.append(records)


class BusSubscription:
    def __init__(self, bus: InProcessBus, group_id: str, topics: Sequence[str]) -> None:
        self._bus = bus
        self._group_id = group_id
        self._topics = list(dict.fromkeys(topics))
        self._positions: dict[str, int] = {}

    async def start(self, on_revoked: OnRevoked | None = None) -> None:
        self._positions = {t: self._bus.committed(self._group_id, t) for t in self._topics}

    async def stop(self) -> None:
        self._positions = {}

    def assignment(self) -> set[TopicPartition]:
        return {(topic, 0) for topic in self._positions}

    async def fetch(
        self, timeout_seconds: float, max_records: int
    ) -> dict[TopicPartition, list[Record]]:
        await self._bus.wait_for_records(self._positions, timeout_seconds)
        batches: dict[TopicPartition, list[Record]] = {}
        for topic, position in self._positions.items():
            records = self._bus.records(topic)[position : position + max_records]
            if records:
                batches[(topic, 0)] = records
                self._positions[topic] = position + len(records)
        return batches

    async def commit(self, offsets: Mapping[TopicPartition, int]) -> None:
        for (topic, _), offset in offsets.items():
            self._bus.commit(self._group_id, topic, offset)

    async def lag(self) -> dict[TopicPartition, int]:
        return {
            (topic, 0): len(self._bus.records(topic)) - self._bus.committed(self._group_id, topic)
            for topic in self._positions
        }
