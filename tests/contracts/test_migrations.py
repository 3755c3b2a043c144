"""Each service's Alembic history builds exactly the tables its models declare."""

import asyncio
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection

from feedback.app import DEFINITION as FEEDBACK
from goals.app import DEFINITION as GOALS
from kit.db import create_engine
from kit.migrations import upgrade_head
from kit.runtime import ServiceDefinition
from matching.app import DEFINITION as MATCHING
from notifications.app import DEFINITION as NOTIFICATIONS

DEFINITIONS = [MATCHING, GOALS, FEEDBACK, NOTIFICATIONS]


async def _diff(url: str, definition: ServiceDefinition) -> list[object]:
    engine = create_engine(url)

    def compare(connection: Connection) -> list[object]:
        return list(compare_metadata(MigrationContext.configure(connection), definition.metadata))

    try:
        async with engine.connect() as connection:
            return await connection.run_sync(compare)
    finally:
        await engine.dispose()


@pytest.mark.contracts
@pytest.mark.parametrize("definition", DEFINITIONS, ids=lambda d: d.name)
async def test_migrations_match_models_on_sqlite(
    definition: ServiceDefinition, tmp_path: Path
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / definition.name}.db"
    await asyncio.to_thread(upgrade_head, definition.migrations_dir, url)
    assert await _diff(url, definition) == []


@pytest.mark.integration
@pytest.mark.parametrize("definition", DEFINITIONS, ids=lambda d: d.name)
async def test_migrations_match_models_on_postgresql(
    definition: ServiceDefinition, database_url: str
) -> None:
    await asyncio.to_thread(upgrade_head, definition.migrations_dir, database_url)
    assert await _diff(database_url, definition) == []
