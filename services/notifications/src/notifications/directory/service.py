"""Keeping the read models: upserts, so that events arriving in any order converge."""

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from kit.auth import Principal
from kit.db import utcnow
from notifications.directory.repository import DirectoryRepository
from notifications.models import Contact, OrgAdmin, Program
from notifications.templating import one_line


async def remember_contact(
    session: AsyncSession,
    org_id: str,
    user_id: str,
    *,
    display_name: str,
    email: str | None,
    timezone: str | None,
    locale: str | None,
) -> Contact:
    """Upsert a person's contact data; a field an event leaves out keeps what was known.

    Names reach here in events, which cannot be refused: one with control characters (from a
    producer that let them in) is kept on one line, so that it never breaks a header or a line.
    """
    display_name = one_line(display_name) or user_id
    directory = DirectoryRepository(session)
    contact = await directory.contact(org_id, user_id)
    if contact is None:
        contact = Contact(org_id=org_id, user_id=user_id, display_name=display_name)
        await directory.add(contact)
    contact.display_name = display_name
    contact.email = email or contact.email
    contact.timezone = timezone or contact.timezone
    contact.locale = locale or contact.locale
    contact.updated_at = utcnow()
    await session.flush()
    return contact


async def set_deactivated(
    session: AsyncSession, org_id: str, user_id: str, deactivated: bool
) -> None:
    """Note that the person was deactivated (or activated again) in the org's directory; a
    person not known yet is remembered by id, so that what arrives later finds the flag."""
    directory = DirectoryRepository(session)
    contact = await directory.contact(org_id, user_id)
    if contact is None:
        contact = Contact(org_id=org_id, user_id=user_id, display_name=user_id)
        await directory.add(contact)
    contact.deactivated = deactivated
    contact.updated_at = utcnow()
    await session.flush()


async def remember_program(
    session: AsyncSession, org_id: str, program_id: UUID, name: str, admin_user_ids: list[str]
) -> None:
    name = one_line(name)
    directory = DirectoryRepository(session)
    program = await directory.program(org_id, program_id)
    if program is None:
        await directory.add(
            Program(org_id=org_id, program_id=program_id, name=name, admin_user_ids=admin_user_ids)
        )
        return
    program.name = name
    program.admin_user_ids = list(admin_user_ids)
    await session.flush()


async def remember_org_admin(session: AsyncSession, user: Principal) -> None:
    """Note a tenant admin who used the admin API, to tell them about their webhooks later."""
    directory = DirectoryRepository(session)
    if user.is_org_admin and not await directory.is_known_org_admin(user.org_id, user.user_id):
        await directory.add(OrgAdmin(org_id=user.org_id, user_id=user.user_id))


async def tenant_admins(session: AsyncSession, org_id: str) -> list[str]:
    """The org admins seen on the API and every program admin of the tenant."""
    directory = DirectoryRepository(session)
    admins = set(await directory.org_admins(org_id))
    for program in await directory.programs(org_id):
        admins.update(program.admin_user_ids)
    return sorted(admins)


async def program_admins(session: AsyncSession, org_id: str, program_id: UUID) -> list[str]:
    """Who hears about a program's relationships: its admins, or, for a program without any
    (or not known yet), the tenant's admins seen on the API, so that nobody's news is lost."""
    directory = DirectoryRepository(session)
    program = await directory.program(org_id, program_id)
    if program is not None and program.admin_user_ids:
        return sorted(program.admin_user_ids)
    return sorted(await directory.org_admins(org_id))


async def program_name(session: AsyncSession, org_id: str, program_id: UUID) -> str:
    program = await DirectoryRepository(session).program(org_id, program_id)
    return program.name if program else "your program"
