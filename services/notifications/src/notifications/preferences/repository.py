from sqlalchemy.ext.asyncio import AsyncSession

from notifications.models import Preference


class PreferenceRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, org_id: str, user_id: str) -> Preference | None:
        return await self._session.get(Preference, (org_id, user_id))

    async def add(self, preference: Preference) -> Preference:
        self._session.add(preference)
        await self._session.flush()
        return preference
