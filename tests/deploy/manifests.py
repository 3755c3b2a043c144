"""Rendering and reading the deploy files, for the deploy tests."""

import itertools
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
SCHEMAS = ROOT / "deploy" / "schemas"
COMPONENTS = sorted(path.name for path in (K8S / "components").iterdir() if path.is_dir())
OVERLAYS = sorted(path.name for path in (K8S / "overlays").iterdir() if path.is_dir())
SERVICES = ("matching", "goals", "feedback", "notifications")


def kubectl() -> str:
    found = shutil.which("kubectl")
    if found is None:
        raise RuntimeError("kubectl (with its built-in kustomize) is needed for the deploy tests")
    return found


def render(directory: Path) -> list[dict[str, Any]]:
    result = subprocess.run(
        [kubectl(), "kustomize", "--load-restrictor", "LoadRestrictionsNone", str(directory)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise AssertionError(f"kustomize failed for {directory}:\n{result.stderr}")
    return [doc for doc in yaml.safe_load_all(result.stdout) if doc]


def component_combinations() -> Iterator[tuple[str, ...]]:
    for size in range(len(COMPONENTS) + 1):
        yield from itertools.combinations(COMPONENTS, size)


def combination_kustomization(directory: Path, components: tuple[str, ...]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "kustomization.yaml").write_text(
        yaml.safe_dump(
            {
                "apiVersion": "kustomize.config.k8s.io/v1beta1",
                "kind": "Kustomization",
                # kustomize takes relative paths only.
                "resources": [os.path.relpath(K8S / "base", directory)],
                "components": [
                    os.path.relpath(K8S / "components" / name, directory) for name in components
                ],
            }
        )
    )
    return directory


def of_kind(documents: list[dict[str, Any]], kind: str) -> dict[str, dict[str, Any]]:
    return {doc["metadata"]["name"]: doc for doc in documents if doc["kind"] == kind}
