"""The event pipeline under failure, on a real Kafka broker and a real PostgreSQL server.

Outbox → relay → Kafka → consumer with inbox: every test counts effects exactly.
"""

import asyncio
import json
from collections import defaultdict
from collections.abc import AsyncIterator, Callable

import pytest

from kit import metrics
from kit.events.deadletter import dlq_topic, replay
from kit.events.envelope import Record
from kit.events.kafka import KafkaPublisher, KafkaSubscription
from kit.events.relay import OutboxRelay
from tests.infra.apps import eventually
from tests.infra.infra import KafkaServer, create_topics
from tests.kit.kafka_tools import group_members, produce_raw, read_all
from tests.kit.pipeline_harness import Pipeline

pytestmark = pytest.mark.integration


@pytest.fixture
async def pipeline(
    database_url: str, kafka_server: KafkaServer, unique_name: Callable[[str], str]
) -> AsyncIterator[Pipeline]:
    pipe = Pipeline(database_url, namespace=unique_name("t") + ".")
    await pipe.create_schema()
    await create_topics(kafka_server.bootstrap_servers, [pipe.topic, dlq_topic(pipe.topic)], 3)
    yield pipe
    await pipe.close()


@pytest.fixture
async def publisher(kafka_server: KafkaServer) -> AsyncIterator[KafkaPublisher]:
    producer = KafkaPublisher(kafka_server.bootstrap_servers, client_id="test-relay")
    await producer.start()
    yield producer
    await producer.stop()


def subscribe(kafka: KafkaServer, pipe: Pipeline, group: str) -> Callable[[], KafkaSubscription]:
    return lambda: KafkaSubscription(kafka.bootstrap_servers, group, [pipe.topic], group)


async def drain(pipe: Pipeline, relay: OutboxRelay) -> None:
    while await relay.publish_batch():
        pass
    assert await pipe.unpublished() == 0


def duplicates(consumer: str) -> float:
    return float(metrics.INBOX_DUPLICATES.labels("testkit", consumer)._value.get())


class RelayKilledAfterPublish(OutboxRelay):
    """Publishes, then dies before its commit marks the rows published."""

    async def mark_published(self, session: object, ids: list[int]) -> None:
        raise SystemExit("relay killed between publish and commit")


async def run_until(pipe: Pipeline, runner_task: asyncio.Task[None], count: int) -> int:
    value = await eventually(pipe.effect_count, lambda n: n >= count or runner_task.done())
    if runner_task.done():
        runner_task.result()
    return value


async def test_thousand_changes_over_twenty_keys_apply_once_each_in_key_order(
    pipeline: Pipeline,
    publisher: KafkaPublisher,
    kafka_server: KafkaServer,
    unique_name: Callable[[str], str],
) -> None:
    for seq in range(25):
        for key in range(20):
            await pipeline.change(f"k{key}", seq)
    for seq in range(25, 50):  # the rest as batches: one emit_many per transaction
        await pipeline.change_many([(f"k{key}", seq) for key in range(20)])
    relay = pipeline.relay(publisher)
    runner = pipeline.runner(subscribe(kafka_server, pipeline, unique_name("g")), publisher)
    relay_task = asyncio.create_task(relay.run())
    runner_task = asyncio.create_task(runner.run())

    await run_until(pipeline, runner_task, 1000)
    relay.stop()
    runner.stop()
    await asyncio.gather(relay_task, runner_task)

    applied = await pipeline.effects_in_order()
    assert len(applied) == 1000
    assert len({event_id for _, _, event_id in applied}) == 1000
    per_key: dict[str, list[int]] = defaultdict(list)
    for applied_key, seq, _ in applied:
        per_key[applied_key].append(seq)
    assert per_key == {f"k{key}": list(range(50)) for key in range(20)}


async def test_relay_killed_before_marking_publishes_twice_and_effects_apply_once(
    pipeline: Pipeline,
    publisher: KafkaPublisher,
    kafka_server: KafkaServer,
    unique_name: Callable[[str], str],
) -> None:
    for seq in range(10):
        await pipeline.change("k", seq)
    with pytest.raises(SystemExit):
        await pipeline.relay(publisher, RelayKilledAfterPublish).publish_batch()
    assert await pipeline.unpublished() == 10
    await drain(pipeline, pipeline.relay(publisher))

    on_topic = await read_all(kafka_server.bootstrap_servers, pipeline.topic, expect=20)
    assert len(on_topic) == 20

    consumer = pipeline.consumer(unique_name("effects"))
    before = duplicates(consumer.name)
    runner = pipeline.runner(
        subscribe(kafka_server, pipeline, unique_name("g")), publisher, consumer
    )
    runner_task = asyncio.create_task(runner.run())
    await run_until(pipeline, runner_task, 10)
    await eventually(lambda: _value(duplicates(consumer.name) - before), lambda d: d >= 10)
    runner.stop()
    await runner_task

    assert [seq for _, seq, _ in await pipeline.effects_in_order()] == list(range(10))
    assert duplicates(consumer.name) - before == 10


async def _value(value: float) -> float:
    return value


class KilledBeforeOffsetCommit:
    """A subscription whose process dies between the database commit and the offset commit."""

    def __init__(self, inner: KafkaSubscription) -> None:
        self._inner = inner
        self.dead = False

    def __getattr__(self, name: str) -> object:
        return getattr(self._inner, name)

    async def start(self, on_revoked: object = None) -> None:
        await self._inner.start()  # a dying process commits nothing on its way out

    async def commit(self, offsets: object) -> None:
        if not self.dead:
            self.dead = True
            raise SystemExit("consumer killed before its offset commit")

    async def stop(self) -> None:
        await self._inner.stop()


async def test_consumer_killed_before_offset_commit_gets_redelivery_and_applies_once(
    pipeline: Pipeline,
    publisher: KafkaPublisher,
    kafka_server: KafkaServer,
    unique_name: Callable[[str], str],
) -> None:
    for seq in range(25):
        await pipeline.change(f"k{seq % 5}", seq)
    await drain(pipeline, pipeline.relay(publisher))
    group = unique_name("g")
    consumer = pipeline.consumer(unique_name("effects"))

    doomed = pipeline.runner(
        lambda: KilledBeforeOffsetCommit(subscribe(kafka_server, pipeline, group)()),  # type: ignore[arg-type,return-value]
        publisher,
        consumer,
    )
    with pytest.raises(SystemExit):
        await doomed.run()
    applied_before_death = await pipeline.effect_count()
    assert applied_before_death > 0

    before = duplicates(consumer.name)
    successor = pipeline.runner(subscribe(kafka_server, pipeline, group), publisher, consumer)
    task = asyncio.create_task(successor.run())
    await run_until(pipeline, task, 25)
    await eventually(
        lambda: _value(duplicates(consumer.name) - before), lambda d: d >= applied_before_death
    )
    successor.stop()
    await task

    assert await pipeline.effect_count() == 25
    assert duplicates(consumer.name) - before == applied_before_death


async def test_failing_handler_retries_then_dead_letters_and_later_messages_are_handled(
    pipeline: Pipeline,
    publisher: KafkaPublisher,
    kafka_server: KafkaServer,
    unique_name: Callable[[str], str],
) -> None:
    pipeline.failing = lambda payload: payload.key == "k" and payload.seq == 3
    for seq in range(8):
        await pipeline.change("k", seq)
    await drain(pipeline, pipeline.relay(publisher))

    runner = pipeline.runner(
        subscribe(kafka_server, pipeline, unique_name("g")), publisher, max_retries=2
    )
    task = asyncio.create_task(runner.run())
    await run_until(pipeline, task, 7)
    dead = await read_all(kafka_server.bootstrap_servers, dlq_topic(pipeline.topic), expect=1)
    runner.stop()
    await task

    assert [seq for _, seq, _ in await pipeline.effects_in_order()] == [0, 1, 2, 4, 5, 6, 7]
    assert len(dead) == 1
    headers = dict(dead[0].headers)
    assert headers["dlq_reason"] == b"handler-failed"
    assert headers["dlq_attempts"] == b"3"
    assert b"cannot apply k#3" in headers["dlq_error"]
    assert headers["dlq_original_topic"] == pipeline.topic.encode()
    assert {"ce_id", "ce_type", "ce_source", "ce_orgid"} <= headers.keys()
    assert json.loads(dead[0].value)["data"] == {"key": "k", "seq": 3}
    assert pipeline.handler_calls[("k", 3)] == 3  # the first attempt and the two retries


async def test_malformed_unknown_and_schema_invalid_messages_go_to_dead_letters(
    pipeline: Pipeline,
    publisher: KafkaPublisher,
    kafka_server: KafkaServer,
    unique_name: Callable[[str], str],
) -> None:
    await pipeline.change("k", 0)
    await drain(pipeline, pipeline.relay(publisher))
    good = (await read_all(kafka_server.bootstrap_servers, pipeline.topic, expect=1))[0]
    envelope = json.loads(good.value)
    unknown = {
        **envelope,
        "id": "5d0c1b8e-0000-4000-8000-000000000001",
        "type": "mentorship.testkit.counter.exploded.v1",
    }
    invalid = {
        **envelope,
        "id": "5d0c1b8e-0000-4000-8000-000000000002",
        "data": {"key": "k", "seq": "not a number"},
    }
    bad = [
        Record(pipeline.topic, b"k", b"{not json", ()),
        Record(pipeline.topic, b"k", json.dumps(unknown).encode(), ()),
        Record(pipeline.topic, b"k", json.dumps(invalid).encode(), ()),
    ]
    await produce_raw(kafka_server.bootstrap_servers, bad)
    await pipeline.change("k", 1)
    await drain(pipeline, pipeline.relay(publisher))

    runner = pipeline.runner(subscribe(kafka_server, pipeline, unique_name("g")), publisher)
    task = asyncio.create_task(runner.run())
    await run_until(pipeline, task, 2)
    dead = await read_all(kafka_server.bootstrap_servers, dlq_topic(pipeline.topic), expect=3)
    runner.stop()
    await task

    assert [seq for _, seq, _ in await pipeline.effects_in_order()] == [0, 1]
    assert sorted(record.value for record in dead) == sorted(record.value for record in bad)
    assert {dict(record.headers)["dlq_reason"] for record in dead} == {b"malformed"}
    errors = b" ".join(dict(record.headers)["dlq_error"] for record in dead)
    assert b"unknown event type" in errors
    assert b"fails its schema" in errors


async def test_relay_keeps_rows_while_broker_is_down_and_delivers_all_after_restart(
    pipeline: Pipeline,
    publisher: KafkaPublisher,
    stoppable_kafka: KafkaServer,
    unique_name: Callable[[str], str],
) -> None:
    relay = pipeline.relay(publisher)
    relay_task = asyncio.create_task(relay.run())
    await pipeline.change("k", 0)
    await eventually(pipeline.unpublished, lambda n: n == 0)

    await asyncio.to_thread(stoppable_kafka.stop)
    try:
        for seq in range(1, 101):
            await pipeline.change(f"k{seq % 7}", seq)
        await asyncio.sleep(2)  # let the relay try against the stopped broker
        assert await pipeline.unpublished() == 100
        backlog = await eventually(
            lambda: _value(metrics.OUTBOX_BACKLOG.labels("testkit")._value.get()),
            lambda count: count == 100,
        )
        oldest_age = metrics.OUTBOX_OLDEST_AGE.labels("testkit")._value.get()
    finally:
        await asyncio.to_thread(stoppable_kafka.start)

    runner = pipeline.runner(subscribe(stoppable_kafka, pipeline, unique_name("g")), publisher)
    runner_task = asyncio.create_task(runner.run())
    await run_until(pipeline, runner_task, 101)
    relay.stop()
    runner.stop()
    await asyncio.gather(relay_task, runner_task)

    assert await pipeline.unpublished() == 0
    assert sorted(seq for _, seq, _ in await pipeline.effects_in_order()) == list(range(101))
    assert backlog == 100  # the gauges told operators while the broker was away
    assert oldest_age > 0


async def test_replayed_dead_letters_are_handled_once_the_cause_is_fixed(
    pipeline: Pipeline,
    publisher: KafkaPublisher,
    kafka_server: KafkaServer,
    unique_name: Callable[[str], str],
) -> None:
    pipeline.failing = lambda payload: payload.seq == 1
    for seq in range(3):
        await pipeline.change("k", seq)
    await drain(pipeline, pipeline.relay(publisher))
    group = unique_name("g")
    runner = pipeline.runner(subscribe(kafka_server, pipeline, group), publisher, max_retries=0)
    task = asyncio.create_task(runner.run())
    await run_until(pipeline, task, 2)
    await read_all(kafka_server.bootstrap_servers, dlq_topic(pipeline.topic), expect=1)

    pipeline.failing = lambda payload: False
    replayer = KafkaSubscription(
        kafka_server.bootstrap_servers, unique_name("replay"), [dlq_topic(pipeline.topic)], "r"
    )
    await replayer.start()
    try:
        replayed = await replay(replayer, publisher, idle_seconds=1.0)
    finally:
        await replayer.stop()
    await run_until(pipeline, task, 3)
    runner.stop()
    await task

    assert replayed == 1
    assert sorted(seq for _, seq, _ in await pipeline.effects_in_order()) == [0, 1, 2]


async def test_a_stopped_consumer_commits_what_it_handled_and_leaves_the_group(
    pipeline: Pipeline,
    publisher: KafkaPublisher,
    kafka_server: KafkaServer,
    unique_name: Callable[[str], str],
) -> None:
    for seq in range(40):
        await pipeline.change(f"k{seq % 4}", seq)
    await drain(pipeline, pipeline.relay(publisher))
    group = unique_name("g")
    consumer = pipeline.consumer(unique_name("effects"))
    first = pipeline.runner(subscribe(kafka_server, pipeline, group), publisher, consumer)
    task = asyncio.create_task(first.run())
    await run_until(pipeline, task, 40)
    assert await group_members(kafka_server.bootstrap_servers, group) == 1
    first.stop()
    await task
    assert await group_members(kafka_server.bootstrap_servers, group) == 0

    before = duplicates(consumer.name)
    for seq in range(40, 45):
        await pipeline.change("k0", seq)
    await drain(pipeline, pipeline.relay(publisher))
    # The successor gets every partition at once (the first member left instead of timing
    # out) and resumes after the committed offsets: no redelivery, no duplicate.
    second = pipeline.runner(subscribe(kafka_server, pipeline, group), publisher, consumer)
    task = asyncio.create_task(second.run())
    await run_until(pipeline, task, 45)
    second.stop()
    await task

    assert await pipeline.effect_count() == 45
    assert duplicates(consumer.name) == before
