"""Latency with the producing service in its own process, as in a deployment.

The child process is the producing service: paced one-change transactions and the outbox
relay. This process is the consuming service: the consumer runner. Both stamp with
`time.time()`, the same clock on one machine.
"""

import asyncio
import multiprocessing
import queue
from multiprocessing.process import BaseProcess
from multiprocessing.queues import Queue
from typing import Any

from bench.flow import IN_FLIGHT
from bench.harness import Harness, quiet_logs
from bench.timing import CpuMeter, latency, paced

Commits = tuple[dict[int, float], float]


async def paced_latency(
    harness: Harness, url: str, first: int, rate: float, count: int
) -> dict[str, Any]:
    """The harness's relay stops; a child process takes over producing and relaying."""
    await harness.stop_relay()
    context = multiprocessing.get_context("spawn")
    results: Queue[Commits] = context.Queue()
    child = context.Process(
        target=_producing_service,
        args=(url, harness.bootstrap, harness.namespace, harness.keys, first, rate, count, results),
    )
    cpu = CpuMeter()
    child.start()
    harness.effects.expect(first + count)
    try:
        committed, child_cpu = await _result(results, child)
    finally:
        await asyncio.to_thread(child.join, 30)
    await harness.wait_effects(30)
    figures: dict[str, Any] = latency(committed, harness.effects.at).as_dict()
    figures["python_cpu_share"] = {"producing_process": child_cpu, "consuming_process": cpu.share()}
    published = {seq: at for seq, at in (await harness.published_at()).items() if seq >= first}
    figures["commit_to_published"] = latency(committed, published).percentiles()
    figures["published_to_effect"] = latency(published, harness.effects.at).percentiles()
    return figures


async def _result(results: "Queue[Commits]", child: BaseProcess) -> Commits:
    while True:
        try:
            return await asyncio.to_thread(results.get, True, 1.0)
        except queue.Empty:
            if not child.is_alive():
                raise RuntimeError(f"the producing process died ({child.exitcode})") from None


def _producing_service(
    url: str,
    bootstrap: str,
    namespace: str,
    keys: int,
    first: int,
    rate: float,
    count: int,
    results: "Queue[Commits]",
) -> None:
    quiet_logs()
    results.put(asyncio.run(_produce(url, bootstrap, namespace, keys, first, rate, count)))


async def _produce(
    url: str, bootstrap: str, namespace: str, keys: int, first: int, rate: float, count: int
) -> Commits:
    harness = Harness(url, bootstrap, keys=keys, namespace=namespace)
    await harness.start(consumer=False)
    committed: dict[int, float] = {}

    async def change(i: int) -> None:
        committed[first + i] = await harness.commit([first + i])

    try:
        cpu = CpuMeter()
        await paced(rate, count, change, in_flight=IN_FLIGHT)
        share = cpu.share()
        for _ in range(600):  # up to 30 s for the relay to publish the rest
            if not await harness.unpublished():
                break
            await asyncio.sleep(0.05)
    finally:
        await harness.stop()
        await harness.close()
    return committed, share
