"""A service's warm-up runs once, in a worker thread, after start; readiness never waits for it
and a warm-up that fails leaves the service serving."""

import dataclasses
import threading
from pathlib import Path

import pytest

from kit.app import create_service_app
from kit.auth import TokenVerifier
from kit.events.bus import InProcessBus
from matching.app import DEFINITION
from matching.settings import MatchingSettings
from tests.infra.apps import eventually, serve

pytestmark = pytest.mark.embedded


@pytest.mark.parametrize("fails", [False, True])
async def test_warm_up_runs_once_off_the_event_loop_and_never_blocks_readiness(
    tmp_path: Path, verifier: TokenVerifier, fails: bool
) -> None:
    release = threading.Event()
    threads: list[str] = []
    daemons: list[bool] = []

    def warm_up() -> None:
        threads.append(threading.current_thread().name)
        daemons.append(threading.current_thread().daemon)
        release.wait(timeout=60)  # still warming while the service answers
        if fails:
            raise RuntimeError("no kernels today")

    definition = dataclasses.replace(DEFINITION, warm_up=warm_up)
    settings = MatchingSettings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'service.db'}",
        auto_migrate=True,
        log_json=False,
    )
    app = create_service_app(definition, settings, [], bus=InProcessBus(), verifier=verifier)

    async def started() -> list[str]:
        return list(threads)

    async with serve(app) as client:
        await eventually(started, bool)
        assert (await client.get("/readyz")).status_code == 200  # while warm-up still runs
        release.set()
        task = next(t for t in app.state.runtime.tasks if t.get_name() == "warm-up")

        async def finished() -> bool:
            return bool(task.done())

        await eventually(finished, bool)
        assert task.exception() is None  # a failure is logged, never raised into the service
        assert (await client.get("/healthz")).status_code == 200
    assert len(threads) == 1
    assert threads[0] != threading.main_thread().name
    # The interpreter does not wait for it at exit: SIGTERM during a first compilation ends the
    # process within its grace period.
    assert daemons == [True]
