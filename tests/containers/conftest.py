"""The five images, built once per session from the real Dockerfile (tests/containers/podman.py)."""

import json

import pytest

from tests.containers.podman import ROOT, WORKLOADS, Image, build_all, unavailable

REPORT = ROOT / ".cache" / "containers" / "report.json"
BUILT: dict[str, Image] = {}


@pytest.fixture(scope="session")
def images(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Image]:
    reason = unavailable()
    if reason:
        pytest.skip(reason)
    # One tag per workload, rebuilt every session: podman's layer cache makes an unchanged
    # build take seconds, and a changed Dockerfile or source is always what runs.
    tags = {workload: f"localhost/mentorship/{workload}:containers-tier" for workload in WORKLOADS}
    BUILT.update(build_all(tags, tmp_path_factory.mktemp("image-builds")))
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps(summary(), indent=2))
    return dict(BUILT)


def summary() -> dict[str, dict[str, int]]:
    return {
        workload: {"size_mb": round(image.size_bytes / 1e6), "build_seconds": round(image.seconds)}
        for workload, image in BUILT.items()
    }


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if BUILT:
        terminalreporter.write_line(f"containers tier, images built: {json.dumps(summary())}")
