from uuid import UUID

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from matching.models import Person, ScimCredential


class PersonRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, org_id: str, person_id: UUID, *, for_update: bool = False) -> Person | None:
        query = select(Person).where(Person.org_id == org_id, Person.id == person_id)
        if for_update:
            query = query.with_for_update()
        return await self._session.scalar(query)

    async def of_user(self, org_id: str, user_id: str) -> Person | None:
        return await self._session.scalar(
            select(Person).where(Person.org_id == org_id, Person.user_id == user_id)
        )

    async def holder(self, org_id: str, *, user_name: str, external_id: str | None) -> list[Person]:
        """Who already holds the userName (compared case-insensitively, RFC 7643 §4.1) or the
        externalId."""
        taken = func.lower(Person.user_name) == user_name.lower()
        if external_id is not None:
            taken = taken | (Person.external_id == external_id)
        return list(
            await self._session.scalars(select(Person).where(Person.org_id == org_id, taken))
        )

    async def search(
        self, org_id: str, condition: ColumnElement[bool] | None, offset: int, limit: int
    ) -> tuple[int, list[Person]]:
        """The people matching `condition` (all when None), oldest first, and their count."""
        query = select(Person).where(Person.org_id == org_id)
        if condition is not None:
            query = query.where(condition)
        total = await self._session.scalar(select(func.count()).select_from(query.subquery()))
        rows = await self._session.scalars(
            query.order_by(Person.created_at, Person.id).offset(offset).limit(limit)
        )
        return int(total or 0), list(rows)

    async def add(self, person: Person) -> Person:
        self._session.add(person)
        await self._session.flush()
        await self._session.refresh(person)
        return person

    async def save(self, person: Person) -> Person:
        await self._session.flush()
        await self._session.refresh(person)
        return person

    async def delete(self, person: Person) -> None:
        await self._session.delete(person)
        await self._session.flush()


class CredentialRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def by_digest(self, secret_sha256: str) -> ScimCredential | None:
        return await self._session.scalar(
            select(ScimCredential).where(ScimCredential.secret_sha256 == secret_sha256)
        )

    async def get(self, org_id: str) -> ScimCredential | None:
        return await self._session.get(ScimCredential, org_id, with_for_update=True)

    async def add(self, credential: ScimCredential) -> ScimCredential:
        self._session.add(credential)
        await self._session.flush()
        return credential
