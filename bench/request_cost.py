"""What one request costs in the distributed mode, against the same work done minimally, in one run.

    .venv/bin/python -m bench.request_cost                          # this checkout, ~4 minutes
    .venv/bin/python -m bench.request_cost --code-dir ../baseline --code-dir .   # before, after

For each `--code-dir` in turn (back to back, on the same Kafka broker and PostgreSQL server), each
service and the gateway run in their own `python -m kit.serve` process from that checkout (its
own `.venv`), and the minimal equivalents (`bench.minimal.app`: FastAPI + asyncpg + PyJWT, one
uvicorn worker) from this one. wrk, a compiled load generator, drives every row, so that the
client does not share the Python cost. Rows, each `--seconds` long after a short warm-up:

- healthz: `GET /healthz` on matching / the minimal app's;
- program: `GET /v1/programs/{id}` on matching (RS256, one row of the caller's org, JSON) /
  the minimal app's;
- page: `GET /v1/programs/{id}/participants?limit=50` as an admin / the minimal app's;
- enrol: `POST /v1/programs/{id}/participants`, a new person each request / the minimal app's
  (the participant and its outbox row in one transaction);
- gateway program(id): the GraphQL query / `GET /v1/programs/{id}` on matching, which it calls;
- dashboard: the mentee dashboard of `bench.gateway` through the gateway / the five calls it
  makes, to the services directly.

Then the enrolments of the enrol row are followed through the whole stack until every effect has
landed (published, goals, feedback, notifications' two consumers, notification.created
published), and each service process's idle CPU is read from /proc. Writes
bench/results/request_cost.json. Targets (issue 13) are reported, not asserted.
"""

import argparse
import asyncio
import contextlib
import json
import os
import signal
import subprocess
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from statistics import quantiles
from typing import Any
from uuid import uuid4

import asyncpg
import httpx

from bench import profile
from bench.gateway import DASHBOARD, seed
from bench.report import busy_warning, machine
from kit.devtokens import DevIssuer
from tests.e2e.distributed_stack import Process as StackProcess
from tests.e2e.distributed_stack import free_port
from tests.infra.apps import bearer
from tests.infra.infra import PostgresServer, provide_kafka, provide_postgres
from tests.infra.postgres_server import plain_dsn

# Per-principal budget while benchmarking (see the stack's environment).
BENCH_BUDGET = "100000000/minute"
ROOT = Path(__file__).resolve().parents[1]
RESULT = ROOT / "bench" / "results" / "request_cost.json"
SERVICES = ("matching", "goals", "feedback", "notifications")
ALL = ("gateway", *SERVICES)  # what serves a gateway query
ORG = "bench"  # bench.gateway's seed enrols in this organisation
ADMIN = "ada"
MENTEE = "ming"
PAGE = 50
ENROLLED = "mentorship.matching.participant.enrolled.v1"
PROGRAM_QUERY = """query($id: ID!) { program(id: $id) { id name description format status
  adminUserIds checkinCadence startsOn endsOn createdAt updatedAt
  goalTemplates { title milestones } } }"""
# Issue 13's targets, each a ratio in the same run (reported, not asserted).
TARGETS = {
    "healthz": 0.7,
    "program": 0.6,
    "page": 0.6,
    "gateway_program": 0.6,
    "dashboard": 0.8,
}
IDLE_CPU_TARGET = 0.01  # of a core
BEFORE_AFTER_TARGET = 4.0  # dashboards/s and enrolments/s, after over before


# --- wrk ----------------------------------------------------------------------------------------

_DONE = r"""
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('RESULT {"requests":%d,"duration_us":%d,"connect":%d,"read":%d,' ..
    '"write":%d,"status":%d,"timeout":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
"""

_CYCLE = r"""
local specs = %(specs)s
local headers = %(headers)s
local formatted = {}
local at = 0
function init(args)
  for i, spec in ipairs(specs) do
    local h = {}
    for k, v in pairs(headers) do h[k] = v end
    if spec[3] then h["Content-Type"] = "application/json" end
    formatted[i] = wrk.format(spec[1], spec[2], h, spec[3])
  end
end
function request()
  at = at %% #formatted + 1
  return formatted[at]
end
"""

# A new person per request (an admin enrols them); each 201's participant id and the moment it
# arrived (CLOCK_REALTIME, as the databases' timestamps) go to a file per thread.
_ENROL = r"""
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } rc_timespec;
int clock_gettime(int clk_id, rc_timespec *tp);
]]
local now = ffi.new("rc_timespec")
local headers = %(headers)s
local path = %(path)s
local run = %(run)s
local ack_dir = %(ack_dir)s
local body = '{"user_id":"%%s","role":"mentee","display_name":"Bench %%s",' ..
  '"profile":{"skills_wanted":{"python":3},"languages":["en"],"timezone":"Europe/Paris"}}'
local threads = 0
local counter = 0
local sink = nil
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
function init(args)
  headers["Content-Type"] = "application/json"
  if ack_dir ~= "" then sink = io.open(ack_dir .. "/acks-" .. tid .. ".txt", "w") end
end
function request()
  counter = counter + 1
  local user = run .. "-" .. tid .. "-" .. counter
  return wrk.format("POST", path, headers, string.format(body, user, user))
end
function response(status, hdrs, text)
  if status == 201 and sink then
    ffi.C.clock_gettime(0, now)
    local id = string.match(text, '"id":%%s*"([%%x%%-]+)"')
    sink:write(id, " ", string.format("%%.6f", tonumber(now.tv_sec) + tonumber(now.tv_nsec) / 1e9),
      "\n")
    sink:flush()
  elseif sink then
    sink:write("! ", status, "\n")
    sink:flush()
  end
end
"""


def lua(value: Any) -> str:
    """A Lua literal for a string, None, a list or a dict of those."""
    if value is None:
        return "nil"
    if isinstance(value, str):
        return json.dumps(value)  # JSON string escapes are valid Lua ones for our ASCII values
    if isinstance(value, list | tuple):
        return "{" + ", ".join(lua(item) for item in value) + "}"
    if isinstance(value, dict):
        return "{" + ", ".join(f"[{lua(k)}] = {lua(v)}" for k, v in value.items()) + "}"
    raise TypeError(value)


@dataclass(frozen=True)
class Target:
    """What wrk sends to one base URL: requests in turn (method, path, JSON body or None)."""

    url: str
    specs: tuple[tuple[str, str, str | None], ...]
    token: str | None = None

    def script(self) -> str:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        return _CYCLE % {"specs": lua(list(self.specs)), "headers": lua(headers)} + _DONE


def get(url: str, path: str, token: str | None = None) -> Target:
    return Target(url, (("GET", path, None),), token)


def graphql(url: str, query: str, token: str, **variables: Any) -> Target:
    body = json.dumps({"query": query, "variables": variables})
    return Target(url, (("POST", "/graphql", body),), token)


def enrol_script(path: str, token: str, run: str, ack_dir: str) -> str:
    values = {"headers": lua({"Authorization": f"Bearer {token}"}), "path": lua(path)}
    return _ENROL % {**values, "run": lua(run), "ack_dir": lua(ack_dir)} + _DONE


async def wrk(
    url: str, script: str, seconds: int, connections: int, threads: int
) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as file:
        file.write(script)
    try:
        command = [
            "wrk",
            f"-t{min(threads, connections)}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "30s",
        ]
        process = await asyncio.create_subprocess_exec(
            *command, "-s", file.name, url, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        out, _ = await process.communicate()
    finally:
        os.unlink(file.name)
    text = out.decode(errors="replace")
    lines = [line for line in text.splitlines() if line.startswith("RESULT ")]
    if process.returncode != 0 or not lines:
        raise RuntimeError(f"wrk failed ({process.returncode}):\n{text}")
    raw = json.loads(lines[-1].removeprefix("RESULT "))
    seconds_run = raw["duration_us"] / 1e6
    errors = {k: raw[k] for k in ("connect", "read", "write", "status", "timeout") if raw[k]}
    return {
        "requests": raw["requests"],
        "seconds": round(seconds_run, 2),
        "throughput_per_s": round(raw["requests"] / seconds_run, 1),
        "p50_ms": round(raw["p50_us"] / 1000, 2),
        "p90_ms": round(raw["p90_us"] / 1000, 2),
        "p99_ms": round(raw["p99_us"] / 1000, 2),
        "max_ms": round(raw["max_us"] / 1000, 2),
        "connections": connections,
        "errors": errors,
    }


# --- processes ----------------------------------------------------------------------------------


class Process(StackProcess):
    """A stack process (tests/e2e/distributed_stack.py) whose CPU the benchmark reads."""

    def cpu_seconds(self) -> float:
        """User + system CPU of the process (all its threads) so far."""
        fields = Path(f"/proc/{self.popen.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(20)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait(10)


def start(
    name: str, command: Sequence[str], cwd: Path, env: Mapping[str, str], work: Path
) -> Process:
    port = free_port()
    log = work / f"{name}.log"
    with log.open("wb") as sink:  # the child keeps its own descriptor
        popen = subprocess.Popen(
            [*command, "--host", "127.0.0.1", "--port", str(port)],
            cwd=cwd,
            env={**os.environ, "LOG_LEVEL": "INFO", **env},
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    return Process(name, port, popen, log)


async def ready(process: Process, path: str, within: float = 120) -> None:
    deadline = time.monotonic() + within
    async with httpx.AsyncClient(base_url=process.url, timeout=5) as client:
        while time.monotonic() < deadline:
            if process.popen.poll() is not None:
                break
            with contextlib.suppress(httpx.TransportError):
                if (await client.get(path)).status_code == 200:
                    return
            await asyncio.sleep(0.5)
    raise RuntimeError(f"{process.name} did not become ready\n{process.tail()}")


async def warmed_up(process: Process, code_dir: Path, within: float = 600) -> None:
    """A service with a warm-up hook (matching loads its compiled kernels in a worker thread)
    is not measured before the hook has finished: it holds a core meanwhile."""
    app = code_dir / "services" / process.name / "src" / process.name / "app.py"
    if "warm_up=" not in app.read_text():
        return
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if "warm_up_done" in process.tail(1_000_000) or "warm_up_failed" in process.tail(1_000_000):
            return
        await asyncio.sleep(1)
    raise RuntimeError(f"{process.name}: no end of warm-up in its log\n{process.tail()}")


@dataclass
class Stack:
    code_dir: Path
    processes: dict[str, Process] = field(default_factory=dict)
    idle: dict[str, float] = field(default_factory=dict)  # CPU share of a core, idle
    databases: dict[str, str] = field(default_factory=dict)  # name -> plain DSN
    py_spy: str | None = None  # record the serving processes of each row (--profile)
    profile_dir: Path | None = None
    profiles: dict[str, Any] = field(default_factory=dict)  # row -> process -> summary

    def url(self, name: str) -> str:
        return self.processes[name].url


@asynccontextmanager
async def running_stack(
    code_dir: Path, postgres: PostgresServer, bootstrap: str, public_key: Path, work: Path
) -> AsyncIterator[Stack]:
    """Each service and the gateway from `code_dir` as `python -m kit.serve <name>` (its own
    venv, default settings but for addresses), and the minimal app from this checkout on a
    twin of matching's database."""
    python = code_dir / ".venv" / "bin" / "python"
    if not python.exists():
        raise SystemExit(f"{python} is missing: run `make install` in {code_dir}")
    stack = Stack(code_dir)
    namespace = f"rc-{uuid4().hex[:8]}."
    names: list[str] = []
    serve = [str(python), "-m", "kit.serve"]
    try:
        for service in SERVICES:
            prefix, database = service.upper(), f"rc_{service}_{uuid4().hex[:8]}"
            url = await asyncio.to_thread(postgres.create_database, database)
            names.append(database)
            stack.databases[service] = plain_dsn(url)
            env = {
                f"{prefix}_DATABASE_URL": url,
                f"{prefix}_KAFKA_BOOTSTRAP_SERVERS": bootstrap,
                f"{prefix}_TOPIC_NAMESPACE": namespace,
                f"{prefix}_CONSUMER_GROUP": f"{namespace}{service}",
                f"{prefix}_AUTO_MIGRATE": "true",
                f"{prefix}_TOPIC_PARTITIONS": "3",
                f"{prefix}_JWT_PUBLIC_KEY_FILE": str(public_key),
                # wrk sends one principal's token hundreds of times a second: the budget stays
                # counted (its cost is part of serving) but never refuses (older code ignores it).
                f"{prefix}_RATE_LIMIT_PRINCIPAL": BENCH_BUDGET,
            }
            stack.processes[service] = start(service, [*serve, service], code_dir, env, work)
        twin = f"rc_minimal_{uuid4().hex[:8]}"
        twin_url = await asyncio.to_thread(postgres.create_database, twin)
        names.append(twin)
        stack.databases["minimal"] = plain_dsn(twin_url)
        migrate = [str(ROOT / ".venv" / "bin" / "python"), "-m", "kit.serve", "migrate"]
        await asyncio.to_thread(
            subprocess.run,
            [*migrate, "matching"],
            cwd=ROOT,
            env={**os.environ, "MATCHING_DATABASE_URL": twin_url},
            check=True,
            capture_output=True,
        )
        for service in SERVICES:
            await ready(stack.processes[service], "/readyz")
        gateway_env = {
            **{f"GATEWAY_{s.upper()}_URL": stack.url(s) for s in SERVICES},
            "GATEWAY_KAFKA_BOOTSTRAP_SERVERS": bootstrap,
            "GATEWAY_TOPIC_NAMESPACE": namespace,
            "GATEWAY_JWT_PUBLIC_KEY_FILE": str(public_key),
            "GATEWAY_RATE_LIMIT_PRINCIPAL": BENCH_BUDGET,
        }
        stack.processes["gateway"] = start(
            "gateway", [*serve, "gateway"], code_dir, gateway_env, work
        )
        minimal_env = {
            "MINIMAL_DATABASE_URL": stack.databases["minimal"],
            "MINIMAL_JWT_PUBLIC_KEY_FILE": str(public_key),
        }
        uvicorn = [str(ROOT / ".venv" / "bin" / "python"), "-m", "uvicorn"]
        stack.processes["minimal"] = start(
            "minimal",
            [*uvicorn, "bench.minimal.app:app", "--no-access-log", "--log-level", "warning"],
            ROOT,
            minimal_env,
            work,
        )
        await ready(stack.processes["gateway"], "/healthz")
        await ready(stack.processes["minimal"], "/healthz")
        for service in SERVICES:
            await warmed_up(stack.processes[service], code_dir)
        yield stack
    finally:
        await asyncio.gather(
            *(asyncio.to_thread(p.stop) for p in stack.processes.values()),
            return_exceptions=True,
        )
        for name in names:
            with contextlib.suppress(Exception):
                await asyncio.to_thread(postgres.drop_database, name)


# --- data ---------------------------------------------------------------------------------------


@dataclass
class Seeded:
    reads: str  # a program with PAGE + 10 participants
    enrolments: str  # a program the enrol rows fill
    dashboard: str  # bench.gateway's program: a mentor and a mentee matched, goals, check-ins
    match: str
    mentor_participant: str


async def seed_stack(stack: Stack, issuer: DevIssuer) -> Seeded:
    admin = bearer(issuer.mint(ADMIN, ORG, ["org_admin"]))
    async with (
        httpx.AsyncClient(base_url=stack.url("gateway"), timeout=300) as gql,
        httpx.AsyncClient(base_url=stack.url("matching"), timeout=300) as matching,
    ):
        dashboard = await seed(gql, issuer)
        token = bearer(issuer.mint(MENTEE, ORG, []))
        matches = await matching.get(f"/v1/programs/{dashboard}/matches?limit=5", headers=token)
        match = matches.raise_for_status().json()["items"][0]
        programs = []
        for name in ("Bench reads", "Bench enrolments"):
            body = {
                "name": name,
                "description": "A program of the request-cost benchmark.",
                "goal_templates": [{"title": "Ship a talk", "milestones": ["Outline", "Rehearse"]}],
            }
            created = await matching.post("/v1/programs", json=body, headers=admin)
            programs.append(created.raise_for_status().json()["id"])
        gate = asyncio.Semaphore(8)

        async def enrol(n: int) -> None:
            body = {
                "user_id": f"reader-{n}",
                "role": "mentor" if n % 3 == 0 else "mentee",
                "display_name": f"Reader {n}",
                "profile": {
                    "skills_offered": {"python": 4},
                    "skills_wanted": {"sql": 3},
                    "languages": ["en", "fr"],
                    "timezone": "Europe/Paris",
                    "goals": ["speaking", "leadership"],
                },
            }
            async with gate:
                answer = await matching.post(
                    f"/v1/programs/{programs[0]}/participants", json=body, headers=admin
                )
                answer.raise_for_status()

        await asyncio.gather(*(enrol(n) for n in range(PAGE + 10)))
    return Seeded(programs[0], programs[1], dashboard, match["id"], match["mentor_participant_id"])


async def copy_to_twin(stack: Stack) -> None:
    """The minimal app reads the same rows as matching: programs and participants, copied."""
    source = await asyncpg.connect(stack.databases["matching"])
    target = await asyncpg.connect(stack.databases["minimal"])
    try:
        for table in ("programs", "participants"):
            records = await source.fetch(f"SELECT * FROM {table}")
            await target.copy_records_to_table(
                table, records=[tuple(r) for r in records], columns=list(records[0].keys())
            )
    finally:
        await source.close()
        await target.close()


async def quiet(stack: Stack, within: float = 120) -> float:
    """Wait until every outbox is published and no inbox grows for two seconds; seconds waited."""
    began = time.monotonic()
    last: list[int] = []
    stable_since = time.monotonic()
    while time.monotonic() - began < within:
        counts = []
        for service in SERVICES:
            db = await asyncpg.connect(stack.databases[service])
            try:
                pending = await db.fetchval(
                    "SELECT count(*) FROM outbox WHERE published_at IS NULL"
                )
                counts += [int(pending), int(await db.fetchval("SELECT count(*) FROM inbox"))]
            finally:
                await db.close()
        if counts != last or any(counts[0::2]):
            last, stable_since = counts, time.monotonic()
        elif time.monotonic() - stable_since >= 2:
            break
        await asyncio.sleep(0.5)
    return round(time.monotonic() - began, 1)


# --- measurements -------------------------------------------------------------------------------


async def idle_cpu(stack: Stack, seconds: float) -> dict[str, float]:
    """Each process's CPU over `seconds` of doing nothing asked of it, as a share of one core."""
    before = {name: p.cpu_seconds() for name, p in stack.processes.items()}
    began = time.monotonic()
    await asyncio.sleep(seconds)
    elapsed = time.monotonic() - began
    return {
        name: round((p.cpu_seconds() - before[name]) / elapsed, 4)
        for name, p in stack.processes.items()
    }


async def check(target: Target) -> None:
    """One request per spec before the load, so that wrk measures answers, not errors."""
    headers = bearer(target.token) if target.token else {}
    async with httpx.AsyncClient(base_url=target.url, timeout=30) as http:
        for method, path, body in target.specs:
            response = await http.request(
                method,
                path,
                content=body,
                headers={**headers, "Content-Type": "application/json"},
            )
            if response.status_code >= 400 or b'"errors"' in response.content[:200]:
                raise RuntimeError(
                    f"{method} {target.url}{path}: {response.status_code} {response.text[:500]}"
                )


async def load(
    stack: Stack, serving: Sequence[str], target: Target, args: argparse.Namespace, label: str
) -> dict[str, Any]:
    await check(target)
    script = target.script()
    await wrk(target.url, script, args.warmup, args.connections, args.threads)
    measured = wrk(target.url, script, args.seconds, args.connections, args.threads)
    result = await costed(stack, serving, measured, label, args.seconds)
    progress(target.url, target.specs[0][1], result)
    return result


async def costed(
    stack: Stack,
    serving: Sequence[str],
    run: Awaitable[dict[str, Any]],
    label: str,
    seconds: float,
    profiled: Sequence[str] = (),
) -> dict[str, Any]:
    """The CPU the serving processes spent per request during `run`, less what they burn idle:
    unlike throughput, it hardly depends on what else the machine is doing. With `--profile`,
    each serving process (and those `profiled` besides) is sampled by py-spy meanwhile."""
    processes = [stack.processes[name] for name in serving]
    recordings = []
    if stack.py_spy and stack.profile_dir:
        for p in [*processes, *(stack.processes[n] for n in profiled if n not in serving)]:
            output = stack.profile_dir / f"{label}.{p.name}.folded"
            pid = p.popen.pid
            recordings.append(await profile.record(stack.py_spy, p.name, pid, seconds, output))
    before = [process.cpu_seconds() for process in processes]
    began = time.monotonic()
    result = await run
    elapsed = time.monotonic() - began
    if recordings and stack.profile_dir:
        stack.profiles[label] = await profile.finish(recordings, stack.profile_dir, label)
        print(profile.text(label, stack.profiles[label]), flush=True)
    spent = {
        p.name: max(0.0, p.cpu_seconds() - b - stack.idle.get(p.name, 0.0) * elapsed)
        for p, b in zip(processes, before, strict=True)
    }
    requests = result["requests"]
    result["cpu_ms_per_request"] = (
        round(1000 * sum(spent.values()) / requests, 2) if requests else None
    )
    result["cpu_ms_per_request_by_process"] = {
        name: round(1000 * cpu / requests, 2) if requests else None for name, cpu in spent.items()
    }
    result["cpu_share_of_a_core"] = {name: round(cpu / elapsed, 2) for name, cpu in spent.items()}
    return result


def progress(url: str, what: str, result: dict[str, Any]) -> None:
    figures = f"{result['throughput_per_s']}/s p50 {result['p50_ms']} ms p99 {result['p99_ms']} ms"
    errors = f" errors {result['errors']}" if result["errors"] else ""
    if (cpu := result.get("cpu_ms_per_request")) is not None:
        errors += f" CPU {cpu} ms/request {result.get('cpu_share_of_a_core')}"
    print(f"  {url} {what[:60]}: {figures}{errors}", flush=True)


def pair(
    name: str, what: str, subject: dict[str, Any], baseline: dict[str, Any], against: str
) -> dict[str, Any]:
    ratio = subject["throughput_per_s"] / max(baseline["throughput_per_s"], 1e-9)
    row = {
        "row": name,
        "what": what,
        "baseline_is": against,
        "project": subject,
        "baseline": baseline,
        "ratio": round(ratio, 3),
    }
    cpu = subject.get("cpu_ms_per_request"), baseline.get("cpu_ms_per_request")
    if cpu[0] and cpu[1]:
        # The throughput ratio were the machine's CPU the only limit: baseline cost / ours.
        row["cpu_ratio"] = round(cpu[1] / cpu[0], 3)
    if min(subject["requests"], baseline["requests"]) < 30:
        row["warning"] = "fewer than 30 requests completed: raise --seconds or lower --connections"
    if name in TARGETS:
        row["target"] = {"ratio_at_least": TARGETS[name], "met": ratio >= TARGETS[name]}
    return row


async def direct_dashboard(
    stack: Stack, seeded: Seeded, token: str, args: argparse.Namespace
) -> dict[str, Any]:
    """The gateway's five calls per dashboard, each to its service, driven at once by one wrk
    per service with connections in proportion to its calls; dashboards/s is what the most
    loaded service allows, latency two round trips of the slowest call of each."""
    m, p = seeded.match, seeded.dashboard
    calls = {
        "matching": [
            f"/v1/programs/{p}/matches?limit=5",
            f"/v1/participants/{seeded.mentor_participant}",
        ],
        "goals": [f"/v1/matches/{m}/goals?limit=100", f"/v1/matches/{m}/checkins?limit=100"],
        "notifications": ["/v1/notifications?limit=10"],
    }
    targets = {
        service: Target(stack.url(service), tuple(("GET", path, None) for path in paths), token)
        for service, paths in calls.items()
    }
    per_call = max(1, round(args.connections / 5))
    for target in targets.values():
        await check(target)

    async def together(seconds: int) -> list[dict[str, Any]]:
        return list(
            await asyncio.gather(
                *(
                    wrk(t.url, t.script(), seconds, per_call * len(t.specs), args.threads)
                    for t in targets.values()
                )
            )
        )

    async def measured() -> dict[str, Any]:
        results = dict(zip(targets, await together(args.seconds), strict=True))
        dashboards = min(r["requests"] / len(calls[s]) for s, r in results.items())
        return {"requests": int(dashboards), "per_service": results}

    await together(args.warmup)
    outcome = await costed(stack, list(calls), measured(), "dashboard-direct", args.seconds)
    results = outcome.pop("per_service")
    for service, result in results.items():
        progress(targets[service].url, f"{service}, the dashboard's calls", result)
    throughput = min(results[s]["throughput_per_s"] / len(calls[s]) for s in calls)

    def two_trips(key: str) -> float:
        first = max(float(results["matching"][key]), float(results["notifications"][key]))
        second = max(float(results["matching"][key]), float(results["goals"][key]))
        return round(first + second, 2)

    return {
        **outcome,
        "throughput_per_s": round(throughput, 1),
        "p50_ms": two_trips("p50_ms"),
        "p99_ms": two_trips("p99_ms"),
        "latency_is": "estimated: two round trips of the slowest service's per-call percentile",
        "per_service": results,
        "errors": {s: r["errors"] for s, r in results.items() if r["errors"]},
    }


def acks_of(folder: Path) -> tuple[dict[str, float], dict[str, int]]:
    """Each acknowledged participant's arrival time, and how many answers of each other status."""
    acks: dict[str, float] = {}
    rejected: dict[str, int] = {}
    for file in folder.glob("acks-*.txt"):
        for line in file.read_text().splitlines():
            participant, _, stamp = line.partition(" ")
            if participant == "!":
                rejected[stamp] = rejected.get(stamp, 0) + 1
            elif participant and stamp:
                acks[participant] = float(stamp)
    return acks, rejected


async def effects(stack: Stack, participants: list[str]) -> dict[str, dict[str, float]]:
    """Per enrolment event, when each downstream effect landed (epoch seconds), by name."""

    async def fetch(service: str, sql: str, *params: Any) -> list[asyncpg.Record]:
        db = await asyncpg.connect(stack.databases[service])
        try:
            return list(await db.fetch(sql, *params))
        finally:
            await db.close()

    published = await fetch(
        "matching",
        "SELECT aggregateid, event_id, published_at FROM outbox WHERE type = $1 "
        "AND aggregateid = ANY($2::text[])",
        ENROLLED,
        participants,
    )
    events = {r["event_id"]: r["aggregateid"] for r in published}
    landed: dict[str, dict[str, float]] = {r["aggregateid"]: {} for r in published}
    for r in published:
        if r["published_at"] is not None:
            landed[r["aggregateid"]]["matching: participant.enrolled published"] = r[
                "published_at"
            ].timestamp()
    ids = list(events)
    inbox = "SELECT consumer, event_id, processed_at FROM inbox WHERE event_id = ANY($1::text[])"
    for service in ("goals", "feedback", "notifications"):
        for r in await fetch(service, inbox, ids):
            landed[events[r["event_id"]]][f"{service}: {r['consumer']}"] = r[
                "processed_at"
            ].timestamp()
    told = await fetch(
        "notifications",
        "SELECT n.source_event_id, o.published_at FROM notifications n JOIN outbox o "
        "ON o.aggregateid = n.id::text WHERE n.source_event_id = ANY($1::text[])",
        ids,
    )
    for r in told:
        if r["published_at"] is not None:
            landed[events[r["source_event_id"]]][
                "notifications: notification.created published"
            ] = r["published_at"].timestamp()
    return landed


EXPECTED_EFFECTS = 6  # published, goals, feedback, notifications x2 consumers, notification.created


async def through_the_stack(
    stack: Stack, seeded: Seeded, admin: str, args: argparse.Namespace, work: Path
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The enrol row on the service, then every enrolment it acknowledged followed to its last
    effect. Returns the row's figures and the pipeline's."""
    path = f"/v1/programs/{seeded.enrolments}/participants"
    url = stack.url("matching")
    await check(Target(url, (("GET", f"/v1/programs/{seeded.enrolments}", None),), admin))
    await wrk(
        url,
        enrol_script(path, admin, f"w{uuid4().hex[:6]}", ""),
        args.warmup,
        args.connections,
        args.threads,
    )
    settled = await quiet(stack)
    acks_dir = work / f"acks-{uuid4().hex[:6]}"
    acks_dir.mkdir()
    began = time.time()
    script = enrol_script(path, admin, f"e{uuid4().hex[:6]}", str(acks_dir))
    measured = wrk(url, script, args.seconds, args.connections, args.threads)
    # The consumers of the other services work meanwhile: profiled, not costed to the row.
    row = await costed(stack, ["matching"], measured, "enrol", args.seconds, SERVICES)
    ended = time.time()
    acks, rejected = acks_of(acks_dir)
    landed: dict[str, dict[str, float]] = {}
    deadline = time.monotonic() + args.drain_timeout
    while time.monotonic() < deadline:
        landed = await effects(stack, list(acks))
        done = sum(1 for e in landed.values() if len(e) >= EXPECTED_EFFECTS)
        if done == len(acks):
            break
        await asyncio.sleep(2)
    complete = {p: e for p, e in landed.items() if len(e) >= EXPECTED_EFFECTS and p in acks}
    latencies = sorted((max(e.values()) - acks[p]) * 1000 for p, e in complete.items())
    last_effect = max((max(e.values()) for e in complete.values()), default=ended)
    names = sorted({name for e in complete.values() for name in e})
    per_effect = {
        name: _cuts(sorted((e[name] - acks[p]) * 1000 for p, e in complete.items() if name in e))
        for name in names
    }
    pipeline = {
        "enrolments_acknowledged": len(acks),
        "enrolments_refused_by_status": rejected,
        "enrolments_with_every_effect": len(complete),
        "effects_per_enrolment": names,
        "acknowledged_per_s": round(len(acks) / (ended - began), 1),
        "sustained_per_s": round(len(complete) / (last_effect - began), 1),
        "sustained_is": "enrolments with every effect landed / (last effect - first request)",
        "drain_seconds_after_load": round(last_effect - ended, 1),
        "ack_to_last_effect_ms": _cuts(latencies),
        "ack_to_each_effect_ms": per_effect,
        "quiet_before_seconds": settled,
    }
    return row, pipeline


def _cuts(values: list[float]) -> dict[str, float]:
    if len(values) < 2:
        return {"count": len(values)}
    cuts = quantiles(values, n=100, method="inclusive")
    return {
        "count": len(values),
        "p50": round(cuts[49], 1),
        "p99": round(cuts[98], 1),
        "max": round(values[-1], 1),
    }


def commit_of(code_dir: Path) -> str:
    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=code_dir, capture_output=True, text=True, check=False
        ).stdout.strip()

    head = git("rev-parse", "--short", "HEAD")
    return f"{head}{' (dirty)' if git('status', '--porcelain', '--untracked-files=no') else ''}"


async def measure(
    code_dir: Path,
    postgres: PostgresServer,
    bootstrap: str,
    issuer: DevIssuer,
    args: argparse.Namespace,
) -> dict[str, Any]:
    load_at_start = round(os.getloadavg()[0], 2)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        public_key = work / "issuer.pub.pem"
        public_key.write_text(issuer.public_key_pem)
        async with running_stack(code_dir, postgres, bootstrap, public_key, work) as stack:
            if args.profile:
                stack.py_spy = args.py_spy
                stack.profile_dir = args.profile / code_dir.name
                stack.profile_dir.mkdir(parents=True, exist_ok=True)
            try:
                return await _measure(stack, issuer, args, work, load_at_start)
            except Exception:
                for name, process in stack.processes.items():
                    print(f"--- {name} ---\n{process.tail()}")
                raise


async def _measure(
    stack: Stack, issuer: DevIssuer, args: argparse.Namespace, work: Path, load_at_start: float
) -> dict[str, Any]:
    seeded = await seed_stack(stack, issuer)
    await copy_to_twin(stack)
    settled = await quiet(stack)
    idle = await idle_cpu(stack, args.idle_seconds)
    stack.idle = idle
    if stack.py_spy and stack.profile_dir:  # what the idle burn is, after measuring it
        idle_profile = asyncio.sleep(args.idle_seconds, {"requests": 0})
        await costed(stack, SERVICES, idle_profile, "idle", args.idle_seconds)
    admin, mentee = issuer.mint(ADMIN, ORG, ["org_admin"]), issuer.mint(MENTEE, ORG, [])
    svc, mini, gw = stack.url("matching"), stack.url("minimal"), stack.url("gateway")
    program, page = (
        f"/v1/programs/{seeded.reads}",
        f"/v1/programs/{seeded.reads}/participants?limit={PAGE}",
    )
    rows = []
    rows.append(
        pair(
            "healthz",
            "GET /healthz",
            await load(stack, ["matching"], get(svc, "/healthz"), args, "healthz"),
            await load(stack, ["minimal"], get(mini, "/healthz"), args, "healthz-minimal"),
            "minimal app",
        )
    )
    direct_program = await load(stack, ["matching"], get(svc, program, admin), args, "program")
    rows.append(
        pair(
            "program",
            "GET /v1/programs/{id}",
            direct_program,
            await load(stack, ["minimal"], get(mini, program, admin), args, "program-minimal"),
            "minimal app",
        )
    )
    gateway_program = await load(
        stack, ALL, graphql(gw, PROGRAM_QUERY, admin, id=seeded.reads), args, "gateway-program"
    )
    rows.append(
        pair(
            "gateway_program",
            "gateway program(id)",
            gateway_program,
            await load(stack, ["matching"], get(svc, program, admin), args, "program-again"),
            "matching directly",
        )
    )
    rows.append(
        pair(
            "page",
            f"GET participants, a page of {PAGE}",
            await load(stack, ["matching"], get(svc, page, admin), args, "page"),
            await load(stack, ["minimal"], get(mini, page, admin), args, "page-minimal"),
            "minimal app",
        )
    )
    dashboard = await load(
        stack, ALL, graphql(gw, DASHBOARD, mentee, id=seeded.dashboard), args, "dashboard"
    )
    rows.append(
        pair(
            "dashboard",
            "mentee dashboard (bench.gateway)",
            dashboard,
            await direct_dashboard(stack, seeded, mentee, args),
            "the services directly",
        )
    )
    enrol_path = f"/v1/programs/{seeded.enrolments}/participants"
    minimal_enrol_target = Target(
        mini, (("GET", f"/v1/programs/{seeded.enrolments}", None),), admin
    )
    await check(minimal_enrol_target)
    # A run tag per wrk run: the warm-up's people must not come back as conflicts (409).
    warm_up_script = enrol_script(enrol_path, admin, f"v{uuid4().hex[:6]}", "")
    await wrk(mini, warm_up_script, args.warmup, args.connections, args.threads)
    minimal_script = enrol_script(enrol_path, admin, f"m{uuid4().hex[:6]}", "")
    measured = wrk(mini, minimal_script, args.seconds, args.connections, args.threads)
    minimal_enrol = await costed(stack, ["minimal"], measured, "enrol-minimal", args.seconds)
    enrol, pipeline = await through_the_stack(stack, seeded, admin, args, work)
    rows.append(
        pair(
            "enrol",
            "POST participants (enrol, emits an event)",
            enrol,
            minimal_enrol,
            "minimal app",
        )
    )
    return {
        "code_dir": str(stack.code_dir),
        "commit": commit_of(stack.code_dir),
        "load_average_1m": {"start": load_at_start, "end": round(os.getloadavg()[0], 2)},
        "rows": rows,
        "enrolments_through_the_stack": pipeline,
        "idle_cpu_share_of_a_core": {
            "seconds": args.idle_seconds,
            "after_quiet_seconds": settled,
            "processes": idle,
            "target_at_most": IDLE_CPU_TARGET,
            "met": all(idle[s] <= IDLE_CPU_TARGET for s in SERVICES),
        },
        **({"profiles": stack.profiles} if stack.profiles else {}),
    }


def compare(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The last run against the first (after over before): dashboards/s through the gateway and
    enrolments/s through the whole stack, the issue's two before/after targets."""
    if len(runs) < 2:
        return {}
    before, after = runs[0], runs[-1]

    def dashboards(run: dict[str, Any]) -> float:
        [row] = [r for r in run["rows"] if r["row"] == "dashboard"]
        return float(row["project"]["throughput_per_s"])

    def enrolments(run: dict[str, Any]) -> float:
        return float(run["enrolments_through_the_stack"]["sustained_per_s"])

    out = {"before": before["code_dir"], "after": after["code_dir"]}
    for name, figure in (("dashboards_per_s", dashboards), ("enrolments_per_s", enrolments)):
        ratio = figure(after) / figure(before) if figure(before) else 0.0
        out[name] = {
            "before": figure(before),
            "after": figure(after),
            "ratio": round(ratio, 2),
            "target_at_least": BEFORE_AFTER_TARGET,
            "met": ratio >= BEFORE_AFTER_TARGET,
        }
    return out


async def run(args: argparse.Namespace) -> dict[str, Any]:
    load_at_start = round(os.getloadavg()[0], 2)
    issuer = DevIssuer.generate()
    runs = []
    with provide_kafka(ROOT) as kafka, provide_postgres() as postgres:
        for code_dir in args.code_dir:
            print(f"measuring {code_dir} ...", flush=True)
            runs.append(await measure(code_dir, postgres, kafka.bootstrap_servers, issuer, args))
            print(table(runs[-1]), flush=True)
        infra = {"kafka": kafka.kind, "postgres": postgres.kind}
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {**machine(), "load_average_1m_at_start": load_at_start},
        "infra": infra,
        "deployment": "each service and the gateway in its own `python -m kit.serve` process "
        "(one uvicorn worker each, default settings) from the measured checkout, the minimal "
        "app (bench/minimal, one uvicorn worker) from this one, on loopback; load from wrk",
        "parameters": {
            "seconds": args.seconds,
            "warmup_seconds": args.warmup,
            "connections": args.connections,
            "threads": args.threads,
            "idle_seconds": args.idle_seconds,
        },
        "runs": runs,
        "before_after": compare(runs),
    }


def _figures(side: dict[str, Any]) -> str:
    cpu = side.get("cpu_ms_per_request")
    cpu_text = f"{cpu:>7.2f}" if cpu is not None else f"{'-':>7}"
    return (
        f"{side['throughput_per_s']:>8.1f} {side['p50_ms']:>7.1f} {side['p99_ms']:>7.1f} {cpu_text}"
    )


def table(run: dict[str, Any]) -> str:
    loads = run["load_average_1m"]
    lines = [
        f"{run['code_dir']} @ {run['commit']}, load average {loads['start']} -> {loads['end']}",
        f"{'':<34}{'this project':^32}  {'baseline':^32}",
        f"{'row':<34}{'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'CPU ms':>7}  {'req/s':>8} "
        f"{'p50 ms':>7} {'p99 ms':>7} {'CPU ms':>7} {'ratio':>6} {'CPU r.':>6}  target",
    ]
    for row in run["rows"]:
        target = row.get("target")
        verdict = (
            f">= {target['ratio_at_least']}: {'met' if target['met'] else 'MISSED'}"
            if target
            else ""
        )
        lines.append(
            f"{row['what'][:33]:<34}{_figures(row['project'])}  {_figures(row['baseline'])} "
            f"{row['ratio']:>6.2f} {row.get('cpu_ratio', 0):>6.2f}  {verdict}"
        )
        if "warning" in row:
            lines.append(f"{'':<34}{row['warning']}")
        errors = {**row["project"].get("errors", {}), **row["baseline"].get("errors", {})}
        if errors:
            lines.append(f"{'':<34}errors: {errors}")
    lines.append("baselines: " + ", ".join(f"{r['row']}: {r['baseline_is']}" for r in run["rows"]))
    lines.append(
        "CPU ms: CPU time of the serving processes per request (gateway rows: the gateway and "
        "the services), idle burn subtracted; CPU r.: baseline CPU / ours"
    )
    pipeline = run["enrolments_through_the_stack"]
    cuts = pipeline["ack_to_last_effect_ms"]
    lines.append(
        f"enrolments through the stack: {pipeline['sustained_per_s']}/s with every effect landed "
        f"({pipeline['enrolments_with_every_effect']}/{pipeline['enrolments_acknowledged']} "
        f"complete, acknowledged at {pipeline['acknowledged_per_s']}/s, drained "
        f"{pipeline['drain_seconds_after_load']} s after the load); acknowledgement -> last "
        f"effect p50 {cuts.get('p50')} ms, p99 {cuts.get('p99')} ms"
    )
    if pipeline["enrolments_refused_by_status"]:
        lines.append(f"    refused, by status: {pipeline['enrolments_refused_by_status']}")
    for name, each in pipeline["ack_to_each_effect_ms"].items():
        lines.append(f"    {name:<52} p50 {each.get('p50')} ms, p99 {each.get('p99')} ms")
    idle = run["idle_cpu_share_of_a_core"]
    shares = ", ".join(f"{name} {100 * share:.1f} %" for name, share in idle["processes"].items())
    met = "met" if idle["met"] else "MISSED"
    lines.append(
        f"idle CPU over {idle['seconds']} s (% of a core): {shares} (services <= 1 %: {met})"
    )
    return "\n".join(lines)


def before_after(report: dict[str, Any]) -> str:
    compared = report["before_after"]
    if not compared:
        return ""
    lines = [f"before: {compared['before']}, after: {compared['after']}"]
    for name in ("dashboards_per_s", "enrolments_per_s"):
        c = compared[name]
        met = "met" if c["met"] else "MISSED"
        lines.append(
            f"  {name}: {c['before']} -> {c['after']} ({c['ratio']}x, target >= 4x: {met})"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.request_cost",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--code-dir",
        type=Path,
        action="append",
        help="a checkout (with its .venv) whose services to measure; repeat to measure several "
        "back to back, the first as `before` (default: this one)",
    )
    parser.add_argument("--seconds", type=int, default=10, help="measured seconds per row")
    parser.add_argument("--warmup", type=int, default=2, help="warm-up seconds per row")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--idle-seconds", type=float, default=20, help="idle CPU window")
    parser.add_argument(
        "--drain-timeout", type=float, default=180, help="seconds allowed for the effects to land"
    )
    parser.add_argument("--output", type=Path, default=RESULT)
    parser.add_argument(
        "--profile",
        type=Path,
        help="a folder: sample each row's serving processes with py-spy (bench/profile.py) and "
        "write folded stacks and top frames there; the figures of such a run are perturbed",
    )
    parser.add_argument("--py-spy", help="the py-spy executable (default: the one on PATH)")
    args = parser.parse_args()
    args.code_dir = [path.resolve() for path in args.code_dir or [ROOT]]
    if args.profile:
        args.py_spy = profile.find_py_spy(args.py_spy)
    if warning := busy_warning():
        print(warning)
    report = asyncio.run(run(args))
    report["machine"]["load_average_1m_at_end"] = round(os.getloadavg()[0], 2)
    if text := before_after(report):
        print(text)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2) + "\n")
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
