"""What the relay and the consumers need of a broker: Kafka in production, the bus when embedded."""

from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Protocol

from kit.events.envelope import Record

TopicPartition = tuple[str, int]


class Publisher(Protocol):
    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    async def publish(self, records: Sequence[Record]) -> None:
        """Return once every record is durably accepted, in order per key; raise otherwise."""


OnRevoked = Callable[[], Awaitable[None]]


class Subscription(Protocol):
    """A consumer-group member: fetch, then commit the next offsets to read."""

    async def start(self, on_revoked: OnRevoked | None = None) -> None:
        """Join the group; `on_revoked` runs before partitions are taken away (commit then)."""

    async def stop(self) -> None:
        """Leave the group."""

    async def fetch(
        self, timeout_seconds: float, max_records: int
    ) -> dict[TopicPartition, list[Record]]: ...

    async def commit(self, offsets: Mapping[TopicPartition, int]) -> None: ...

    def assignment(self) -> set[TopicPartition]: ...

    async def lag(self) -> dict[TopicPartition, int]:
        """Messages between the committed position and the end of each assigned partition."""
