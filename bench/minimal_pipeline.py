"""The honest baseline: a minimal CORRECT pipeline written for the benchmark, on asyncpg and
aiokafka, with the kit's guarantees and nothing else.

- producer: the state row and the outbox row in one transaction (one `executemany` each);
- relay: claims unpublished rows with `FOR UPDATE SKIP LOCKED`, sends them with an idempotent
  producer, waits for every acknowledgement, marks them published in the same transaction;
  woken by the producer after each commit;
- consumer: per fetched partition batch, one transaction writes the inbox rows
  (`ON CONFLICT DO NOTHING`) and the effects of the events not seen before; Kafka offsets are
  committed after the database commit.
No retries, dead letters, tracing, metrics or schema validation: what the kit adds on top.
"""

import asyncio
import contextlib
import json
import time
from collections.abc import Sequence
from typing import Any
from uuid import uuid4

import asyncpg
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from bench.harness import ORG, BenchTickRecordedV1, key_of
from bench.timing import Arrivals, CpuMeter
from kit.events.envelope import encode, new_event
from tests.infra.infra import create_topics
from tests.infra.postgres_server import plain_dsn

SCHEMA = """
CREATE TABLE min_changes (id bigserial PRIMARY KEY, key text NOT NULL, seq int NOT NULL);
CREATE TABLE min_outbox (
    id bigserial PRIMARY KEY, topic text NOT NULL, key bytea NOT NULL, value bytea NOT NULL,
    headers jsonb NOT NULL, published_at timestamptz
);
CREATE INDEX min_outbox_unpublished ON min_outbox (id) WHERE published_at IS NULL;
CREATE TABLE min_inbox (event_id uuid PRIMARY KEY);
CREATE TABLE min_effects (id bigserial PRIMARY KEY, key text NOT NULL, seq int NOT NULL,
                          event_id uuid NOT NULL);
"""


class MinimalPipeline:
    def __init__(self, url: str, bootstrap: str, keys: int, batch: int = 500) -> None:
        self.dsn = plain_dsn(url)
        self.bootstrap = bootstrap
        self.keys = keys
        self.batch = batch
        self.topic = f"bench-min-{uuid4().hex[:8]}"
        self.effects = Arrivals()
        self._wakeup = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self.pool: Any = None
        self.producer = AIOKafkaProducer(
            bootstrap_servers=bootstrap, enable_idempotence=True, linger_ms=2
        )
        self.consumer = AIOKafkaConsumer(
            self.topic,
            bootstrap_servers=bootstrap,
            group_id=f"bench-min-{uuid4().hex[:8]}",
            enable_auto_commit=False,
            auto_offset_reset="earliest",
        )

    async def start(self, partitions: int) -> None:
        await create_topics(self.bootstrap, [self.topic], partitions)
        self.pool = await asyncpg.create_pool(self.dsn, min_size=2, max_size=16)
        async with self.pool.acquire() as connection:
            await connection.execute(SCHEMA)
        await self.producer.start()
        await self.consumer.start()
        self._tasks = [asyncio.create_task(self._relay()), asyncio.create_task(self._consume())]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await self.consumer.stop()
        await self.producer.stop()
        await self.pool.close()

    async def commit(self, seqs: Sequence[int]) -> float:
        changes, outbox = [], []
        for seq in seqs:
            key = key_of(seq, self.keys)
            event = new_event(
                BenchTickRecordedV1(key=key, seq=seq, stamp=time.time()), subject=key, org_id=ORG
            )
            raw_key, value, headers = encode(event)
            changes.append((key, seq))
            headers_json = json.dumps([[n, v.decode()] for n, v in headers])
            outbox.append((self.topic, raw_key, value, headers_json))
        async with self.pool.acquire() as connection, connection.transaction():
            await connection.executemany(
                "INSERT INTO min_changes (key, seq) VALUES ($1, $2)", changes
            )
            await connection.executemany(
                "INSERT INTO min_outbox (topic, key, value, headers) VALUES ($1, $2, $3, $4)",
                outbox,
            )
        self._wakeup.set()
        return time.time()

    async def _relay(self) -> None:
        while True:
            if await self._publish_batch() < self.batch:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wakeup.wait(), 2.0)
                self._wakeup.clear()

    async def _publish_batch(self) -> int:
        async with self.pool.acquire() as connection, connection.transaction():
            rows = await connection.fetch(
                "SELECT id, topic, key, value, headers FROM min_outbox "
                "WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED",
                self.batch,
            )
            if not rows:
                return 0
            deliveries = [
                await self.producer.send(
                    row["topic"],
                    row["value"],
                    key=row["key"],
                    headers=[(n, v.encode()) for n, v in json.loads(row["headers"])],
                )
                for row in rows
            ]
            await asyncio.gather(*deliveries)
            await connection.execute(
                "UPDATE min_outbox SET published_at = now() WHERE id = ANY($1::bigint[])",
                [row["id"] for row in rows],
            )
        return len(rows)

    async def _consume(self) -> None:
        while True:
            batches = await self.consumer.getmany(timeout_ms=500, max_records=self.batch)
            for tp, messages in batches.items():
                events = [json.loads(message.value) for message in messages]
                async with self.pool.acquire() as connection, connection.transaction():
                    fresh = {
                        str(row["event_id"])
                        for row in await connection.fetch(
                            "INSERT INTO min_inbox (event_id) SELECT unnest($1::uuid[]) "
                            "ON CONFLICT DO NOTHING RETURNING event_id",
                            [event["id"] for event in events],
                        )
                    }
                    effects = [
                        (event["data"]["key"], event["data"]["seq"], event["id"])
                        for event in events
                        if event["id"] in fresh
                    ]
                    await connection.executemany(
                        "INSERT INTO min_effects (key, seq, event_id) VALUES ($1, $2, $3)",
                        effects,
                    )
                self.effects.record([seq for _, seq, _ in effects], time.time())
                await self.consumer.commit({tp: messages[-1].offset + 1})


async def throughput(url: str, bootstrap: str, p: Any) -> dict[str, float]:
    """Events per second from the first commit to the last effect committed (as `flow`)."""
    pipe = MinimalPipeline(url, bootstrap, p.keys, p.relay_batch_size)
    await pipe.start(p.partitions)
    try:
        first = p.warm_up_events
        for start in range(0, first, p.changes_per_transaction):
            await pipe.commit(range(start, min(first, start + p.changes_per_transaction)))
        pipe.effects.expect(first)
        if not await pipe.effects.wait(60):
            raise TimeoutError("minimal pipeline warm-up never took effect")
        cpu = CpuMeter()
        started = time.time()
        for start in range(first, first + p.events, p.changes_per_transaction):
            upto = min(first + p.events, start + p.changes_per_transaction)
            await pipe.commit(range(start, upto))
        produced = time.time()
        pipe.effects.expect(first + p.events)
        if not await pipe.effects.wait(180):
            raise TimeoutError("minimal pipeline: effects missing after 180 s")
        elapsed = pipe.effects.last - started
        return {
            "events_per_s": round(p.events / elapsed, 1),
            "seconds": round(elapsed, 3),
            "producer_events_per_s": round(p.events / (produced - started), 1),
            "python_cpu_share": cpu.share(),
        }
    finally:
        await pipe.stop()
