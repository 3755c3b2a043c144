"""Idle CPU of each service process: `python -m kit.serve <service>` against a real PostgreSQL
and Kafka, ready and receiving nothing; CPU time (utime + stime from /proc) over wall time.

Run from the repository root: `.venv/bin/python -m bench.idle_cpu [--seconds 20] [services...]`.
Prints one line per service and writes bench/results/idle_cpu.json. Target: at most 1 % of a core.
"""

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from uuid import uuid4

from kit.devtokens import DevIssuer
from tests.infra.infra import provide_kafka, provide_postgres

REPO_ROOT = Path(__file__).resolve().parents[1]
RESULT = REPO_ROOT / "bench" / "results" / "idle_cpu.json"
SERVICES = ("matching", "goals", "feedback", "notifications")
TARGET = 0.01
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_ready(port: int, process: subprocess.Popen[bytes], within: float = 120) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the service exited ({process.returncode})")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise TimeoutError("the service never became ready")


def measure(service: str, env: dict[str, str], settle: float, seconds: float) -> dict[str, float]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "kit.serve", service, "--host", "127.0.0.1", "--port", str(port)],
        env={**env, "LOG_LEVEL": "WARNING"},
        cwd=REPO_ROOT,
        stdout=subprocess.DEVNULL,
    )
    try:
        wait_ready(port, process)
        time.sleep(settle)  # group joins, warm-up, first lag reports
        cpu, wall = cpu_seconds(process.pid), time.monotonic()
        time.sleep(seconds)
        share = (cpu_seconds(process.pid) - cpu) / (time.monotonic() - wall)
    finally:
        process.terminate()
        process.wait(60)
    return {"cpu_share_of_a_core": round(share, 4), "seconds": seconds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("services", nargs="*", default=list(SERVICES))
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--settle", type=float, default=10.0)
    parser.add_argument("--output", type=Path, default=RESULT)
    args = parser.parse_args()
    load_start = round(os.getloadavg()[0], 2)
    issuer = DevIssuer.generate()
    results: dict[str, dict[str, float]] = {}
    with (
        provide_kafka(REPO_ROOT) as kafka,
        provide_postgres() as postgres,
        tempfile.TemporaryDirectory() as folder,
    ):
        key = Path(folder) / "issuer.pub.pem"
        key.write_text(issuer.public_key_pem)
        for service in args.services:
            prefix = service.upper()
            env = {
                **os.environ,
                f"{prefix}_DATABASE_URL": postgres.create_database(f"idle_{uuid4().hex[:8]}"),
                f"{prefix}_KAFKA_BOOTSTRAP_SERVERS": kafka.bootstrap_servers,
                f"{prefix}_TOPIC_NAMESPACE": f"idle-{uuid4().hex[:8]}.",
                f"{prefix}_AUTO_MIGRATE": "true",
                f"{prefix}_JWT_PUBLIC_KEY_FILE": str(key),
            }
            results[service] = measure(service, env, args.settle, args.seconds)
            share = results[service]["cpu_share_of_a_core"]
            verdict = "met" if share <= TARGET else "MISSED"
            print(f"{service:<14} {100 * share:5.2f} % of a core  (<= 1 %: {verdict})", flush=True)
    report = {
        "services": results,
        "target_share_at_most": TARGET,
        "load_average_1m": {"start": load_start, "end": round(os.getloadavg()[0], 2)},
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2) + "\n")
    print(f"written to {args.output}")


if __name__ == "__main__":
    main()
