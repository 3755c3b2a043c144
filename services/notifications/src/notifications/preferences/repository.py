from kit.repository import Repository
from notifications.models import Preference


class PreferenceRepository(Repository):
    async def get(self, org_id: str, user_id: str) -> Preference | None:
        return await self._session.get(Preference, (org_id, user_id))
