"""The mentee dashboard through the GraphQL gateway against the same data fetched from the services'
REST APIs directly, in the same run, on the distributed stack (each service and the gateway in its
own `kit.serve` process, PostgreSQL and Kafka as the tests get them).

    .venv/bin/python -m bench.gateway [--clients 16] [--requests 500] [--rounds 2]

Writes bench/results/gateway.json. Target, reported and not asserted: the gateway keeps at least
60 % of the direct throughput.
"""

import argparse
import asyncio
import json
import os
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from statistics import quantiles
from typing import Any
from uuid import uuid4

import httpx
from prometheus_client.parser import text_string_to_metric_families

from bench.report import busy_warning, machine
from kit.devtokens import DevIssuer
from tests.e2e.distributed_stack import SERVICES, Stack, distributed_stack
from tests.gateway.journey import ACCEPT, CREATE, ENROL, PUBLISH, RUN
from tests.infra.apps import bearer, eventually
from tests.infra.infra import provide_kafka, provide_postgres

ROOT = Path(__file__).resolve().parents[1]
RESULT = ROOT / "bench" / "results" / "gateway.json"
TARGET = 0.6
ORG = "bench"
DASHBOARD = """query($id: ID!) {
  matches(programId: $id, first: 5) { nodes { id status startsOn
    mentor { displayName profile { skillsOffered { skill level } languages timezone } }
    goals { id title status progress milestones { id title completedAt } }
    nextCheckin { id startsAt endsAt meetingUrl } } }
  notifications(first: 10) { nodes { id category title createdAt readAt } } }"""
OPERATIONS = ("/metrics", "/readyz", "/healthz")  # not downstream calls of a query
Fetch = Callable[[], Awaitable[dict[str, Any]]]


async def seed(gql: httpx.AsyncClient, issuer: DevIssuer) -> str:
    """A program with three goal templates of three milestones, one mentor and one mentee,
    matched and accepted: goals, a first check-in and notifications follow by events."""

    async def call(user: str, query: str, admin: bool = False, **variables: Any) -> Any:
        token = issuer.mint(user, ORG, ["org_admin"] if admin else [])
        body = {"query": query, "variables": variables}
        answer = (await gql.post("/graphql", json=body, headers=bearer(token))).json()
        assert "errors" not in answer, answer
        return answer["data"]

    templates = [
        {"title": f"Goal {n}", "milestones": [f"Step {n}.{m}" for m in range(1, 4)]}
        for n in range(1, 4)
    ]
    program = (
        await call("ada", CREATE, admin=True, input={"name": "Bench", "goalTemplates": templates})
    )["createProgram"]["id"]
    for user, role, profile in (
        ("mo", "MENTOR", {"skillsOffered": [{"skill": "python", "level": 5}], "languages": ["en"]}),
        (
            "ming",
            "MENTEE",
            {"skillsWanted": [{"skill": "python", "level": 4}], "languages": ["en"]},
        ),
    ):
        enrolment = {"programId": program, "userId": user, "role": role, "displayName": user}
        await call(user, ENROL, input={**enrolment, "profile": profile})
    run = (await call("ada", RUN, admin=True, id=program))["createMatchingRun"]
    await call("ada", PUBLISH, admin=True, id=run["id"])
    match = (await call("ming", DASHBOARD, id=program))["matches"]["nodes"][0]
    await call("mo", ACCEPT, id=match["id"])

    def ready(data: Any) -> bool:
        [node] = data["matches"]["nodes"]
        seeded = len(node["goals"]) == 3 and node["nextCheckin"] is not None
        return seeded and len(data["notifications"]["nodes"]) >= 3

    data = await eventually(lambda: call("ming", DASHBOARD, id=program), ready, within=90)
    assert ready(data), f"seeding did not complete: {data}"
    return str(program)


def direct_fetch(http: dict[str, httpx.AsyncClient], token: str, program: str) -> Fetch:
    """What a hand-written client makes of the dashboard: the matches and the inbox at once,
    then per match its partner, goals (milestones inline) and check-ins at once."""
    headers = bearer(token)

    async def get(service: str, path: str, **params: Any) -> Any:
        response = await http[service].get(path, params=params, headers=headers)
        if response.status_code == 404 and path.startswith("/v1/participants/"):
            return None  # matching shows a participant to themselves and admins only
        response.raise_for_status()
        return response.json()

    async def one_match(match: dict[str, Any]) -> dict[str, Any]:
        mentor, goals, checkins = await asyncio.gather(
            get("matching", f"/v1/participants/{match['mentor_participant_id']}"),
            get("goals", f"/v1/matches/{match['id']}/goals", limit=100),
            get("goals", f"/v1/matches/{match['id']}/checkins", limit=100),
        )
        scheduled = [c for c in checkins["items"] if c["status"] == "scheduled"]
        upcoming = min(scheduled, key=lambda c: str(c["starts_at"]), default=None)
        return {**match, "mentor": mentor, "goals": goals["items"], "next_checkin": upcoming}

    async def fetch() -> dict[str, Any]:
        matches, inbox = await asyncio.gather(
            get("matching", f"/v1/programs/{program}/matches", limit=5),
            get("notifications", "/v1/notifications", limit=10),
        )
        nodes = await asyncio.gather(*(one_match(m) for m in matches["items"]))
        return {"matches": nodes, "notifications": inbox["items"]}

    return fetch


def gateway_fetch(http: httpx.AsyncClient, token: str, program: str) -> Fetch:
    body = {"query": DASHBOARD, "variables": {"id": program}}

    async def fetch() -> dict[str, Any]:
        response = await http.post("/graphql", json=body, headers=bearer(token))
        answer: dict[str, Any] = response.json()
        if response.status_code != 200 or "errors" in answer:
            raise RuntimeError(f"gateway: {response.status_code} {answer}")
        return answer

    return fetch


async def load(fetch: Fetch, clients: int, requests: int) -> dict[str, Any]:
    """`clients` closed-loop workers share `requests` fetches; every one must succeed."""
    remaining, latencies = iter(range(requests)), []

    async def worker() -> None:
        for _ in remaining:
            started = time.perf_counter()
            await fetch()
            latencies.append((time.perf_counter() - started) * 1000)

    began = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(clients)))
    return {"seconds": time.perf_counter() - began, "latencies_ms": latencies}


async def downstream_calls(stack: Stack) -> dict[str, float]:
    """Requests each service has answered so far, from its own Prometheus counter (operations
    endpoints left out), so that calls are counted where they land."""
    counts: dict[str, float] = {}
    async with httpx.AsyncClient(timeout=10) as http:
        for service in SERVICES:
            text = (await http.get(f"{stack.urls[service]}/metrics")).text
            counts[service] = sum(
                sample.value
                for family in text_string_to_metric_families(text)
                if family.name == "http_requests"
                for sample in family.samples
                if sample.name == "http_requests_total"
                and sample.labels.get("service") == service
                and sample.labels.get("route") not in OPERATIONS
            )
    return counts


def summary(runs: list[dict[str, Any]]) -> dict[str, Any]:
    latencies = sorted(ms for run in runs for ms in run["latencies_ms"])
    cuts = quantiles(latencies, n=100, method="inclusive")
    seconds = sum(run["seconds"] for run in runs)
    return {
        "requests": len(latencies),
        "seconds": round(seconds, 2),
        "throughput_per_s": round(len(latencies) / seconds, 1),
        "p50_ms": round(cuts[49], 2),
        "p99_ms": round(cuts[98], 2),
        "max_ms": round(latencies[-1], 2),
    }


async def measure(stack: Stack, issuer: DevIssuer, args: argparse.Namespace) -> dict[str, Any]:
    limits = httpx.Limits(max_connections=4 * args.clients, max_keepalive_connections=None)
    http = {
        name: httpx.AsyncClient(base_url=url, limits=limits, timeout=30)
        for name, url in stack.urls.items()
    }
    try:
        program = await seed(http["gateway"], issuer)
        token = issuer.mint("ming", ORG, [])
        paths = {
            "gateway": gateway_fetch(http["gateway"], token, program),
            "direct": direct_fetch(http, token, program),
        }
        sample = await paths["gateway"]()
        for fetch in paths.values():  # warm connections, caches and the JIT-less hot paths
            await load(fetch, args.clients, args.warmup)
        runs: dict[str, list[dict[str, Any]]] = {"gateway": [], "direct": []}
        calls: dict[str, dict[str, float]] = {"gateway": {}, "direct": {}}
        for _ in range(args.rounds):  # alternate, so that drift hits both alike
            for name, fetch in paths.items():
                before = await downstream_calls(stack)
                runs[name].append(await load(fetch, args.clients, args.requests))
                after = await downstream_calls(stack)
                for service in SERVICES:
                    delta = after[service] - before[service]
                    calls[name][service] = calls[name].get(service, 0) + delta
    finally:
        for client in http.values():
            await client.aclose()
    total = args.rounds * args.requests
    per_query = {
        name: {service: round(n / total, 2) for service, n in counted.items()}
        for name, counted in calls.items()
    }
    gateway, direct = summary(runs["gateway"]), summary(runs["direct"])
    ratio = gateway["throughput_per_s"] / direct["throughput_per_s"]
    dashboard = sample["data"]
    return {
        "gateway": {**gateway, "downstream_calls_per_query": per_query["gateway"]},
        "direct": {**direct, "service_calls_per_dashboard": per_query["direct"]},
        "ratio_gateway_over_direct": round(ratio, 3),
        "target": {"throughput_ratio_at_least": TARGET, "met": ratio >= TARGET},
        "dashboard": {
            "matches": len(dashboard["matches"]["nodes"]),
            "goals": len(dashboard["matches"]["nodes"][0]["goals"]),
            "milestones": sum(
                len(goal["milestones"]) for goal in dashboard["matches"]["nodes"][0]["goals"]
            ),
            "notifications": len(dashboard["notifications"]["nodes"]),
            # matching shows a participant to themselves and the program's admins only, so
            # the mentee's view of the partner is null on both paths (the call is still made)
            "partner_profile_visible": dashboard["matches"]["nodes"][0]["mentor"] is not None,
        },
    }


async def run(args: argparse.Namespace) -> dict[str, Any]:
    load_at_start = round(os.getloadavg()[0], 2)
    issuer = DevIssuer.generate()
    with (
        provide_kafka(ROOT) as kafka,
        provide_postgres() as postgres,
        tempfile.TemporaryDirectory() as work,
    ):
        namespace = f"bench-{uuid4().hex[:8]}."
        extra = {"LOG_LEVEL": "WARNING"}
        async with distributed_stack(
            postgres, kafka.bootstrap_servers, namespace, issuer.public_key_pem, Path(work), extra
        ) as stack:
            figures = await measure(stack, issuer, args)
        infra = {"kafka": kafka.kind, "postgres": postgres.kind}
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {**machine(), "load_average_1m_at_start": load_at_start},
        "infra": infra,
        "deployment": "each service and the gateway in its own `python -m kit.serve` process "
        "(one uvicorn worker each) on loopback; load generated by this process (httpx)",
        "parameters": {
            "clients": args.clients,
            "requests_per_round": args.requests,
            "rounds": args.rounds,
            "warmup": args.warmup,
        },
        **figures,
    }


def table(report: dict[str, Any]) -> str:
    gateway, direct = report["gateway"], report["direct"]
    lines = [f"{'':<22}{'gateway':>12}{'direct':>12}"]
    for key, label in (("throughput_per_s", "dashboards/s"), ("p50_ms", "p50 (ms)")):
        lines.append(f"{label:<22}{gateway[key]:>12}{direct[key]:>12}")
    for key, label in (("p99_ms", "p99 (ms)"), ("max_ms", "max (ms)")):
        lines.append(f"{label:<22}{gateway[key]:>12}{direct[key]:>12}")
    met = "met" if report["target"]["met"] else "MISSED"
    lines.append(f"ratio {report['ratio_gateway_over_direct']:.3f} (target >= {TARGET}: {met})")
    lines.append(f"downstream calls per gateway query: {gateway['downstream_calls_per_query']}")
    lines.append(f"service calls per direct dashboard: {direct['service_calls_per_dashboard']}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.gateway", description=__doc__)
    parser.add_argument("--clients", type=int, default=16, help="concurrent clients")
    parser.add_argument("--requests", type=int, default=500, help="dashboards per round")
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds per path")
    parser.add_argument("--warmup", type=int, default=100, help="dashboards before measuring")
    parser.add_argument("--output", type=Path, default=RESULT)
    args = parser.parse_args()
    if warning := busy_warning():
        print(warning)
    report = asyncio.run(run(args))
    print(table(report))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2) + "\n")
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
