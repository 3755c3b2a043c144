from fastapi import APIRouter

from kit.app import SessionDep
from kit.auth import CurrentUser
from notifications.deps import DepsDep
from notifications.preferences import service as preference_service
from notifications.preferences.schemas import Preferences, PreferencesUpdate

router = APIRouter(prefix="/v1/preferences", tags=["preferences"])


@router.get("", response_model=Preferences)
async def get_preferences(session: SessionDep, user: CurrentUser) -> Preferences:
    """The caller's notification preferences (defaults until they set some)."""
    return await preference_service.get_own(session, user)


@router.put("", response_model=Preferences)
async def replace_preferences(
    data: PreferencesUpdate, session: SessionDep, user: CurrentUser, deps: DepsDep
) -> Preferences:
    """Replace the caller's channels per category, quiet hours, timezone, locale and digest."""
    return await preference_service.replace_own(session, deps, user, data)
