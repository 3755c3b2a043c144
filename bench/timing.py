"""Arrival records, pacing and latency summaries shared by the raw and the pipeline runs."""

import asyncio
import statistics
import time
from collections.abc import Callable, Coroutine, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Arrivals:
    """When each sequence number arrived (consumed, or its effect committed), in `time.time()`."""

    at: dict[int, float] = field(default_factory=dict)
    last: float = 0.0
    expected: int = 0
    complete: asyncio.Event = field(default_factory=asyncio.Event)

    def record(self, seqs: Iterable[int], now: float) -> None:
        for seq in seqs:
            self.at.setdefault(seq, now)
        self.last = now
        if self.expected and len(self.at) >= self.expected:
            self.complete.set()

    def expect(self, total: int) -> None:
        """Signal `complete` once `total` distinct sequence numbers have arrived."""
        self.expected = total
        self.complete.clear()
        if len(self.at) >= total:
            self.complete.set()

    async def wait(self, within: float) -> bool:
        """Whether everything expected arrived within `within` seconds."""
        try:
            await asyncio.wait_for(self.complete.wait(), within)
        except TimeoutError:
            return False
        return True


class CpuMeter:
    """This process's CPU time over wall time since creation (1.0 = one core busy)."""

    def __init__(self) -> None:
        self._wall = time.perf_counter()
        self._cpu = time.process_time()

    def share(self) -> float:
        wall = time.perf_counter() - self._wall
        return round((time.process_time() - self._cpu) / wall, 2) if wall > 0 else 0.0


@dataclass(frozen=True)
class Latency:
    count: int
    missing: int
    p50_ms: float
    p99_ms: float
    max_ms: float
    achieved_rate: float
    arrival_rate: float

    def percentiles(self) -> dict[str, float]:
        return {"p50_ms": round(self.p50_ms, 2), "p99_ms": round(self.p99_ms, 2)}

    def as_dict(self) -> dict[str, float | int]:
        return {
            "count": self.count,
            "missing": self.missing,
            "p50_ms": round(self.p50_ms, 2),
            "p99_ms": round(self.p99_ms, 2),
            "max_ms": round(self.max_ms, 2),
            "achieved_rate_per_s": round(self.achieved_rate, 1),
            "arrival_rate_per_s": round(self.arrival_rate, 1),
        }


def latency(sent: Mapping[int, float], arrived: Mapping[int, float]) -> Latency:
    """Per sequence number, arrival minus departure; `missing` never arrived.

    Departures per second (`achieved_rate`) above arrivals per second (`arrival_rate`) mean a
    queue that grows for as long as the run lasts: the latencies then are not a steady state.
    """
    delays = sorted(1000 * (arrived[seq] - at) for seq, at in sent.items() if seq in arrived)
    rate = _rate(list(sent.values()))
    landed = _rate([arrived[seq] for seq in sent if seq in arrived])
    missing = len(sent) - len(delays)
    if len(delays) < 2:
        nan = float("nan")
        return Latency(len(delays), missing, nan, nan, nan, rate, landed)
    cuts = statistics.quantiles(delays, n=100, method="inclusive")
    return Latency(len(delays), missing, cuts[49], cuts[98], delays[-1], rate, landed)


def _rate(times: list[float]) -> float:
    span = max(times) - min(times) if len(times) > 1 else 0.0
    return (len(times) - 1) / span if span > 0 else 0.0


async def paced(
    rate: float,
    count: int,
    action: Callable[[int], Coroutine[Any, Any, None]],
    *,
    in_flight: int = 1,
) -> None:
    """Start `action(i)` at `rate` per second on a fixed schedule; a late one starts at once.

    Up to `in_flight` actions run at a time (open loop while they keep up); when that many are
    still running the schedule slips, which shows as an achieved rate below `rate`.
    """
    start = time.perf_counter()
    slots = asyncio.Semaphore(in_flight)
    tasks: set[asyncio.Task[None]] = set()

    async def run(i: int) -> None:
        try:
            await action(i)
        finally:
            slots.release()

    for i in range(count):
        delay = start + i / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        await slots.acquire()
        task = asyncio.create_task(run(i))
        tasks.add(task)
        task.add_done_callback(tasks.discard)
    if tasks:
        await asyncio.gather(*tasks)
