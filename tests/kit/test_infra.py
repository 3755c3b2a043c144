"""The test infrastructure gives tests a real Kafka broker and a real PostgreSQL server."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import asyncpg
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition

from tests.infra.infra import KafkaServer, NotControllable, PostgresServer, create_topics
from tests.infra.postgres_server import plain_dsn

pytestmark = pytest.mark.integration


async def _produce(bootstrap: str, topic: str, *values: bytes) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    try:
        for value in values:
            await producer.send_and_wait(topic, value)
    finally:
        await producer.stop()


async def _consume_and_commit(
    bootstrap: str, topic: str, group: str, count: int, within: float = 30.0
) -> list[bytes | None]:
    """Read ``count`` records (or what came within ``within`` s) and commit past them."""
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=group,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    try:
        records: list[ConsumerRecord[bytes, bytes]] = []
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        while len(records) < count and loop.time() < deadline:
            for batch in (await consumer.getmany(timeout_ms=500)).values():
                records.extend(batch)
        if records:
            await consumer.commit({TopicPartition(topic, 0): records[-1].offset + 1})
        return [r.value for r in records]
    finally:
        await consumer.stop()


def _restart(server: KafkaServer | PostgresServer) -> None:
    try:
        server.stop()
    except NotControllable as exc:
        pytest.skip(str(exc))
    server.start()


async def test_a_produced_message_is_consumed_and_its_offset_committed(
    kafka_server: KafkaServer, unique_name: Callable[[str], str]
) -> None:
    topic, group = unique_name("infra"), unique_name("group")
    await create_topics(kafka_server.bootstrap_servers, [topic])

    await _produce(kafka_server.bootstrap_servers, topic, b"hello")

    assert await _consume_and_commit(kafka_server.bootstrap_servers, topic, group, 1) == [b"hello"]
    # The same group resumes after the committed offset: nothing left to read.
    assert await _consume_and_commit(kafka_server.bootstrap_servers, topic, group, 1, 2.0) == []


async def test_a_fresh_database_takes_a_table(database_url: str) -> None:
    conn = await asyncpg.connect(plain_dsn(database_url))
    try:
        tables = await conn.fetchval(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        )
        assert tables == 0
        await conn.execute("CREATE TABLE notes (id serial PRIMARY KEY, body text NOT NULL)")
        await conn.execute("INSERT INTO notes (body) VALUES ($1), ($2)", "one", "two")
        assert await conn.fetch("SELECT body FROM notes ORDER BY id") == [("one",), ("two",)]
    finally:
        await conn.close()


async def test_messages_and_committed_offsets_survive_a_broker_restart(
    kafka_server: KafkaServer, unique_name: Callable[[str], str]
) -> None:
    topic, group = unique_name("restart"), unique_name("group")
    await create_topics(kafka_server.bootstrap_servers, [topic])
    await _produce(kafka_server.bootstrap_servers, topic, b"before-1")
    assert await _consume_and_commit(kafka_server.bootstrap_servers, topic, group, 1) == [
        b"before-1"
    ]
    await _produce(kafka_server.bootstrap_servers, topic, b"before-2")

    _restart(kafka_server)

    # The group resumes at its committed offset and still finds the unread message.
    assert await _consume_and_commit(kafka_server.bootstrap_servers, topic, group, 1) == [
        b"before-2"
    ]


async def test_data_survive_a_postgres_restart(
    postgres_server: PostgresServer, database_url: str
) -> None:
    conn = await asyncpg.connect(plain_dsn(database_url))
    try:
        await conn.execute("CREATE TABLE kept (value int)")
        await conn.execute("INSERT INTO kept VALUES (42)")
    finally:
        await conn.close()

    _restart(postgres_server)

    conn = await asyncpg.connect(plain_dsn(database_url))
    try:
        assert await conn.fetchval("SELECT value FROM kept") == 42
    finally:
        await conn.close()
