"""The distributed mode on loopback: each service and the gateway as its own `python -m kit.serve`
process, each service on its own fresh PostgreSQL database, all on one Kafka broker under one
topic namespace. Used by the distributed journey test and by `bench.gateway`."""

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from uuid import UUID, uuid4

import httpx

from contracts.notifications import NotificationCreatedV1
from tests.infra.apps import eventually
from tests.infra.events import publish_to_kafka
from tests.infra.infra import PostgresServer

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("matching", "goals", "feedback", "notifications")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Process:
    name: str
    port: int
    popen: subprocess.Popen[bytes]
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def tail(self, chars: int = 3000) -> str:
        try:
            return self.log.read_text(errors="replace")[-chars:]
        except OSError:
            return ""


@dataclass
class Stack:
    """The running processes; `urls[name]` is each one's base URL."""

    processes: dict[str, Process] = field(default_factory=dict)

    @property
    def urls(self) -> dict[str, str]:
        return {name: process.url for name, process in self.processes.items()}

    @property
    def gateway_host(self) -> str:
        return f"127.0.0.1:{self.processes['gateway'].port}"

    def logs(self) -> str:
        """The end of each process's log, for a failing assertion's message."""
        return "\n".join(f"--- {p.name} ---\n{p.tail()}" for p in self.processes.values())


Launch = Callable[[str, int, Mapping[str, str], Path], "subprocess.Popen[bytes]"]
"""Starts one workload (`name`) serving on 127.0.0.1:`port` with `env`, its output in the log."""


def launch_process(
    name: str, port: int, env: Mapping[str, str], log: Path
) -> "subprocess.Popen[bytes]":
    """The workload as a `python -m kit.serve` process of this checkout."""
    command = [sys.executable, "-m", "kit.serve", name, "--host", "127.0.0.1"]
    command += ["--port", str(port), "--grace", "5"]
    with log.open("wb") as sink:  # the child keeps its own descriptor
        return subprocess.Popen(
            command,
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=sink,
            stderr=subprocess.STDOUT,
        )


def _start(name: str, env: Mapping[str, str], log_dir: Path, launch: Launch) -> Process:
    port = free_port()
    log = log_dir / f"{name}.log"
    return Process(name, port, launch(name, port, env, log), log)


async def _ready(process: Process, path: str) -> bool:
    async with httpx.AsyncClient(base_url=process.url, timeout=5) as client:

        async def status() -> int:
            if process.popen.poll() is not None:
                return -1  # exited: stop waiting
            try:
                return (await client.get(path)).status_code
            except httpx.TransportError:
                return 0

        return await eventually(status, lambda code: code in (200, -1), within=90) == 200


def _stop(process: Process) -> None:
    """SIGTERM, then SIGKILL if it has not drained within the grace period."""
    if process.popen.poll() is None:
        process.popen.send_signal(signal.SIGTERM)
        try:
            process.popen.wait(20)
        except subprocess.TimeoutExpired:
            process.popen.kill()
            process.popen.wait(10)


@asynccontextmanager
async def distributed_stack(
    postgres: PostgresServer,
    bootstrap_servers: str,
    namespace: str,
    public_key_pem: str,
    work_dir: Path,
    extra_env: Mapping[str, str] | None = None,
    launch: Launch = launch_process,
    migrate: bool = True,
) -> AsyncIterator[Stack]:
    """Start the four services (ready on /readyz: migrated, consumers running, topics made),
    then the gateway; always stop every process and drop the databases on the way out.
    `launch` starts each workload (processes of this checkout, or containers); with `migrate`
    false the services do not migrate themselves (the launcher does, as a migration Job would)."""
    public_key = work_dir / "issuer.pub.pem"
    await asyncio.to_thread(public_key.write_text, public_key_pem)
    stack, databases = Stack(), []
    try:
        for service in SERVICES:
            prefix = service.upper()
            database = f"e2e_{service}_{uuid4().hex[:10]}"
            url = await asyncio.to_thread(postgres.create_database, database)
            databases.append(database)
            env = {
                f"{prefix}_DATABASE_URL": url,
                f"{prefix}_KAFKA_BOOTSTRAP_SERVERS": bootstrap_servers,
                f"{prefix}_TOPIC_NAMESPACE": namespace,
                # A group of this stack's own: a shared broker may hold other runs' groups.
                f"{prefix}_CONSUMER_GROUP": f"{namespace}{service}",
                f"{prefix}_AUTO_MIGRATE": "true" if migrate else "false",
                f"{prefix}_TOPIC_PARTITIONS": "3",
                f"{prefix}_JWT_PUBLIC_KEY_FILE": str(public_key),
                f"{prefix}_SCHEDULER_IDLE_SECONDS": "0.2",
                **(extra_env or {}),
            }
            stack.processes[service] = await asyncio.to_thread(
                _start, service, env, work_dir, launch
            )
        for service in SERVICES:
            process = stack.processes[service]
            assert await _ready(process, "/readyz"), f"{service} not ready\n{process.tail()}"
        gateway_env = {
            **{f"GATEWAY_{s.upper()}_URL": stack.processes[s].url for s in SERVICES},
            "GATEWAY_KAFKA_BOOTSTRAP_SERVERS": bootstrap_servers,
            "GATEWAY_TOPIC_NAMESPACE": namespace,
            "GATEWAY_JWT_PUBLIC_KEY_FILE": str(public_key),
            **(extra_env or {}),
        }
        stack.processes["gateway"] = await asyncio.to_thread(
            _start, "gateway", gateway_env, work_dir, launch
        )
        gateway = stack.processes["gateway"]
        assert await _ready(gateway, "/healthz"), f"gateway not ready\n{gateway.tail()}"
        yield stack
    finally:
        await asyncio.gather(
            *(asyncio.to_thread(_stop, process) for process in stack.processes.values())
        )
        for database in databases:
            with contextlib.suppress(Exception):  # never mask the test's own failure
                await asyncio.to_thread(postgres.drop_database, database)


async def publish_probe(bootstrap_servers: str, namespace: str, org_id: str, user_id: str) -> UUID:
    """A `notification.created` event titled `probe`, straight onto the notifications
    topic: once a subscription receives one, the gateway's Kafka reader is known to be live
    (it starts at the end of the topics, so events before that would never reach anyone)."""
    payload = NotificationCreatedV1(
        notification_id=uuid4(), user_id=user_id, category="admin", title="probe", body=""
    )
    await publish_to_kafka(
        bootstrap_servers, payload, subject=user_id, org_id=org_id, namespace=namespace
    )
    return payload.notification_id
