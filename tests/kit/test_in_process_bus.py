"""The embedded mode's bus runs the same relay and consumer code as Kafka, with the same
guarantees a single process can give: every group sees every event, once per inbox."""

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from kit.events.bus import InProcessBus
from kit.events.deadletter import dlq_topic
from kit.events.envelope import Record
from kit.testing.apps import eventually
from tests.kit.pipeline_harness import Pipeline

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
