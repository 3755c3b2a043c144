"""Request dependencies of the goals service."""

from typing import Annotated

from fastapi import Depends, Request

from goals.settings import GoalsSettings


async def _settings(request: Request) -> GoalsSettings:
    settings = request.app.state.runtime.settings
    assert isinstance(settings, GoalsSettings)
    return settings


SettingsDep = Annotated[GoalsSettings, Depends(_settings)]
