"""The embedded mode's bus runs the same relay and consumer code as Kafka, with the same
guarantees a single process can give: every group sees every event, once per inbox."""

import asyncio
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from kit import metrics
from kit.events.bus import InProcessBus
from kit.events.consumer import Consumer, ConsumerRunner
from kit.events.deadletter import dlq_topic
from kit.events.envelope import Event, Record
from tests.infra.apps import eventually
from tests.kit.pipeline_harness import CounterIncrementedV1, Pipeline, effects

pytestmark = pytest.mark.embedded


@pytest.fixture
async def pipeline(tmp_path: Path) -> AsyncIterator[Pipeline]:
    pipe = Pipeline(f"sqlite+aiosqlite:///{tmp_path / 'bus.db'}", namespace="")
    await pipe.create_schema()
    yield pipe
    await pipe.close()


async def test_every_group_sees_every_event_and_a_second_delivery_changes_nothing(
    pipeline: Pipeline,
) -> None:
    bus = InProcessBus()
    for seq in range(30):
        await pipeline.change(f"k{seq % 3}", seq)
    relay = pipeline.relay(bus.publisher())
    while await relay.publish_batch():
        pass
    # The same events published again, as after a relay crash.
    await bus.append(bus.records(pipeline.topic))

    runner = pipeline.runner(lambda: bus.subscription("g1", [pipeline.topic]), bus.publisher())
    task = asyncio.create_task(runner.run())
    await eventually(pipeline.effect_count, lambda n: n >= 30)
    await eventually(
        lambda: bus.subscription("g1", [pipeline.topic]).lag(),
        lambda lag: lag in ({}, {(pipeline.topic, 0): 0}),
    )
    runner.stop()
    await task

    assert [seq for _, seq, _ in await pipeline.effects_in_order()] == list(range(30))
    assert bus.committed("g1", pipeline.topic) == 60
    assert bus.committed("g2", pipeline.topic) == 0


async def test_a_poison_message_is_dead_lettered_on_the_bus_too(pipeline: Pipeline) -> None:
    bus = InProcessBus()
    await bus.append([Record(pipeline.topic, b"k", b"{oops")])
    await pipeline.change("k", 1)
    relay = pipeline.relay(bus.publisher())
    await relay.publish_batch()

    runner = pipeline.runner(lambda: bus.subscription("g", [pipeline.topic]), bus.publisher())
    task = asyncio.create_task(runner.run())
    await eventually(pipeline.effect_count, lambda n: n >= 1)
    runner.stop()
    await task

    dead = bus.records(dlq_topic(pipeline.topic))
    assert [record.value for record in dead] == [b"{oops"]
    assert dead[0].header("dlq_reason") == b"malformed"


async def test_consumer_lag_is_reported_per_partition_until_the_offsets_are_committed(
    pipeline: Pipeline,
) -> None:
    bus = InProcessBus()
    for seq in range(5):
        await pipeline.change("k", seq)
    await pipeline.relay(bus.publisher()).publish_batch()
    release = asyncio.Event()
    consumer = Consumer("slow-effects")

    @consumer.on(CounterIncrementedV1)
    async def wait_then_apply(session: AsyncSession, event: Event, payload: Any) -> None:
        await release.wait()

    runner = pipeline.runner(
        lambda: bus.subscription("g", [pipeline.topic]), bus.publisher(), consumer
    )
    task = asyncio.create_task(runner.run())
    lag = metrics.CONSUMER_LAG.labels("testkit", "slow-effects", pipeline.topic, "0")
    await eventually(lambda: _reported(runner, lag), lambda value: value == 5)
    release.set()
    await eventually(lambda: _reported(runner, lag), lambda value: value == 0)
    runner.stop()
    await task

    assert bus.committed("g", pipeline.topic) == 5


async def _reported(runner: ConsumerRunner, gauge: Any) -> float:
    await runner.report_lag()
    return float(gauge._value.get())


async def test_a_batch_handler_gets_the_batch_and_a_poison_event_alone_is_dead_lettered(
    pipeline: Pipeline,
) -> None:
    bus = InProcessBus()
    for seq in range(20):
        await pipeline.change("k", seq)
    while await pipeline.relay(bus.publisher()).publish_batch():
        pass
    calls: list[list[int]] = []
    consumer = Consumer("batched")

    @consumer.on_batch(CounterIncrementedV1)
    async def apply(
        session: AsyncSession, events: Sequence[tuple[Event, CounterIncrementedV1]]
    ) -> None:
        calls.append([payload.seq for _, payload in events])
        if any(payload.seq == 7 for _, payload in events):
            raise ValueError("cannot apply 7")
        await session.execute(
            insert(effects),
            [{"key": p.key, "seq": p.seq, "event_id": str(e.id)} for e, p in events],
        )

    runner = pipeline.runner(
        lambda: bus.subscription("g", [pipeline.topic]), bus.publisher(), consumer, max_retries=1
    )
    task = asyncio.create_task(runner.run())
    await eventually(lambda: asyncio.sleep(0, bus.records(dlq_topic(pipeline.topic))), bool)
    await eventually(pipeline.effect_count, lambda n: n >= 19)
    runner.stop()
    await task

    assert calls[0] == list(range(20))  # the whole fetch in one call
    assert [seq for _, seq, _ in await pipeline.effects_in_order()] == [
        seq for seq in range(20) if seq != 7
    ]
    dead = bus.records(dlq_topic(pipeline.topic))
    assert len(dead) == 1
    assert b'"seq":7' in dead[0].value.replace(b" ", b"")
    assert calls.count([7]) == 2  # alone: the first attempt and one retry
