"""`mentorship dlq list` and `dlq replay` against the real broker."""

import asyncio
from collections.abc import Callable

import pytest
from typer.testing import CliRunner

from kit.events.deadletter import dead_letter_record, dlq_topic
from mentorship.cli import app
from tests.infra.events import event_record
from tests.infra.infra import KafkaServer, create_topics
from tests.kit.kafka_tools import produce_raw, read_all
from tests.kit.pipeline_harness import CounterIncrementedV1

pytestmark = pytest.mark.integration


async def test_dead_letters_are_listed_without_consuming_and_replayed_to_their_topic(
    kafka_server: KafkaServer, namespace: str, unique_name: Callable[[str], str]
) -> None:
    topic = f"{namespace}mentorship.testkit.events"
    await create_topics(kafka_server.bootstrap_servers, [topic, dlq_topic(topic)], 1)
    _, record = event_record(
        CounterIncrementedV1(key="k", seq=7), subject="k", org_id="acme", namespace=namespace
    )
    dead = dead_letter_record(record, "effects", "handler-failed", ValueError("boom"), 3)
    await produce_raw(kafka_server.bootstrap_servers, [dead, dead])
    bootstrap = ["--bootstrap-servers", kafka_server.bootstrap_servers]
    runner = CliRunner()

    listed = await asyncio.to_thread(runner.invoke, app, ["dlq", "list", topic, *bootstrap])
    listed_again = await asyncio.to_thread(runner.invoke, app, ["dlq", "list", topic, *bootstrap])
    replayed = await asyncio.to_thread(
        runner.invoke, app, ["dlq", "replay", topic, *bootstrap, "--group", unique_name("r")]
    )

    assert listed.exit_code == 0, listed.output
    assert "2 dead letters" in listed.output
    assert "handler-failed" in listed.output
    assert "ValueError: boom" in listed.output
    assert listed_again.output == listed.output
    assert replayed.exit_code == 0, replayed.output
    assert "replayed 2 dead letters" in replayed.output
    back = await read_all(kafka_server.bootstrap_servers, topic, expect=2)
    assert [r.value for r in back] == [record.value, record.value]
    assert all(not name.startswith("dlq_") for r in back for name, _ in r.headers)
