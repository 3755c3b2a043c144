"""The printed table and the JSON report of the pipeline benchmark."""

import json
import os
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

THROUGHPUT_TARGET = 0.5  # pipeline events/s at least this share of raw aiokafka's
MINIMAL_TARGET = 0.6  # kit events/s at least this share of the minimal correct pipeline's
P99_TARGET_MS = 100.0  # pipeline p99 end-to-end latency at the paced rate


def machine() -> dict[str, Any]:
    return {
        "nproc": os.cpu_count(),
        "load_average_1m_at_end": round(os.getloadavg()[0], 2),
        "python": platform.python_version(),
        "implementation": sys.implementation.name,
        "platform": platform.platform(),
    }


def assemble(
    parameters: dict[str, Any],
    infra: dict[str, Any],
    raw: dict[str, Any],
    pipeline: dict[str, Any],
) -> dict[str, Any]:
    kit_rate = pipeline["throughput"]["events_per_s"]
    ratio = kit_rate / raw["throughput"]["events_per_s"]
    minimal = raw["minimal_correct_pipeline"]["throughput"]["events_per_s"]
    result: dict[str, Any] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "infra": infra,
        "parameters": parameters,
        "raw": raw,
        "pipeline": pipeline,
        "ratios": {
            "throughput_pipeline_over_raw": round(ratio, 3),
            "throughput_pipeline_over_minimal_correct": round(kit_rate / minimal, 3),
        },
        "targets": {
            "throughput_over_minimal_at_least": MINIMAL_TARGET,
            "throughput_over_minimal_met": kit_rate / minimal >= MINIMAL_TARGET,
        },
    }
    if "latency" not in pipeline:
        return result
    p99 = pipeline["latency"]["p99_ms"]
    result["ratios"]["p99_pipeline_over_raw"] = round(p99 / raw["latency"]["p99_ms"], 2)
    result["targets"].update(
        {
            "throughput_ratio_at_least": THROUGHPUT_TARGET,
            "throughput_met": ratio >= THROUGHPUT_TARGET,
            "p99_ms_at_most": P99_TARGET_MS,
            "p99_met": p99 <= P99_TARGET_MS and pipeline["latency"]["missing"] == 0,
            "p99_met_with_producer_in_own_process": _met(pipeline["latency_producer_process"]),
        }
    )
    return result


def _rates(latency: dict[str, Any]) -> str:
    return f"{latency['achieved_rate_per_s']:.0f} / {latency['arrival_rate_per_s']:.0f}"


def _met(latency: dict[str, Any]) -> bool:
    return bool(latency["p99_ms"] <= P99_TARGET_MS and latency["missing"] == 0)


def busy_warning() -> str | None:
    """Other work on the machine skews every figure here; say so before measuring."""
    load, cores = os.getloadavg()[0], os.cpu_count() or 1
    if load > 0.5 * cores:
        return f"warning: 1-minute load average {load:.1f} on {cores} CPUs before the run"
    return None


def table(report: dict[str, Any]) -> str:
    raw, pipe, targets = report["raw"], report["pipeline"], report["targets"]
    rate = report["parameters"]["paced_rate_per_s"]
    verdict = {True: "met", False: "MISSED"}

    def row(label: str, left: str, right: str, ratio: str = "", target: str = "") -> str:
        return f"{label:<34}{left:>14}{right:>14}{ratio:>11}  {target}"

    minimal = raw["minimal_correct_pipeline"]["throughput"]["events_per_s"]
    head = [
        row(
            "throughput (events/s)",
            "minimal",
            f"{minimal:.0f}",
            "",
            "asyncpg + aiokafka, outbox/relay/inbox",
        ),
        row(
            "kit / minimal correct pipeline",
            "",
            f"{pipe['throughput']['events_per_s']:.0f}",
            f"{report['ratios']['throughput_pipeline_over_minimal_correct']:.3f}",
            f">= {MINIMAL_TARGET:.2f}: {verdict[targets['throughput_over_minimal_met']]}",
        ),
        "",
    ]
    if "latency" not in pipe:
        return "\n".join(
            [
                *head,
                row("raw aiokafka (ceiling)", "", f"{raw['throughput']['events_per_s']:.0f}"),
                row(
                    "kit / raw",
                    "",
                    "",
                    f"{report['ratios']['throughput_pipeline_over_raw']:.3f}",
                ),
            ]
        )
    lines = [
        *head,
        row("", "raw aiokafka", "kit pipeline", "ratio", "target"),
        row(
            "throughput (events/s)",
            f"{raw['throughput']['events_per_s']:.0f}",
            f"{pipe['throughput']['events_per_s']:.0f}",
            f"{report['ratios']['throughput_pipeline_over_raw']:.3f}",
            f">= {THROUGHPUT_TARGET:.2f}: {verdict[targets['throughput_met']]}",
        ),
    ]
    for name in ("p50_ms", "p99_ms", "max_ms"):
        target = ""
        if name == "p99_ms":
            target = f"<= {P99_TARGET_MS:.0f} ms: {verdict[targets['p99_met']]}"
        ratio = raw["latency"][name] and pipe["latency"][name] / raw["latency"][name]
        lines.append(
            row(
                f"latency {name[:-3]} @ {rate:.0f}/s (ms)",
                f"{raw['latency'][name]:.1f}",
                f"{pipe['latency'][name]:.1f}",
                f"{ratio:.1f}x",
                target,
            )
        )
    lines.append(
        row(
            "events/s sent / arrived at pace",
            _rates(raw["latency"]),
            _rates(pipe["latency"]),
            "",
            f"missing: {raw['latency']['missing']} / {pipe['latency']['missing']}",
        )
    )
    apart, context = pipe["latency_producer_process"], pipe["producer_only"]
    apart_met = targets["p99_met_with_producer_in_own_process"]
    lines += [
        "",
        "kit pipeline, context:",
        row(
            "  p50 / p99, producer in own process",
            "",
            f"{apart['p50_ms']:.1f} / {apart['p99_ms']:.1f}",
            _rates(apart),
            f"<= {P99_TARGET_MS:.0f} ms: {verdict[apart_met]}",
        ),
        row(
            "  producer beside pipeline (ev/s)",
            "",
            f"{pipe['throughput']['producer_events_per_s']:.0f}",
        ),
        row(
            f"  producer alone, {context['batch']}/tx (ev/s)", "", f"{context['batched_per_s']:.0f}"
        ),
        row("  producer alone, 1/tx (ev/s)", "", f"{context['single_per_s']:.0f}"),
        row("  relay+consumer, backlog (ev/s)", "", f"{context['backlog_drain_per_s']:.0f}"),
        row(
            "  python CPU, throughput run",
            f"{raw['throughput']['python_cpu_share']:.2f}",
            f"{pipe['throughput']['python_cpu_share']:.2f}",
        ),
        row(
            "  python CPU, paced run",
            f"{raw['latency']['python_cpu_share']:.2f}",
            f"{pipe['latency']['python_cpu_share']:.2f}",
        ),
    ]
    for name, figures in (("in one process", pipe["latency"]), ("producer apart", apart)):
        relay, onward = figures["commit_to_published"], figures["published_to_effect"]
        lines.append(
            row(
                f"  p50/p99 split, {name}",
                "",
                "",
                "",
                f"commit->acked {relay['p50_ms']:.0f}/{relay['p99_ms']:.0f} ms, "
                f"acked->effect {onward['p50_ms']:.0f}/{onward['p99_ms']:.0f} ms",
            )
        )
    return "\n".join(lines)


def write(report: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".tmp")
    partial.write_text(json.dumps(report, indent=2) + "\n")
    partial.replace(path)
