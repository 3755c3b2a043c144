from collections.abc import Sequence
from uuid import UUID

from sqlalchemy import or_, select

from goals.models import Resource, ResourceAttachment, SharedResource, TrainingCompletion
from kit.repository import Repository


class ResourceRepository(Repository):
    async def get(self, org_id: str, resource_id: UUID) -> Resource | None:
        return await self._of_tenant(Resource, org_id, resource_id)

    async def of_program(
        self, org_id: str, program_id: UUID, audiences: Sequence[str] | None = None
    ) -> Sequence[Resource]:
        query = select(Resource).where(Resource.org_id == org_id, Resource.program_id == program_id)
        if audiences is not None:
            query = query.where(Resource.audience.in_(audiences))
        return (await self._session.scalars(query.order_by(Resource.created_at, Resource.id))).all()

    async def template_titles(self, resource_ids: Sequence[UUID]) -> dict[UUID, list[str]]:
        found: dict[UUID, list[str]] = {resource_id: [] for resource_id in resource_ids}
        if resource_ids:
            rows = await self._session.execute(
                select(ResourceAttachment.resource_id, ResourceAttachment.template_title).where(
                    ResourceAttachment.resource_id.in_(resource_ids),
                    ResourceAttachment.template_title.is_not(None),
                )
            )
            for resource_id, title in rows:
                if title is not None:
                    found[resource_id].append(title)
        return found

    async def attached_to(
        self,
        org_id: str,
        program_id: UUID,
        template_title: str | None,
        milestone_ids: Sequence[UUID],
    ) -> Sequence[Resource]:
        conditions = []
        if template_title is not None:
            conditions.append(ResourceAttachment.template_title == template_title)
        if milestone_ids:
            conditions.append(ResourceAttachment.milestone_id.in_(milestone_ids))
        if not conditions:
            return []
        return (
            await self._session.scalars(
                select(Resource)
                .join(ResourceAttachment, ResourceAttachment.resource_id == Resource.id)
                .where(
                    Resource.org_id == org_id,
                    Resource.program_id == program_id,
                    or_(*conditions),
                )
                .distinct()
            )
        ).all()

    async def shared(
        self, org_id: str, match_id: UUID
    ) -> Sequence[tuple[SharedResource, Resource]]:
        rows = await self._session.execute(
            select(SharedResource, Resource)
            .join(Resource, Resource.id == SharedResource.resource_id)
            .where(SharedResource.org_id == org_id, SharedResource.match_id == match_id)
            .order_by(SharedResource.created_at, SharedResource.id)
        )
        return [(share, resource) for share, resource in rows]

    async def completions(
        self, user_id: str, resource_ids: Sequence[UUID]
    ) -> dict[UUID, TrainingCompletion]:
        if not resource_ids:
            return {}
        rows = await self._session.scalars(
            select(TrainingCompletion).where(
                TrainingCompletion.user_id == user_id,
                TrainingCompletion.resource_id.in_(resource_ids),
            )
        )
        return {row.resource_id: row for row in rows}
