"""The kit's event pipeline against raw aiokafka, on the same broker in the same run.

Run from the repository root: `.venv/bin/python -m bench.pipeline` (see bench/README.md).
Prints a table and writes bench/results/pipeline.json.
"""

import argparse
import asyncio
import os
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from uuid import uuid4

from bench import flow, minimal_pipeline, raw, report, split
from bench.harness import Harness, quiet_logs, sample_message
from tests.infra.infra import (
    KafkaServer,
    PostgresServer,
    create_topics,
    provide_kafka,
    provide_postgres,
)

REPO_ROOT = Path(__file__).resolve().parents[1]
RESULT = REPO_ROOT / "bench" / "results" / "pipeline.json"


@dataclass(frozen=True)
class Parameters:
    events: int
    keys: int
    partitions: int
    changes_per_transaction: int
    paced_rate_per_s: float
    paced_seconds: float
    single_transaction_events: int
    warm_up_events: int
    relay_batch_size: int
    consumer_max_batch: int
    throughput_only: bool = False


def parse_args() -> tuple[Parameters, Path]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--keys", type=int, default=20)
    parser.add_argument("--partitions", type=int, default=6)
    parser.add_argument("--per-transaction", type=int, default=100)
    parser.add_argument("--rate", type=float, default=500.0)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--single-transaction-events", type=int, default=5_000)
    parser.add_argument("--warm-up", type=int, default=200)
    parser.add_argument("--relay-batch", type=int, default=500)
    parser.add_argument("--consumer-batch", type=int, default=500)
    parser.add_argument("--output", type=Path, default=RESULT)
    parser.add_argument(
        "--throughput-only",
        action="store_true",
        help="only the throughput rows (raw, minimal correct pipeline, kit)",
    )
    args = parser.parse_args()
    parameters = Parameters(
        events=args.events,
        keys=args.keys,
        partitions=args.partitions,
        changes_per_transaction=args.per_transaction,
        paced_rate_per_s=args.rate,
        paced_seconds=args.seconds,
        single_transaction_events=args.single_transaction_events,
        warm_up_events=args.warm_up,
        relay_batch_size=args.relay_batch,
        consumer_max_batch=args.consumer_batch,
        throughput_only=args.throughput_only,
    )
    return parameters, args.output


async def run_raw(p: Parameters, bootstrap: str) -> dict[str, Any]:
    topic = f"bench-raw-{uuid4().hex[:8]}"
    await create_topics(bootstrap, [topic], p.partitions)
    messages = [sample_message(seq, p.keys) for seq in range(p.keys)]
    pair = raw.RawPair(bootstrap, topic)
    await pair.start()
    try:
        first = await pair.warm_up(messages, p.warm_up_events)
        rates = await raw.throughput(pair, messages, first, p.events)
        if p.throughput_only:
            return {"message_bytes": len(messages[0][1]), "throughput": rates}
        paced = int(p.paced_rate_per_s * p.paced_seconds)
        latency = await raw.paced_latency(
            pair, messages, first + p.events, p.paced_rate_per_s, paced
        )
    finally:
        await pair.stop()
    return {
        "message_bytes": len(messages[0][1]),
        "throughput": rates,
        "latency": latency,
    }


async def run_pipeline(p: Parameters, bootstrap: str, postgres: PostgresServer) -> dict[str, Any]:
    url = postgres.create_database(f"bench_{uuid4().hex[:8]}")
    harness = Harness(
        url,
        bootstrap,
        keys=p.keys,
        relay_batch=p.relay_batch_size,
        consumer_batch=p.consumer_max_batch,
    )
    await harness.create_schema(p.partitions)
    await harness.start()
    try:
        first = await flow.warm_up(harness, p.warm_up_events, p.changes_per_transaction)
        rates = await flow.throughput(harness, first, p.events, p.changes_per_transaction)
        if p.throughput_only:
            return {"throughput": rates, "postgres_version": await harness.server_version()}
        paced = int(p.paced_rate_per_s * p.paced_seconds)
        first += p.events
        latency = await flow.paced_latency(harness, first, p.paced_rate_per_s, paced)
        first += paced
        apart = await split.paced_latency(harness, url, first, p.paced_rate_per_s, paced)
        effects = await harness.stored_effects()
        version = await harness.server_version()
    finally:
        await harness.stop()
        await harness.close()
    return {
        "throughput": rates,
        "latency": latency,
        "latency_producer_process": apart,
        "effects_stored": effects,
        "postgres_version": version,
        "producer_only": await run_producer_only(p, bootstrap, postgres),
    }


async def run_producer_only(
    p: Parameters, bootstrap: str, postgres: PostgresServer
) -> dict[str, Any]:
    """Context: how fast changes + outbox rows commit with no relay or consumer running; then
    how fast relay and consumer drain the backlog the batched run left."""
    figures: dict[str, Any] = {"batch": p.changes_per_transaction}
    for name, count, batch in (
        ("single_per_s", p.single_transaction_events, 1),
        ("batched_per_s", p.events, p.changes_per_transaction),
    ):
        harness = Harness(
            postgres.create_database(f"bench_{uuid4().hex[:8]}"),
            bootstrap,
            keys=p.keys,
            relay_batch=p.relay_batch_size,
            consumer_batch=p.consumer_max_batch,
        )
        await harness.create_schema(p.partitions)
        try:
            figures[name] = round(await flow.producer_only(harness, count, batch), 1)
            if batch > 1:
                figures["backlog_drain_per_s"] = round(await flow.drain(harness, count), 1)
        finally:
            await harness.stop()
            await harness.close()
    return figures


def _kafka_version(kafka: KafkaServer) -> str:
    jars = sorted((REPO_ROOT / ".cache" / "kafka" / "lib").glob("kafka_2.13-*.jar"))
    if kafka.kind == "local" and jars:
        return jars[-1].stem.removeprefix("kafka_2.13-")
    return "unknown"


def main() -> None:
    parameters, output = parse_args()
    quiet_logs()
    busy = report.busy_warning()
    if busy:
        print(busy, flush=True)
    load_before = round(os.getloadavg()[0], 2)
    started = time.perf_counter()
    with provide_kafka(REPO_ROOT) as kafka, provide_postgres() as postgres:
        infra_seconds = time.perf_counter() - started

        async def measure() -> tuple[dict[str, Any], dict[str, Any]]:
            raw_figures = await run_raw(parameters, kafka.bootstrap_servers)
            minimal = await minimal_pipeline.throughput(
                postgres.create_database(f"bench_{uuid4().hex[:8]}"),
                kafka.bootstrap_servers,
                parameters,
            )
            raw_figures["minimal_correct_pipeline"] = {"throughput": minimal}
            pipeline_figures = await run_pipeline(parameters, kafka.bootstrap_servers, postgres)
            return raw_figures, pipeline_figures

        raw_figures, pipeline_figures = asyncio.run(measure())
        infra = {
            "kafka_kind": kafka.kind,
            "kafka_version": _kafka_version(kafka),
            "postgres_kind": postgres.kind,
            "postgres_version": pipeline_figures.pop("postgres_version"),
            "startup_seconds": round(infra_seconds, 1),
        }
    result = report.assemble(asdict(parameters), infra, raw_figures, pipeline_figures)
    result["machine"]["load_average_1m_at_start"] = load_before
    result["total_seconds"] = round(time.perf_counter() - started, 1)
    print(report.table(result))
    report.write(result, output)
    print(f"\nwritten to {output} ({result['total_seconds']:.0f} s in all)")


if __name__ == "__main__":
    main()
