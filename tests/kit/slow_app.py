"""A service whose request and whose event handler take a while: the graceful-shutdown test runs
it as its own process with `python -m kit.serve tests.kit.slow_app:create_app`."""

import asyncio
import os
from pathlib import Path

from fastapi import APIRouter, FastAPI
from pydantic_settings import SettingsConfigDict
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from kit.app import create_service_app
from kit.events.consumer import Consumer
from kit.events.envelope import Event
from kit.runtime import ServiceDefinition
from kit.settings import ServiceSettings
from tests.kit.pipeline_harness import CounterIncrementedV1, effects, metadata, tables

SLOW_SECONDS = 2.0


class SlowSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="SLOW_", extra="ignore")


consumer = Consumer("slow-effects")


@consumer.on(CounterIncrementedV1)
async def apply_slowly(session: AsyncSession, event: Event, payload: CounterIncrementedV1) -> None:
    await asyncio.to_thread(Path(os.environ["SLOW_MARKER_FILE"]).write_text, str(event.id))
    await asyncio.sleep(SLOW_SECONDS)
    await session.execute(
        insert(effects).values(key=payload.key, seq=payload.seq, event_id=str(event.id))
    )


router = APIRouter()


@router.get("/slow")
async def slow() -> dict[str, str]:
    await asyncio.sleep(SLOW_SECONDS + 1)
    return {"status": "finished"}


def create_app() -> FastAPI:
    definition = ServiceDefinition(
        name="slow",
        metadata=metadata,
        tables=tables,
        migrations_dir=Path("/nonexistent"),
        consumers=[consumer],
    )
    return create_service_app(definition, SlowSettings(), [router])
