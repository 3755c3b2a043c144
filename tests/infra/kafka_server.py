"""A real Apache Kafka broker for tests: KRaft, one combined node, from Maven Central jars."""

from __future__ import annotations

import abc
import atexit
import base64
import contextlib
import os
import re
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Self

from tests.infra._support import (
    InfraUnavailable,
    claim,
    free_port,
    kill_recorded,
    kill_with_parent,
    reap_stale,
    run_sync,
    tail,
    tcp_open,
    terminate,
)

READY_TIMEOUT = 60.0
STOP_TIMEOUT = 30.0
MIN_JAVA = 17
JVM_OPTS = ("-Xms256m", "-Xmx512m", "-XX:+ExitOnOutOfMemoryError", "-Djava.awt.headless=true")
DIR_PREFIX = "kit-kafka-"
MVN_COPY = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies"


class KafkaServer(abc.ABC):
    """A broker the tests can reach at ``bootstrap_servers``."""

    bootstrap_servers: str
    kind: str

    @abc.abstractmethod
    def stop(self) -> None:
        """Stop the broker; topics and committed offsets survive a later ``start()``."""

    @abc.abstractmethod
    def start(self) -> None:
        """Start the broker again at the same address, and wait until it answers."""

    @abc.abstractmethod
    def close(self) -> None:
        """Stop the broker for good and delete what it stored."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.kind} {self.bootstrap_servers}>"


async def _metadata_round_trip(bootstrap: str) -> None:
    from aiokafka.admin import AIOKafkaAdminClient

    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=5000)
    try:
        await admin.start()
        cluster = await admin.describe_cluster()
        if not cluster.get("brokers") or cluster.get("controller_id", -1) < 0:
            raise RuntimeError(f"cluster not ready yet: {cluster}")
    finally:
        with contextlib.suppress(Exception):
            await admin.close()


def wait_kafka_ready(
    bootstrap: str,
    timeout: float = READY_TIMEOUT,
    *,
    why_dead: Callable[[], str | None] | None = None,
) -> None:
    """Wait for a TCP connect, then a metadata round trip; fail early if ``why_dead()`` says so."""
    host, _, port = bootstrap.split(",")[0].rpartition(":")
    deadline = time.monotonic() + timeout
    last = "no TCP connection yet"
    while time.monotonic() < deadline:
        if why_dead is not None and (dead := why_dead()) is not None:
            raise RuntimeError(f"Kafka broker exited before it was ready: {dead}")
        if tcp_open(host, int(port)):
            try:
                run_sync(lambda: _metadata_round_trip(bootstrap))
                return
            except Exception as exc:
                last = f"{type(exc).__name__}: {exc}"
        time.sleep(0.2)
    raise TimeoutError(f"Kafka at {bootstrap} not ready after {timeout:.0f}s (last: {last})")


def java_binary() -> str:
    """The ``java`` to run the broker with (``$JAVA_HOME`` first); it must be Java 17 or newer."""
    home = os.environ.get("JAVA_HOME")
    java = str(Path(home, "bin", "java")) if home and Path(home, "bin", "java").exists() else None
    java = java or shutil.which("java")
    if java is None:
        raise InfraUnavailable("java not found (Kafka 4.x needs Java 17+ on PATH or in JAVA_HOME)")
    out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30)
    match = re.search(r'version "(\d+)(?:\.(\d+))?', out.stderr + out.stdout)
    if match is None:
        raise InfraUnavailable(f"cannot read the version of {java}: {out.stderr.strip()!r}")
    major = int(match[1]) if match[1] != "1" else int(match[2] or 0)
    if major < MIN_JAVA:
        raise InfraUnavailable(f"{java} is Java {major}; Kafka 4.x needs Java {MIN_JAVA} or newer")
    return java


def ensure_kafka_jars(repo_root: Path) -> Path:
    """``<repo>/.cache/kafka/lib`` with the broker's jars, fetched with Maven when missing."""
    lib = repo_root / ".cache" / "kafka" / "lib"
    if any(lib.glob("kafka_2.13-*.jar")):
        return lib
    pom = repo_root / "tools" / "kafka" / "pom.xml"
    mvn = shutil.which("mvn")
    if mvn is None:
        raise InfraUnavailable(f"mvn not found, and it is needed once to fetch the jars into {lib}")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        raise InfraUnavailable("java not found (Maven and the broker need a JDK 17+)")
    lib.mkdir(parents=True, exist_ok=True)
    cmd = [mvn, "-B", "-q", "-f", str(pom), MVN_COPY]
    cmd += ["-DincludeScope=runtime", f"-DoutputDirectory={lib}"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    if done.returncode != 0 or not any(lib.glob("kafka_2.13-*.jar")):
        output = (done.stdout + done.stderr).strip()[-3000:]
        raise InfraUnavailable(f"fetching the Kafka jars failed ({' '.join(cmd)}):\n{output}")
    return lib


def _cluster_id() -> str:
    # Kafka's own Uuid.randomUuid() skips ids starting with "-", which look like CLI flags.
    while True:
        cid = base64.urlsafe_b64encode(uuid.uuid4().bytes).rstrip(b"=").decode()
        if not cid.startswith("-"):
            return cid


class LocalKafkaServer(KafkaServer):
    """``kafka.Kafka`` run as a child process in a temporary folder, on two free ports."""

    kind = "local"

    def __init__(self, lib_dir: Path, java: str) -> None:
        self._lib = lib_dir
        self._java = java
        self._proc: subprocess.Popen[bytes] | None = None
        reap_stale(DIR_PREFIX, lambda old: kill_recorded(old / "broker.pid", str(old)))
        self.dir = Path(tempfile.mkdtemp(prefix=DIR_PREFIX))
        claim(self.dir)
        self.port = free_port()
        self.controller_port = free_port(avoid=(self.port,))
        self.bootstrap_servers = f"127.0.0.1:{self.port}"
        self.log_file = self.dir / "logs" / "kafka.log"
        self.out_file = self.dir / "kafka.out"
        self.startup_seconds = 0.0
        atexit.register(self._kill)
        try:
            self._write_config()
            self._format()
            self.start()
        except BaseException:
            self.close()
            raise

    def _write_config(self) -> None:
        (self.dir / "logs").mkdir()
        p, c = self.port, self.controller_port
        props = f"""\
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:{c}
listeners=PLAINTEXT://127.0.0.1:{p},CONTROLLER://127.0.0.1:{c}
advertised.listeners=PLAINTEXT://127.0.0.1:{p}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs={self.dir / "data"}
num.partitions=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
"""
        (self.dir / "server.properties").write_text(props)
        log4j2 = f"""\
rootLogger.level=WARN
rootLogger.appenderRef.file.ref=FILE
appender.file.type=File
appender.file.name=FILE
appender.file.fileName={self.log_file}
appender.file.layout.type=PatternLayout
appender.file.layout.pattern=[%d] %p %m (%c)%n
"""
        (self.dir / "log4j2.properties").write_text(log4j2)

    def _jvm(self, *extra: str) -> list[str]:
        return [
            self._java,
            *JVM_OPTS,
            *extra,
            f"-Dlog4j2.configurationFile={self.dir / 'log4j2.properties'}",
            f"-Dkafka.logs.dir={self.dir / 'logs'}",
            "-cp",
            f"{self._lib}/*",
        ]

    def _format(self) -> None:
        props = str(self.dir / "server.properties")
        cmd = [*self._jvm("-XX:TieredStopAtLevel=1"), "kafka.tools.StorageTool", "format"]
        cmd += ["-t", _cluster_id(), "-c", props, "--ignore-formatted"]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"Kafka StorageTool format failed:\n{done.stdout}{done.stderr}")

    def _why_dead(self) -> str | None:
        if self._proc is None or self._proc.poll() is None:
            return None
        return f"exit code {self._proc.returncode}\n{self.describe_logs()}"

    def describe_logs(self) -> str:
        out, log = self.out_file, self.log_file
        return f"--- {out}:\n{tail(out)}\n--- {log}:\n{tail(log)}"

    def start(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            return
        started = time.monotonic()
        cmd = [*self._jvm(), "kafka.Kafka", str(self.dir / "server.properties")]
        with self.out_file.open("ab") as out:
            self._proc = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                cwd=self.dir,
                start_new_session=True,
                preexec_fn=kill_with_parent(),
            )
        (self.dir / "broker.pid").write_text(str(self._proc.pid))
        try:
            wait_kafka_ready(self.bootstrap_servers, why_dead=self._why_dead)
        except TimeoutError as exc:
            raise TimeoutError(f"{exc}\n{self.describe_logs()}") from None
        self.startup_seconds = time.monotonic() - started

    def stop(self) -> None:
        if self._proc is not None:
            terminate(self._proc, STOP_TIMEOUT)
            self._proc = None

    def close(self) -> None:
        self.stop()
        atexit.unregister(self._kill)
        shutil.rmtree(self.dir, ignore_errors=True)

    def _kill(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            self._proc.kill()
