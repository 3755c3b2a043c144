"""Sampling profiles of the serving processes while a benchmark row runs (py-spy).

`bench.request_cost --profile DIR` records each serving process of each row with `py-spy record
--nonblocking --nolineno -f raw` (folded stacks) for the measured seconds and writes, per row and
process, the folded stacks and a summary: the frames with the most samples of their own (self)
and in their subtree (inclusive), as shares of the process's non-idle samples. py-spy leaves idle
threads out (a thread waiting in `epoll` is not sampled), so the shares are shares of CPU.

py-spy is a tool, not a dependency of the project: `.tools/bin/uv tool install py-spy` (or any
`pip install py-spy`) and put it on PATH, or pass `--py-spy PATH`. It attaches with ptrace (root,
or `kernel.yama.ptrace_scope=0`). Sampling costs the profiled process little with
`--nonblocking`, but a profiled run's figures are not the benchmark's: profile and measure in
separate runs.
"""

import asyncio
import json
import re
import shutil
import subprocess
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

RATE = 200  # samples per second per process
TOP = 40
_LINE = re.compile(r"^(?P<stack>.*) (?P<count>\d+)$")


def find_py_spy(explicit: str | None) -> str:
    found = explicit or shutil.which("py-spy")
    if not found:
        raise SystemExit(
            "py-spy not found: `.tools/bin/uv tool install py-spy` (then ~/.local/bin on PATH) "
            "or pass --py-spy PATH"
        )
    return found


@dataclass(frozen=True)
class Recording:
    name: str
    output: Path
    process: asyncio.subprocess.Process


async def record(py_spy: str, name: str, pid: int, seconds: float, output: Path) -> Recording:
    process = await asyncio.create_subprocess_exec(
        py_spy,
        "record",
        "--pid",
        str(pid),
        "--duration",
        str(max(1, round(seconds))),
        "--rate",
        str(RATE),
        "--nonblocking",
        "--nolineno",
        "--format",
        "raw",
        "--output",
        str(output),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return Recording(name, output, process)


def folded(lines: Iterable[str]) -> Counter[tuple[str, ...]]:
    """Stacks (outermost first) and their sample counts, from py-spy's raw (folded) output."""
    stacks: Counter[tuple[str, ...]] = Counter()
    for line in lines:
        match = _LINE.match(line.strip())
        if match:
            stacks[tuple(match["stack"].split(";"))] += int(match["count"])
    return stacks


def _short(frame: str) -> str:
    """`handle (starlette/routing.py)`: the function and its module path from the package on."""
    name, _, where = frame.partition(" (")
    where = where.rstrip(")")
    for marker in ("site-packages/", "/src/", "/lib/python3.11/"):
        if marker in where:
            where = where.rsplit(marker, 1)[1]
            break
    return f"{name} ({where})" if where else name


def summarize(stacks: Counter[tuple[str, ...]], top: int = TOP) -> dict[str, Any]:
    total = sum(stacks.values())
    own: Counter[str] = Counter()
    subtree: Counter[str] = Counter()
    modules: Counter[str] = Counter()
    for stack, count in stacks.items():
        frames = [_short(frame) for frame in stack]
        if not frames:
            continue
        own[frames[-1]] += count
        for frame in set(frames):
            subtree[frame] += count
        leaf = frames[-1]
        module = leaf.partition(" (")[2].rstrip(")").split("/")[0] or leaf
        modules[module] += count

    def shares(counter: Counter[str]) -> list[dict[str, Any]]:
        return [
            {"frame": frame, "share": round(count / total, 4), "samples": count}
            for frame, count in counter.most_common(top)
        ]

    return {
        "samples": total,
        "self": shares(own) if total else [],
        "inclusive": shares(subtree) if total else [],
        "self_by_package": shares(modules) if total else [],
    }


async def finish(recordings: list[Recording], folder: Path, row: str) -> dict[str, Any]:
    """Wait for each recording, summarize it, and write the row's summary next to its stacks."""
    summaries: dict[str, Any] = {}
    for recording in recordings:
        await recording.process.wait()
        if not recording.output.exists():
            summaries[recording.name] = {"error": f"py-spy exited {recording.process.returncode}"}
            continue
        with recording.output.open() as lines:
            summaries[recording.name] = summarize(folded(lines))
    (folder / f"{row}.summary.json").write_text(json.dumps(summaries, indent=2) + "\n")
    return summaries


def text(row: str, summaries: dict[str, Any], top: int = 12) -> str:
    lines = [f"profile of {row}:"]
    for name, summary in summaries.items():
        if "error" in summary:
            lines.append(f"  {name}: {summary['error']}")
            continue
        lines.append(f"  {name}: {summary['samples']} samples; self, top {top}:")
        lines += [f"    {100 * f['share']:5.1f} %  {f['frame']}" for f in summary["self"][:top]]
        # The event loop's own frames are in nearly every sample: what is under them says more.
        below_loop = [f for f in summary["inclusive"] if f["share"] < 0.9][:top]
        lines.append(f"  {name}: inclusive (under 90 %), top {top}:")
        lines += [f"    {100 * f['share']:5.1f} %  {f['frame']}" for f in below_loop]
    return "\n".join(lines)
