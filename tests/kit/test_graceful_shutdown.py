"""SIGTERM on a service process: it stops accepting, finishes the request in flight, lets the
consumer finish its message, commit and leave the group, and exits within the grace period."""

import asyncio
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from kit.devtokens import DevIssuer
from tests.infra.apps import eventually
from tests.infra.events import publish_to_kafka
from tests.infra.infra import KafkaServer, create_topics
from tests.kit.kafka_tools import group_members
from tests.kit.pipeline_harness import CounterIncrementedV1, Pipeline

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_sigterm_drains_requests_and_the_consumer_then_exits_cleanly(
    database_url: str,
    kafka_server: KafkaServer,
    namespace: str,
    unique_name: Callable[[str], str],
    tmp_path: Path,
    issuer: DevIssuer,
) -> None:
    pipeline = Pipeline(database_url, namespace)
    await pipeline.create_schema()
    topic = f"{namespace}mentorship.testkit.events"
    await create_topics(kafka_server.bootstrap_servers, [topic, topic + ".dlq"], 1)
    port, group, marker = free_port(), unique_name("slow"), tmp_path / "handler-started"
    public_key = tmp_path / "issuer.pub.pem"
    await asyncio.to_thread(public_key.write_text, issuer.public_key_pem)
    env = {
        **os.environ,
        "SLOW_DATABASE_URL": database_url,
        "SLOW_KAFKA_BOOTSTRAP_SERVERS": kafka_server.bootstrap_servers,
        "SLOW_TOPIC_NAMESPACE": namespace,
        "SLOW_CONSUMER_GROUP": group,
        "SLOW_MARKER_FILE": str(marker),
        "SLOW_JWT_PUBLIC_KEY_FILE": str(public_key),
    }
    process = subprocess.Popen(  # noqa: ASYNC220 - the process under test, not awaited I/O
        [
            sys.executable,
            "-m",
            "kit.serve",
            "tests.kit.slow_app:create_app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--grace",
            "15",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:

            async def ready() -> int:
                try:
                    return (await client.get("/readyz")).status_code
                except httpx.TransportError:
                    return 0

            assert await eventually(ready, lambda status: status == 200) == 200
            await publish_to_kafka(
                kafka_server.bootstrap_servers,
                CounterIncrementedV1(key="k", seq=1),
                subject="k",
                org_id="acme",
                namespace=namespace,
            )
            await eventually(lambda: asyncio.to_thread(marker.exists), bool)
            in_flight = asyncio.create_task(client.get("/slow", timeout=30))
            await asyncio.sleep(0.3)  # let the request reach the server before the signal
            process.send_signal(signal.SIGTERM)

            async def refused() -> bool:
                try:
                    async with httpx.AsyncClient() as fresh:
                        await fresh.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
                    return False
                except httpx.TransportError:
                    return True

            refused_while_draining = await eventually(refused, bool, within=2.5)
            response = await in_flight
        exit_code = await asyncio.to_thread(process.wait, 30)
    finally:
        if process.poll() is None:
            process.kill()
    stderr = process.stderr.read().decode() if process.stderr else ""

    assert refused_while_draining, "a new connection was accepted after SIGTERM"
    assert response.json() == {"status": "finished"}
    # uvicorn re-raises the SIGTERM it handled once drained: the conventional exit status.
    assert exit_code in (0, -signal.SIGTERM), stderr[-2000:]
    assert '"event": "service_stopped"' in stderr
    assert [seq for _, seq, _ in await pipeline.effects_in_order()] == [1]
    assert await group_members(kafka_server.bootstrap_servers, group + ".slow-effects") == 0
    await pipeline.close()
