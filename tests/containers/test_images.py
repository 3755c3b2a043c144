"""The five images, built from the real Dockerfile and run under deploy/k8s's security context
(read-only root, uid 10001, every capability dropped, no new privileges, a tmpfs /tmp) on the
host network, against the test Kafka and PostgreSQL, with docker-compose.yml's environment."""

import asyncio
import json
import subprocess
from collections.abc import AsyncIterator, Iterator, Mapping
from pathlib import Path
from uuid import uuid4

import httpx
import pytest
from aiokafka.errors import KafkaError

from kit.devtokens import DevIssuer
from tests.containers.podman import (
    WORKLOADS,
    Image,
    compose_environment,
    pod_security,
    podman,
    podman_env,
    remove_all,
    run_command,
)
from tests.e2e.distributed_stack import Stack, distributed_stack, free_port
from tests.e2e.test_journey_distributed import journey_through
from tests.infra.apps import eventually
from tests.infra.infra import KafkaServer, PostgresServer
from tests.kit.kafka_tools import group_members

# Building the five images on a fresh machine takes minutes (the first test pays for it).
pytestmark = [pytest.mark.containers, pytest.mark.timeout(1800)]

# docker-compose.override.yml mounts the development issuer's key here.
KEY_IN_CONTAINER = Path("/run/secrets/dev-issuer.pub.pem")
# What only a test run sets: its own topics and groups, discovery on loopback instead of
# compose's service names, migrations by a Job instead of at start, a quicker scheduler.
TEST_ONLY = {
    "TOPIC_NAMESPACE",
    "CONSUMER_GROUP",
    "AUTO_MIGRATE",
    "TOPIC_PARTITIONS",
    "SCHEDULER_IDLE_SECONDS",
    "JWT_PUBLIC_KEY_FILE",
    *(f"{service.upper()}_URL" for service in WORKLOADS),
}
# The project's own test code: the suite with the fixtures that start Kafka and PostgreSQL
# (tests/infra), and where those fixtures lived before they left the product.
TEST_FIXTURES = ("/app/tests", "/app/libs/kit/src/kit/testing")
DEV_DEPENDENCIES = ("pytest", "mypy", "ruff", "hypothesis", "testcontainers", "schemathesis")


class ContainerLauncher:
    """Starts each workload as its image, with compose's environment and the pod's security
    context; migrates each service's database first with its own image, as the migration Job
    does."""

    def __init__(self, images: Mapping[str, Image], public_key: Path, run: str) -> None:
        self.images, self.public_key, self.run = images, public_key, run
        # Compose's variables: its SMTP catcher and hosts do not exist here.
        self.variables = {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(free_port())}

    def name(self, workload: str) -> str:
        return f"mentorship-{workload}-{self.run}"

    def environment(self, workload: str, test_env: Mapping[str, str]) -> dict[str, str]:
        environment = compose_environment(workload, self.variables)
        prefix = workload.upper() + "_"
        for key in test_env:
            if key not in environment and key.removeprefix(prefix) not in TEST_ONLY:
                raise AssertionError(f"the tier sets {key}, which docker-compose.yml does not")
        environment.update({k: v for k, v in test_env.items() if not k.endswith("_KEY_FILE")})
        return environment

    def __call__(
        self, workload: str, port: int, env: Mapping[str, str], log: Path
    ) -> "subprocess.Popen[bytes]":
        image, security = self.images[workload].tag, pod_security(workload)
        environment = self.environment(workload, env) | {"PORT": str(port), "HOST": "127.0.0.1"}
        mounts = {self.public_key: KEY_IN_CONTAINER}
        if workload != "gateway":
            migration = run_command(
                image,
                self.name(workload) + "-migrate",
                environment,
                mounts,
                security,
                ["python", "-m", "kit.serve", "migrate", workload],
            )
            done = subprocess.run(
                migration, env=podman_env(), capture_output=True, text=True, check=False
            )
            assert done.returncode == 0, f"{workload} migration failed:\n{done.stdout}{done.stderr}"
        command = run_command(image, self.name(workload), environment, mounts, security)
        with log.open("wb") as sink:
            return subprocess.Popen(
                command, env=podman_env(), stdout=sink, stderr=subprocess.STDOUT
            )


@pytest.fixture(scope="module")
async def containers(
    images: dict[str, Image],
    postgres_server: PostgresServer,
    kafka_server: KafkaServer,
    issuer: DevIssuer,
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[tuple[Stack, ContainerLauncher, str]]:
    work_dir = tmp_path_factory.mktemp("containers")
    namespace = f"ct-{uuid4().hex[:8]}."
    launcher = ContainerLauncher(images, work_dir / "issuer.pub.pem", uuid4().hex[:8])
    try:
        async with distributed_stack(
            postgres_server,
            kafka_server.bootstrap_servers,
            namespace,
            issuer.public_key_pem,
            work_dir,
            launch=launcher,
            migrate=False,
        ) as stack:
            yield stack, launcher, namespace
    finally:
        await asyncio.to_thread(remove_all)


def test_images_run_as_non_root_and_carry_no_tests_or_dev_dependencies(
    images: dict[str, Image],
) -> None:
    probe = (
        "import importlib.util, json, pathlib; "
        f"FIXTURES = {TEST_FIXTURES!r}; "
        f"dev = [m for m in {DEV_DEPENDENCIES!r} if importlib.util.find_spec(m)]; "
        "ours = [pathlib.Path('/app', d) for d in ('libs', 'services', 'gateway')]; "
        "tests = [str(p) for d in ours for p in d.rglob('conftest.py')]; "
        "tests += [str(p) for p in map(pathlib.Path, FIXTURES) if p.exists()]; "
        "import os; print(json.dumps({'uid': os.getuid(), 'dev': dev, 'tests': tests}))"
    )
    for workload, image in images.items():
        user = podman("image", "inspect", "--format", "{{.Config.User}}", image.tag).stdout
        assert user.strip(), f"{workload} names no user"
        assert user.split(":")[0].strip() not in ("0", "root"), f"{workload} runs as root"
        found = json.loads(podman("run", "--rm", image.tag, "python", "-c", probe).stdout)
        assert found["uid"] != 0, f"{workload} runs as root"
        assert found["dev"] == [], f"{workload} carries dev dependencies {found['dev']}"
        assert found["tests"] == [], f"{workload} carries test files {found['tests']}"


async def test_every_service_becomes_ready_and_the_gateway_answers(
    containers: tuple[Stack, ContainerLauncher, str],
) -> None:
    stack, _, _ = containers
    async with httpx.AsyncClient(timeout=10) as http:
        for workload, url in stack.urls.items():
            path = "/healthz" if workload == "gateway" else "/readyz"
            response = await http.get(url + path)
            assert response.status_code == 200, f"{workload}: {response.text}\n{stack.logs()}"


async def test_the_journey_runs_through_the_containerised_gateway(
    containers: tuple[Stack, ContainerLauncher, str],
    kafka_server: KafkaServer,
    issuer: DevIssuer,
) -> None:
    stack, _, namespace = containers
    await journey_through(stack, kafka_server.bootstrap_servers, namespace, issuer)


async def test_matching_compiles_its_kernels_into_the_writable_tmp(
    containers: tuple[Stack, ContainerLauncher, str],
) -> None:
    stack, launcher, _ = containers
    name = launcher.name("matching")

    async def warmed_up() -> tuple[int, str]:
        listing = await asyncio.to_thread(
            podman, "exec", name, "sh", "-c", "ls /tmp/numba-cache 2>/dev/null | wc -l", check=False
        )
        return int(listing.stdout.strip() or 0), stack.processes["matching"].tail(500_000)

    # The warm-up compiles in a worker thread after start: a minute of a busy core at most.
    cached, logs = await eventually(
        warmed_up, lambda got: got[0] > 0 and "warm_up_done" in got[1], within=300, interval=2
    )
    assert cached > 0, logs[-3000:]
    assert "warm_up_done" in logs, logs[-3000:]
    assert "Read-only file system" not in logs, logs[-3000:]


@pytest.fixture
def one_service(
    images: dict[str, Image],
    postgres_server: PostgresServer,
    kafka_server: KafkaServer,
    issuer: DevIssuer,
    tmp_path: Path,
) -> Iterator[tuple["subprocess.Popen[bytes]", int, str, Path]]:
    """Matching alone, in its container, on a fresh database and a group of its own."""
    public_key = tmp_path / "issuer.pub.pem"
    public_key.write_text(issuer.public_key_pem)
    launcher = ContainerLauncher(images, public_key, uuid4().hex[:8])
    database = f"ct_{uuid4().hex[:10]}"
    prefix, port, log = f"ct-group-{uuid4().hex[:8]}", free_port(), tmp_path / "matching.log"
    env = {
        "MATCHING_DATABASE_URL": postgres_server.create_database(database),
        "MATCHING_KAFKA_BOOTSTRAP_SERVERS": kafka_server.bootstrap_servers,
        "MATCHING_TOPIC_NAMESPACE": f"ct-{uuid4().hex[:8]}.",
        "MATCHING_CONSUMER_GROUP": prefix,
        "MATCHING_AUTO_MIGRATE": "false",
    }
    process = launcher("matching", port, env, log)
    try:
        # kit.runtime names each consumer's group `<CONSUMER_GROUP>.<consumer>`.
        yield process, port, f"{prefix}.relationship-health", log
    finally:
        if process.poll() is None:
            process.kill()
        remove_all()
        postgres_server.drop_database(database)


async def test_sigterm_answers_the_request_in_flight_then_exits_and_leaves_the_group(
    one_service: tuple["subprocess.Popen[bytes]", int, str, Path],
    kafka_server: KafkaServer,
    issuer: DevIssuer,
) -> None:
    process, port, group, log = one_service

    async def ready() -> int:
        try:
            async with httpx.AsyncClient(timeout=5) as http:
                return (await http.get(f"http://127.0.0.1:{port}/readyz")).status_code
        except httpx.TransportError:
            return 0 if process.poll() is None else -1

    assert await eventually(ready, lambda s: s in (200, -1), within=180) == 200, log.read_text()

    async def members() -> int:
        try:
            return await group_members(kafka_server.bootstrap_servers, group)
        except KafkaError:  # the group's coordinator is not known yet
            return 0

    assert await eventually(members, lambda n: n > 0, within=120), "the consumer never joined"

    token = issuer.mint("ada", "acme", ["org_admin"])
    body = json.dumps({"name": "Drained"}).encode()
    head = (
        f"POST /v1/programs HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(head + body[:5])  # the request is in flight: its body is still arriving
    await writer.drain()
    await asyncio.sleep(0.5)
    process.send_signal(15)
    await asyncio.sleep(1)
    writer.write(body[5:])
    await writer.drain()
    status_line = await asyncio.wait_for(reader.readline(), timeout=30)
    writer.close()
    assert status_line.startswith(b"HTTP/1.1 201"), status_line + log.read_bytes()[-3000:]

    # Kubernetes kills the pod once its grace period is over: waiting that long is the contract.
    grace = pod_security("matching").grace_seconds
    try:
        code = await asyncio.to_thread(process.wait, grace)
    except subprocess.TimeoutExpired:
        pytest.fail(f"still running {grace} s after SIGTERM:\n{log.read_text()[-4000:]}")
    assert code == 0, log.read_text()[-3000:]
    assert await group_members(kafka_server.bootstrap_servers, group) == 0
