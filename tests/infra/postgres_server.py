"""A real PostgreSQL server for tests, started from the machine's PostgreSQL 15 binaries."""

from __future__ import annotations

import abc
import atexit
import contextlib
import glob
import os
import pwd
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType
from typing import Self
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from tests.infra._support import InfraUnavailable, claim, free_port, reap_stale, run_sync, tail

START_TIMEOUT = 60
DIR_PREFIX = "kit-pg-"
_DB_NAME = re.compile(r"^[A-Za-z0-9_-]{1,63}$")


def plain_dsn(url: str) -> str:
    """``postgresql+asyncpg://...`` (SQLAlchemy style) to ``postgresql://...`` (asyncpg style)."""
    scheme, rest = url.split("://", 1)
    return f"{scheme.split('+', 1)[0]}://{rest}"


class PostgresServer(abc.ABC):
    """A server the tests can reach at ``dsn``; each test gets its own database."""

    dsn: str
    kind: str

    @abc.abstractmethod
    def stop(self) -> None:
        """Stop the server; its data survive a later ``start()``."""

    @abc.abstractmethod
    def start(self) -> None:
        """Start the server again on the same port, and wait until it accepts connections."""

    @abc.abstractmethod
    def close(self) -> None:
        """Stop the server for good and delete what it stored."""

    def database_url(self, name: str, driver: str = "asyncpg") -> str:
        """The URL of database ``name`` on this server (``postgresql+<driver>://``)."""
        parts = urlsplit(self.dsn)
        scheme = f"postgresql+{driver}" if driver else "postgresql"
        return urlunsplit((scheme, parts.netloc, f"/{name}", parts.query, ""))

    def create_database(self, name: str) -> str:
        """Create a brand-new database and return its ``postgresql+asyncpg://`` URL."""
        self._admin(f'CREATE DATABASE "{_checked(name)}"')
        return self.database_url(name)

    def drop_database(self, name: str) -> None:
        """Drop a database, disconnecting whoever still uses it."""
        self._admin(f'DROP DATABASE IF EXISTS "{_checked(name)}" WITH (FORCE)')

    def _admin(self, sql: str) -> None:
        async def run() -> None:

            conn = await asyncpg.connect(self.dsn, timeout=30)
            try:
                await conn.execute(sql)
            finally:
                await conn.close()

        run_sync(run)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.kind} {self.dsn}>"


def _checked(name: str) -> str:
    if not _DB_NAME.match(name):
        raise ValueError(f"database name {name!r} must match {_DB_NAME.pattern}")
    return name


def postgres_bindir() -> Path:
    """The folder holding ``initdb`` and ``pg_ctl``: ``pg_config --bindir``, else the newest
    ``/usr/lib/postgresql/*/bin`` (Debian's ``pg_config`` may come from libpq, without a server)."""
    candidates: list[Path] = []
    if env := os.environ.get("PG_BINDIR"):
        candidates.append(Path(env))
    if pg_config := shutil.which("pg_config"):
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            out = subprocess.run(
                [pg_config, "--bindir"], capture_output=True, text=True, timeout=30
            )
            candidates.append(Path(out.stdout.strip()))
    by_version = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"),
        key=lambda p: [int(x) for x in re.findall(r"\d+", p)],
        reverse=True,
    )
    candidates += [Path(p) for p in by_version]
    if initdb := shutil.which("initdb"):
        candidates.append(Path(initdb).parent)
    for bindir in candidates:
        if (bindir / "initdb").exists() and (bindir / "pg_ctl").exists():
            return bindir
    raise InfraUnavailable(
        "PostgreSQL server binaries (initdb, pg_ctl) not found: no pg_config --bindir with them, "
        "nothing in /usr/lib/postgresql/*/bin (install postgresql-15)"
    )


def _as_postgres_user() -> list[str]:
    """initdb and pg_ctl refuse to run as root; then run them as the ``postgres`` user."""
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        raise InfraUnavailable(
            "running as root and there is no 'postgres' user for initdb"
        ) from None
    runuser = shutil.which("runuser")
    if runuser is None:
        raise InfraUnavailable("running as root and runuser is missing (needed to run initdb)")
    return [runuser, "-u", "postgres", "--"]


class LocalPostgresServer(PostgresServer):
    """A throwaway cluster (initdb -A trust) in a temporary folder, on a free port."""

    kind = "local"

    def __init__(self, bindir: Path | None = None) -> None:
        self._bin = bindir or postgres_bindir()
        self._prefix = _as_postgres_user()
        # pytest's tmp folders are 0700 root-owned; the postgres user needs its own folder.
        reap_stale(DIR_PREFIX, self._stop_stale)
        self.dir = Path(tempfile.mkdtemp(prefix=DIR_PREFIX))
        claim(self.dir)
        if self._prefix:
            shutil.chown(self.dir, "postgres", "postgres")
        self.data = self.dir / "data"
        self.log_file = self.dir / "postgres.log"
        self.port = free_port()
        self.dsn = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"
        self.startup_seconds = 0.0
        self._running = False
        atexit.register(self._kill)
        try:
            self._run(
                "initdb",
                "-D",
                str(self.data),
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--no-locale",
                "--no-sync",
            )
            self.start()
        except BaseException:
            self.close()
            raise

    def _stop_stale(self, folder: Path) -> None:
        pg_ctl = [*self._prefix, str(self._bin / "pg_ctl"), "-D", str(folder / "data")]
        subprocess.run(
            [*pg_ctl, "-m", "immediate", "-w", "stop"], capture_output=True, timeout=60, check=False
        )

    def _run(self, tool: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        cmd = [*self._prefix, str(self._bin / tool), *args]
        # Output to a file, not a pipe: the postmaster outlives pg_ctl and must not hold our pipe.
        with tempfile.TemporaryFile("w+") as out:
            done = subprocess.run(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                cwd=self.dir,
                text=True,
                timeout=START_TIMEOUT + 30,
            )
            out.seek(0)
            done.stdout = out.read()
        if check and done.returncode != 0:
            raise RuntimeError(
                f"{tool} failed ({done.returncode}): {done.stdout.strip()}\n"
                f"--- {self.log_file}:\n{tail(self.log_file)}"
            )
        return done

    def start(self) -> None:
        if self._running:
            return
        started = time.monotonic()
        options = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.dir} -c fsync=off "
            "-c synchronous_commit=on -c full_page_writes=off -c max_connections=300"
        )
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.log_file),
            "-w",
            "-t",
            str(START_TIMEOUT),
            "-o",
            options,
            "start",
        )
        self._running = True
        self.startup_seconds = time.monotonic() - started

    def stop(self) -> None:
        if not self._running:
            return
        stop = ("pg_ctl", "-D", str(self.data), "-w", "-t", str(START_TIMEOUT), "-m")
        if self._run(*stop, "fast", "stop", check=False).returncode != 0:
            self._run(*stop, "immediate", "stop")
        self._running = False

    def close(self) -> None:
        try:
            self.stop()
        finally:
            atexit.unregister(self._kill)
            shutil.rmtree(self.dir, ignore_errors=True)

    def _kill(self) -> None:
        if self._running:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop", check=False)
