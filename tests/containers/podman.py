"""The real images, built from the Dockerfile with podman and run as Kubernetes would run them.

The base images come from local stand-ins (tools/containers/setup.sh) because public registries
cannot be reached from these machines; the Dockerfile itself is the one operators build. The
containers' security context is read from deploy/k8s and their environment from
docker-compose.yml, so that what the tier runs is what those files describe.
"""

import json
import os
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKLOADS = ("matching", "goals", "feedback", "notifications", "gateway")
CONTAINERS_CONF = ROOT / "tools" / "containers" / "containers.conf"
BASES = {
    "PYTHON_IMAGE": "localhost/python:3.11-slim-bookworm-standin",
    "NODE_IMAGE": "localhost/node:20-bookworm-slim-standin",
}
LABEL = "mentorship-containers-tier"


def podman_env() -> dict[str, str]:
    return {**os.environ, "CONTAINERS_CONF": str(CONTAINERS_CONF)}


def podman(
    *args: str, check: bool = True, timeout: float = 600
) -> "subprocess.CompletedProcess[str]":
    return subprocess.run(
        ["podman", *args],
        env=podman_env(),
        capture_output=True,
        text=True,
        check=check,
        timeout=timeout,
    )


def unavailable() -> str | None:
    """Why the tier cannot run here, or None when podman and the stand-in bases are ready."""
    if shutil.which("podman") is None:
        return "podman is not installed (tools/containers/setup.sh installs it as root)"
    if os.geteuid() != 0:
        return "the containers tier runs podman as root"
    for image in BASES.values():
        if podman("image", "exists", image, check=False).returncode != 0:
            return f"the stand-in base {image} is missing: run tools/containers/setup.sh"
    return None


@dataclass(frozen=True)
class Image:
    workload: str
    tag: str
    seconds: float
    size_bytes: int


def build(workload: str, tag: str, log: Path, dockerfile: Path = ROOT / "Dockerfile") -> Image:
    """`podman build` of one workload's image from the real Dockerfile on the stand-in bases."""
    import time

    args = ["build", "--format", "docker", "--network", "host", "-t", tag, "-f", str(dockerfile)]
    args += ["--build-arg", f"SERVICE={workload}"]
    for name, base in BASES.items():
        args += ["--build-arg", f"{name}={base}"]
    started = time.monotonic()
    with log.open("w") as sink:
        done = subprocess.run(
            ["podman", *args, str(ROOT)],
            env=podman_env(),
            stdout=sink,
            stderr=subprocess.STDOUT,
            timeout=900,
            check=False,
        )
    if done.returncode != 0:
        raise AssertionError(f"building {workload} failed:\n{log.read_text()[-4000:]}")
    size = int(podman("image", "inspect", "--format", "{{.Size}}", tag).stdout.strip())
    return Image(workload, tag, time.monotonic() - started, size)


def build_all(tags: Mapping[str, str], log_dir: Path) -> dict[str, Image]:
    """The five images, two builds at a time (they share their base and dependency layers)."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {
            workload: pool.submit(build, workload, tag, log_dir / f"build-{workload}.log")
            for workload, tag in tags.items()
        }
        return {workload: future.result() for workload, future in futures.items()}


def _deployment(workload: str) -> dict[str, Any]:
    documents = yaml.safe_load_all((ROOT / "deploy/k8s/base" / f"{workload}.yaml").read_text())
    for document in documents:
        if document and document.get("kind") == "Deployment":
            return dict(document)
    raise AssertionError(f"deploy/k8s/base/{workload}.yaml has no Deployment")


@dataclass(frozen=True)
class PodSecurity:
    """What the workload's Deployment asks of its container, as podman flags."""

    user: int
    group: int
    read_only_root: bool
    no_new_privileges: bool
    dropped_capabilities: tuple[str, ...]
    writable: tuple[tuple[str, str], ...]  # (mount path, size limit) of emptyDir volumes
    grace_seconds: int

    def flags(self) -> list[str]:
        flags = ["--user", f"{self.user}:{self.group}"]
        if self.read_only_root:
            # Only what the pod mounts is writable: no podman tmpfs on /run, /var/tmp.
            flags += ["--read-only", "--read-only-tmpfs=false"]
        if self.no_new_privileges:
            flags += ["--security-opt", "no-new-privileges"]
        for capability in self.dropped_capabilities:
            flags += ["--cap-drop", capability]
        for path, size in self.writable:
            flags += ["--tmpfs", f"{path}:rw,size={size},mode=1777"]
        return flags


def pod_security(workload: str) -> PodSecurity:
    spec = _deployment(workload)["spec"]["template"]["spec"]
    (container,) = [c for c in spec["containers"] if c["name"] == workload]
    pod_context, context = spec.get("securityContext", {}), container.get("securityContext", {})
    volumes = {v["name"]: v for v in spec.get("volumes", [])}
    writable = []
    for mount in container.get("volumeMounts", []):
        volume = volumes[mount["name"]]
        if "emptyDir" in volume:
            limit = str(volume["emptyDir"].get("sizeLimit", "64Mi"))
            writable.append((mount["mountPath"], limit.replace("Mi", "m").replace("Gi", "g")))
    return PodSecurity(
        user=int(pod_context["runAsUser"]),
        group=int(pod_context.get("runAsGroup", pod_context["runAsUser"])),
        read_only_root=bool(context.get("readOnlyRootFilesystem")),
        no_new_privileges=context.get("allowPrivilegeEscalation") is False,
        dropped_capabilities=tuple(context.get("capabilities", {}).get("drop", [])),
        writable=tuple(writable),
        grace_seconds=int(spec.get("terminationGracePeriodSeconds", 30)),
    )


def compose_environment(workload: str, variables: Mapping[str, str]) -> dict[str, str]:
    """The workload's environment as docker-compose.yml (with its override) gives it, with
    `${NAME:-default}` filled from `variables` (else the default)."""
    merged: dict[str, str] = {}
    for name in ("docker-compose.yml", "docker-compose.override.yml"):
        services = yaml.safe_load((ROOT / name).read_text()).get("services", {})
        merged.update(services.get(workload, {}).get("environment") or {})
    return {key: _substitute(str(value), variables) for key, value in merged.items()}


def _substitute(value: str, variables: Mapping[str, str]) -> str:
    import re

    def one(match: re.Match[str]) -> str:
        name, _, default = match.group(1).partition(":")
        default = default[1:] if default[:1] in "-?" else default
        return variables.get(name, "" if match.group(1).count(":?") else default)

    return re.sub(r"\$\{([^}]*)\}", one, value)


def run_command(
    image: str,
    name: str,
    env: Mapping[str, str],
    mounts: Mapping[Path, Path],
    security: PodSecurity,
    command: Sequence[str] = (),
) -> list[str]:
    """`podman run` in the foreground (so that signals to it reach the container's PID 1)."""
    args = ["podman", "run", "--rm", "--name", name, "--label", LABEL, "--network", "host"]
    args += ["--ulimit", "host", "--stop-timeout", str(security.grace_seconds)]
    # Kubernetes probes the pod itself and ignores the image's HEALTHCHECK; podman would need
    # systemd timers to run it.
    args += ["--no-healthcheck"]
    args += security.flags()
    for host_path, container_path in mounts.items():
        args += ["-v", f"{host_path}:{container_path}:ro"]
    for key, value in env.items():
        args += ["-e", f"{key}={value}"]
    return [*args, image, *command]


def remove_all() -> None:
    """Every container this tier started, even those a killed `podman run` left behind."""
    listed = podman("ps", "-aq", "--filter", f"label={LABEL}", check=False).stdout.split()
    if listed:
        podman("rm", "-f", "-t", "0", *listed, check=False)


def inspect_config(tag: str) -> dict[str, Any]:
    output = podman("image", "inspect", "--format", "{{json .Config}}", tag).stdout
    config: dict[str, Any] = json.loads(output)
    return config
