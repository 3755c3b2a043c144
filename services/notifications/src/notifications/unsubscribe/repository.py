from sqlalchemy import select

from kit.repository import Repository
from notifications.models import UnsubscribeToken


class UnsubscribeRepository(Repository):
    async def get(self, token: str) -> UnsubscribeToken | None:
        return await self._session.get(UnsubscribeToken, token)

    async def of(self, org_id: str, user_id: str, category: str) -> UnsubscribeToken | None:
        found = await self._session.scalars(
            select(UnsubscribeToken).where(
                UnsubscribeToken.org_id == org_id,
                UnsubscribeToken.user_id == user_id,
                UnsubscribeToken.category == category,
            )
        )
        return found.first()
