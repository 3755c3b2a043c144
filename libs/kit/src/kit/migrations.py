"""Alembic, one environment per service: the helpers each service's `env.py` and the CLI call."""

import asyncio
from pathlib import Path
from typing import Any, Literal

from alembic import command, context
from alembic.config import Config
from sqlalchemy import MetaData, TypeDecorator
from sqlalchemy.engine import Connection

from kit.db import create_engine


def alembic_config(migrations_dir: Path, database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade_head(migrations_dir: Path, database_url: str) -> None:
    """Blocking: call it from a thread when an event loop is running."""
    command.upgrade(alembic_config(migrations_dir, database_url), "head")


def run_migrations(metadata: MetaData) -> None:
    """The body of a service's `env.py`."""
    url = context.config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("set sqlalchemy.url (the service's DATABASE_URL) to migrate")
    if context.is_offline_mode():
        context.configure(
            url=url,
            target_metadata=metadata,
            literal_binds=True,
            render_as_batch=url.startswith("sqlite"),
            render_item=_render_item,
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    asyncio.run(_run_online(url, metadata))


async def _run_online(url: str, metadata: MetaData) -> None:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_migrate, metadata, url.startswith("sqlite"))
            await connection.commit()
    finally:
        await engine.dispose()


def _render_item(kind: str, item: Any, autogen_context: Any) -> str | Literal[False]:
    """Write kit's column types as their plain SQLAlchemy type: migrations must not import kit."""
    if kind == "type" and isinstance(item, TypeDecorator):
        return f"sa.{item.impl!r}"
    return False


def _migrate(connection: Connection, metadata: MetaData, batch: bool) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=batch,
        render_item=_render_item,
    )
    with context.begin_transaction():
        context.run_migrations()
