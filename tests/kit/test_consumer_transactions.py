"""One fetch, one transaction: a consumer handles every message a fetch returned, from every
partition, in one database transaction (one commit), and commits their offsets after it."""

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from kit.events.bus import InProcessBus
from kit.events.consumer import Consumer
from kit.events.envelope import Event
from tests.infra.apps import eventually
from tests.kit.pipeline_harness import CounterIncrementedV1, Pipeline, effects

pytestmark = pytest.mark.embedded


@pytest.fixture
async def pipeline(tmp_path: Path) -> AsyncIterator[Pipeline]:
    pipe = Pipeline(f"sqlite+aiosqlite:///{tmp_path / 'bus.db'}", namespace="")
    await pipe.create_schema()
    yield pipe
    await pipe.close()


async def test_a_fetch_of_two_partitions_is_handled_in_one_transaction(
    pipeline: Pipeline,
) -> None:
    relayed = InProcessBus()
    for seq in range(20):
        await pipeline.change(f"k{seq % 2}", seq)
    while await pipeline.relay(relayed.publisher()).publish_batch():
        pass
    # The bus keeps one partition per topic: a second topic is a second partition of the fetch.
    bus, other = InProcessBus(), f"{pipeline.topic}.other"
    events = relayed.records(pipeline.topic)
    await bus.append(events[:10])
    await bus.append([replace(record, topic=other) for record in events[10:]])
    sessions: list[AsyncSession] = []  # kept alive, so that no two share an id
    consumer = Consumer("together")

    @consumer.on(CounterIncrementedV1)
    async def apply(session: AsyncSession, event: Event, payload: CounterIncrementedV1) -> None:
        if not any(session is seen for seen in sessions):
            sessions.append(session)
        await session.execute(
            insert(effects).values(key=payload.key, seq=payload.seq, event_id=str(event.id))
        )

    runner = pipeline.runner(
        lambda: bus.subscription("g", [pipeline.topic, other]), bus.publisher(), consumer
    )
    task = asyncio.create_task(runner.run())
    await eventually(pipeline.effect_count, lambda n: n >= 20)
    await eventually(
        lambda: asyncio.sleep(0, bus.committed("g", other)), lambda offset: offset == 10
    )
    runner.stop()
    await task

    assert len(sessions) == 1
    assert sorted(seq for _, seq, _ in await pipeline.effects_in_order()) == list(range(20))
    assert (bus.committed("g", pipeline.topic), bus.committed("g", other)) == (10, 10)
