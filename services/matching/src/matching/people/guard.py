"""What the directory of people decides for the rest of matching: who may take part."""

from sqlalchemy.ext.asyncio import AsyncSession

from kit.errors import ConflictError
from matching.people.repository import PersonRepository


class PersonDeactivatedError(ConflictError):
    code = "person-deactivated"
    title = "The person is deactivated"


async def require_active(session: AsyncSession, org_id: str, user_id: str) -> None:
    """Refuse a person the organisation's identity provider deactivated. People the directory
    does not know (organisations without SCIM, or not provisioned yet) may take part."""
    person = await PersonRepository(session).of_user(org_id, user_id)
    if person is not None and not person.is_active:
        raise PersonDeactivatedError(
            f"{user_id} is deactivated in the organisation's directory.", field="user_id"
        )
