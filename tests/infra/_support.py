"""Helpers shared by the Kafka and PostgreSQL test servers."""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import functools
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


class InfraUnavailable(RuntimeError):
    """No way to get the server: no env var, no Docker engine, and no local launcher."""


class NotControllable(RuntimeError):
    """The server is not ours (e.g. given by an env var), so it cannot be stopped or started.

    Tests that need to stop a server turn this into a skip.
    """


def free_port(*, avoid: tuple[int, ...] = ()) -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind(("127.0.0.1", 0))
            port: int = sock.getsockname()[1]
        if port not in avoid:
            return port


def tcp_open(host: str, port: int, timeout: float = 1.0) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def run_sync(factory: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run a coroutine to completion from sync code, even inside a running event loop.

    Fixtures and ``stop()``/``start()`` are sync, yet tests may call them from async code,
    where ``asyncio.run`` is refused; there the coroutine runs on a private loop in a thread.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(factory())
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="kit-testing") as pool:
        return pool.submit(lambda: asyncio.run(factory())).result()


def tail(path: Path, lines: int = 40) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError as exc:
        return f"<cannot read {path}: {exc}>"
    return "\n".join(text.splitlines()[-lines:]) or f"<{path} is empty>"


def terminate(proc: subprocess.Popen[bytes], timeout: float) -> None:
    """SIGTERM for a clean shutdown; SIGKILL when it has not exited within ``timeout``."""
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=30)


def kill_with_parent() -> Callable[[], None] | None:
    """A ``preexec_fn`` making the child die with us (Linux), so a crashed run leaves no broker.

    The signal fires when the forking *thread* exits, so it is used only from the main thread.
    """
    if sys.platform != "linux" or threading.current_thread() is not threading.main_thread():
        return None
    libc = ctypes.CDLL(None, use_errno=True)
    pr_set_pdeathsig = 1

    def preexec() -> None:
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL)

    return preexec


@functools.cache
def docker_unavailable() -> str | None:
    """None when a Docker engine answers ``ping()``; otherwise why not (the CLI proves nothing)."""
    try:
        import docker
    except ImportError:
        return "the docker Python package is not installed"
    started = time.monotonic()
    try:
        client = docker.from_env(timeout=5)
        try:
            client.ping()
        finally:
            with contextlib.suppress(Exception):
                client.close()
    except Exception as exc:
        took = time.monotonic() - started
        return f"ping failed after {took:.1f}s: {type(exc).__name__}: {exc}"
    return None


def claim(folder: Path) -> None:
    """Mark ``folder`` as owned by this process, for :func:`reap_stale` in later runs."""
    (folder / "owner.pid").write_text(str(os.getpid()))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    with contextlib.suppress(OSError, IndexError):  # a killed owner may linger as a zombie
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0] != "Z"
    return True


def reap_stale(prefix: str, stop: Callable[[Path], None]) -> None:
    """Stop and delete servers whose test run was killed (SIGKILL skips every cleanup).

    Folders whose owner still runs (e.g. a concurrent pytest) are left alone.
    """
    for folder in Path(tempfile.gettempdir()).glob(f"{prefix}*"):
        try:
            owner = int((folder / "owner.pid").read_text())
        except (OSError, ValueError):
            continue
        if owner == os.getpid() or _alive(owner):
            continue
        with contextlib.suppress(Exception):
            stop(folder)
        shutil.rmtree(folder, ignore_errors=True)


def kill_recorded(pid_file: Path, marker: str) -> None:
    """SIGKILL the process in ``pid_file`` if its command line still mentions ``marker``."""
    try:
        pid = int(pid_file.read_text())
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (OSError, ValueError):
        return
    if marker.encode() in cmdline:
        os.kill(pid, signal.SIGKILL)
