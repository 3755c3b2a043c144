"""The adversarial tiers' stacks: the four services on PostgreSQL, seeded through their APIs.

Each test module gets a stack of its own (fuzzing writes freely; the isolation matrix needs the
seeded objects as they were)."""

from collections.abc import Iterator

import pytest

from kit.auth import TokenVerifier
from kit.devtokens import DevIssuer
from tests.adversarial.stack import Stack
from tests.adversarial.world import World, seed_world, wait_quiet
from tests.infra.infra import PostgresServer


@pytest.fixture(scope="module")
def stack(postgres_server: PostgresServer, verifier: TokenVerifier) -> Iterator[Stack]:
    running = Stack(postgres_server, verifier)
    running.start()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")
def world(stack: Stack, issuer: DevIssuer) -> World:
    seeded = seed_world(stack, issuer)
    wait_quiet(stack)
    return seeded
