"""The kit's pipeline: state change + outbox -> relay -> Kafka -> consumer with inbox + effect."""

import time
from typing import Any

from bench.harness import Harness
from bench.timing import CpuMeter, latency, paced

# Producer transactions in flight at most, below the pool's 20 connections (kit.db), which the
# relay and the consumer share in one process.
IN_FLIGHT = 12


async def warm_up(harness: Harness, count: int, batch: int) -> int:
    """Push `count` changes through the whole pipeline; returns the next free seq."""
    for first in range(0, count, batch):
        await harness.commit(range(first, min(count, first + batch)))
    harness.effects.expect(count)
    if not await harness.wait_effects(60):
        raise TimeoutError("pipeline warm-up events never took effect")
    return count


async def throughput(harness: Harness, first: int, count: int, batch: int) -> dict[str, float]:
    """Events per second from the first commit to the last effect committed.

    Also the rate at which the producer committed while the pipeline ran beside it.
    """
    cpu = CpuMeter()
    started = time.time()
    seq = first
    while seq < first + count:
        upto = min(first + count, seq + batch)
        await harness.commit(range(seq, upto))
        seq = upto
    produced = time.time()
    harness.effects.expect(first + count)
    if not await harness.wait_effects(180):
        done = len(harness.effects.at) - first
        raise TimeoutError(f"pipeline: {done} of {count} effects after 180 s")
    elapsed = harness.effects.last - started
    return {
        "events_per_s": round(count / elapsed, 1),
        "seconds": round(elapsed, 3),
        "producer_events_per_s": round(count / (produced - started), 1),
        "drain_after_producer_s": round(harness.effects.last - produced, 3),
        "python_cpu_share": cpu.share(),
    }


async def paced_latency(harness: Harness, first: int, rate: float, count: int) -> dict[str, Any]:
    """One transaction per change at `rate` per second (open loop);
    latency = effect commit time - producer commit time, per event.

    The split at the broker's acknowledgement of the relay (`published_at`) shows which half
    of the path the time goes to.
    """
    committed: dict[int, float] = {}

    async def change(i: int) -> None:
        seq = first + i
        committed[seq] = await harness.commit([seq])

    cpu = CpuMeter()
    await paced(rate, count, change, in_flight=IN_FLIGHT)
    harness.effects.expect(first + count)
    await harness.wait_effects(30)
    share = cpu.share()
    published = {seq: at for seq, at in (await harness.published_at()).items() if seq >= first}
    figures: dict[str, Any] = latency(committed, harness.effects.at).as_dict()
    figures["python_cpu_share"] = share
    figures["commit_to_published"] = latency(committed, published).percentiles()
    figures["published_to_effect"] = latency(published, harness.effects.at).percentiles()
    return figures


async def producer_only(harness: Harness, count: int, batch: int) -> float:
    """Changes committed per second with nothing else running (relay and consumer stopped)."""
    started = time.perf_counter()
    for first in range(0, count, batch):
        await harness.commit(range(first, min(count, first + batch)))
    return count / (time.perf_counter() - started)


async def drain(harness: Harness, count: int) -> float:
    """Start relay and consumer on a backlog of `count` committed changes; effects per second
    from the first effect to the last (the consumer's join is left out)."""
    await harness.start()
    harness.effects.expect(count)
    if not await harness.wait_effects(180):
        raise TimeoutError(f"drain: {len(harness.effects.at)} of {count} effects after 180 s")
    first = min(harness.effects.at.values())
    return (count - 1) / (harness.effects.last - first)
