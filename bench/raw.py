"""The baseline: plain aiokafka, configured as the kit's publisher and subscription are.

The producer is idempotent (`acks=all`) with the publisher's `linger_ms`; the consumer group
commits its offsets by hand after each fetch, as the consumer runner does. Values are the
pipeline's own CloudEvents (`kit.events.envelope.encode`), so message sizes match.
"""

import asyncio
import contextlib
import time
from uuid import uuid4

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from bench.timing import Arrivals, CpuMeter, latency, paced
from kit.events.envelope import Headers

SEQ_HEADER = "bench_seq"
Message = tuple[bytes, bytes, Headers]


class RawPair:
    """One producer and one consumer-group member on one topic."""

    def __init__(self, bootstrap: str, topic: str) -> None:
        self.topic = topic
        self.producer = AIOKafkaProducer(
            bootstrap_servers=bootstrap,
            client_id="bench-raw",
            enable_idempotence=True,
            linger_ms=2,
            request_timeout_ms=15_000,
        )
        self.consumer = AIOKafkaConsumer(
            bootstrap_servers=bootstrap,
            group_id=f"bench-raw-{uuid4().hex[:8]}",
            client_id="bench-raw",
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            session_timeout_ms=10_000,
            heartbeat_interval_ms=1_000,
        )
        self.arrivals = Arrivals()
        self._reader: asyncio.Task[None] | None = None

    async def start(self) -> None:
        await self.producer.start()
        await self.consumer.start()
        self.consumer.subscribe([self.topic])  # from the earliest offset: the warm-up waits
        self._reader = asyncio.create_task(self._read())

    async def stop(self) -> None:
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reader
        await self.consumer.stop()
        await self.producer.stop()

    async def _read(self) -> None:
        while True:
            batches = await self.consumer.getmany(timeout_ms=500, max_records=500)
            if not batches:
                continue
            now = time.time()
            seqs = [
                int(dict(message.headers)[SEQ_HEADER])
                for messages in batches.values()
                for message in messages
            ]
            self.arrivals.record(seqs, now)
            await self.consumer.commit(
                {tp: messages[-1].offset + 1 for tp, messages in batches.items()}
            )

    async def send(self, seq: int, message: Message) -> "asyncio.Future[object]":
        key, value, headers = message
        extra = ((SEQ_HEADER, str(seq).encode()),)
        future: asyncio.Future[object] = await self.producer.send(
            self.topic, value, key=key, headers=list(headers + extra)
        )
        return future

    async def warm_up(self, messages: list[Message], count: int) -> int:
        """Send `count` messages through and wait for them; returns the next free seq."""
        deliveries = [await self.send(seq, messages[seq % len(messages)]) for seq in range(count)]
        await asyncio.gather(*deliveries)
        self.arrivals.expect(count)
        if not await self.arrivals.wait(60):
            raise TimeoutError("raw warm-up messages never arrived")
        return count


async def throughput(
    pair: RawPair, messages: list[Message], first: int, count: int
) -> dict[str, float]:
    """Events per second from the first send to the last message consumed."""
    cpu = CpuMeter()
    started = time.time()
    deliveries = [
        await pair.send(seq, messages[seq % len(messages)]) for seq in range(first, first + count)
    ]
    pair.arrivals.expect(first + count)
    await asyncio.gather(*deliveries)
    if not await pair.arrivals.wait(120):
        raise TimeoutError(f"raw: {len(pair.arrivals.at) - first} of {count} arrived")
    elapsed = pair.arrivals.last - started
    return {
        "events_per_s": round(count / elapsed, 1),
        "seconds": round(elapsed, 3),
        "python_cpu_share": cpu.share(),
    }


async def paced_latency(
    pair: RawPair, messages: list[Message], first: int, rate: float, count: int
) -> dict[str, float | int]:
    """Send at `rate` per second; latency = consumed time - send time, per message."""
    sent: dict[int, float] = {}
    deliveries: list[asyncio.Future[object]] = []

    async def send(i: int) -> None:
        seq = first + i
        sent[seq] = time.time()
        deliveries.append(await pair.send(seq, messages[seq % len(messages)]))

    cpu = CpuMeter()
    await paced(rate, count, send)
    await asyncio.gather(*deliveries)
    pair.arrivals.expect(first + count)
    await pair.arrivals.wait(30)
    figures: dict[str, float | int] = latency(sent, pair.arrivals.at).as_dict()
    figures["python_cpu_share"] = cpu.share()
    return figures
