"""A commit that writes to the outbox wakes its process's relay: an event goes out at once,
not when the relay's idle pause ends (found by bench/request_cost: the hooks were copied before
the relay registered its own, so every event waited out the pause)."""

from pathlib import Path

import pytest

from contracts import topic_of
from kit.auth import TokenVerifier
from kit.devtokens import DevIssuer
from kit.events.bus import InProcessBus
from matching.app import create_app
from matching.settings import MatchingSettings
from tests.infra.apps import bearer, eventually, serve

pytestmark = pytest.mark.embedded


async def test_an_emitting_request_wakes_the_relay_long_before_its_idle_pause_ends(
    tmp_path: Path, verifier: TokenVerifier, issuer: DevIssuer
) -> None:
    settings = MatchingSettings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'matching.db'}",
        auto_migrate=True,
        log_json=False,
        run_scheduler=False,
        relay_idle_seconds=3600,  # only a wake-up can publish within the test's bound
    )
    bus = InProcessBus()
    admin = bearer(issuer.mint("ada", "acme", ["org_admin"]))
    async with serve(create_app(settings, bus, verifier)) as client:
        for count, name in enumerate(["Spring", "Autumn"], start=1):
            created = await client.post("/v1/programs", json={"name": name}, headers=admin)
            assert created.status_code == 201, created.text

            async def published() -> int:
                return len(bus.records(topic_of("matching")))

            def arrived(n: int, expected: int = count) -> bool:
                return n >= expected

            assert await eventually(published, arrived, within=30) >= count
