"""The organisation's directory of people, as its identity provider keeps it over SCIM.

Matching owns it because it already owns who takes part: participants, their profiles, their
HR ids and managers. What a change means elsewhere follows from here, in the request's
transaction: a person deactivated or deleted leaves every open program through the ordinary
withdrawal (their matches end or are withdrawn, `participant.withdrawn` for each), and
`person.deactivated` tells notifications to stop writing to them; `person.activated` undoes it.
A new name or email reaches their participations (`participant.profile_updated`).
"""

from typing import Any
from uuid import UUID

from scim2_models import (
    MutabilityException,
    NotFoundException,
    PatchOp,
    UniquenessException,
    User,
)
from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.matching import PersonActivatedV1, PersonDeactivatedV1
from kit import audit
from kit.db import utcnow
from kit.events.outbox import emit
from matching import withdrawal
from matching.models import Person
from matching.participants import service as participant_service
from matching.participants.repository import ParticipantRepository
from matching.people import resources
from matching.people.repository import PersonRepository


async def get(session: AsyncSession, org_id: str, person_id: str, *, lock: bool = False) -> Person:
    """The org's person; another org's is missing, exactly like an id that does not exist."""
    try:
        wanted = UUID(person_id)
    except ValueError:
        wanted = None
    person = None
    if wanted is not None:
        person = await PersonRepository(session).get(org_id, wanted, for_update=lock)
    if person is None:
        raise NotFoundException(detail=f"User {person_id} does not exist.")
    return person


async def search(
    session: AsyncSession,
    org_id: str,
    condition: ColumnElement[bool] | None,
    start_index: int,
    count: int,
) -> tuple[int, list[Person]]:
    return await PersonRepository(session).search(org_id, condition, start_index - 1, count)


async def create(session: AsyncSession, org_id: str, user: User[Any]) -> Person:
    values = resources.held(user)
    await _require_unique(session, org_id, values, None)
    person = await PersonRepository(session).add(
        Person(org_id=org_id, user_id=values["user_name"], **values)
    )
    await _audit(session, "person.provisioned", person, after=_audit_view(person))
    await _announce_status(session, person, was_active=None)
    return person


async def replace(session: AsyncSession, org_id: str, person_id: str, user: User[Any]) -> Person:
    person = await get(session, org_id, person_id, lock=True)
    return await _apply(session, person, resources.held(user))


async def patch(
    session: AsyncSession,
    org_id: str,
    person_id: str,
    operations: PatchOp[User[Any]],
    base_url: str,
) -> Person:
    person = await get(session, org_id, person_id, lock=True)
    user = resources.to_user(person, base_url)
    user_id = user.id
    operations.patch(user)
    if user.id != user_id:
        raise MutabilityException(detail="The id of a User is read-only.")
    return await _apply(session, person, resources.held(user))


async def delete(session: AsyncSession, org_id: str, person_id: str) -> None:
    person = await get(session, org_id, person_id, lock=True)
    if person.is_active:
        await _withdraw_everywhere(session, person, deleted=True)
    else:
        await _announce_deactivation(session, person, deleted=True)
    await _audit(session, "person.deprovisioned", person, before=_audit_view(person))
    await PersonRepository(session).delete(person)


async def _apply(session: AsyncSession, person: Person, values: dict[str, Any]) -> Person:
    await _require_unique(session, person.org_id, values, person.id)
    before = _audit_view(person)
    was_active = person.is_active
    contact = (resources.contact_name(person), resources.contact_email(person))
    for name, value in values.items():
        setattr(person, name, value)
    person.version += 1
    person.updated_at = utcnow()
    person = await PersonRepository(session).save(person)
    old, new = audit.changes(before, _audit_view(person))
    if new:
        await _audit(session, "person.updated", person, before=old, after=new)
    if person.is_active and (resources.contact_name(person), resources.contact_email(person)) != (
        contact
    ):
        await _update_participations(session, person)
    await _announce_status(session, person, was_active=was_active)
    return person


def _audit_view(person: Person) -> dict[str, Any]:
    """What the identity provider sets on a person, as the audit log shows it."""
    return {
        "user_name": person.user_name,
        "external_id": person.external_id,
        "display_name": person.display_name,
        "name": person.name,
        "emails": person.emails,
        "active": person.active,
    }


async def _audit(
    session: AsyncSession,
    action: str,
    person: Person,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Changes by the organisation's identity provider, in the request's transaction."""
    actor = audit.Actor(person.org_id, "scim", "scim")
    await audit.record(session, actor, action, "person", person.id, before=before, after=after)


async def _require_unique(
    session: AsyncSession, org_id: str, values: dict[str, Any], own: UUID | None
) -> None:
    holders = await PersonRepository(session).holder(
        org_id, user_name=values["user_name"], external_id=values["external_id"]
    )
    for holder in holders:
        if holder.id == own:
            continue
        if holder.user_name.lower() == str(values["user_name"]).lower():
            raise UniquenessException(detail=f"userName {values['user_name']} is taken.")
        raise UniquenessException(detail=f"externalId {values['external_id']} is taken.")


async def _announce_status(
    session: AsyncSession, person: Person, *, was_active: bool | None
) -> None:
    """A change of `active` (or a new person) is what other services must learn."""
    if person.is_active and was_active is not True:
        await emit(
            session,
            PersonActivatedV1(user_id=person.user_id),
            subject=person.user_id,
            org_id=person.org_id,
        )
    elif not person.is_active and was_active is not False:
        # A person provisioned inactive may have signed in and enrolled before: withdrawn too.
        await _withdraw_everywhere(session, person, deleted=False)


async def _withdraw_everywhere(session: AsyncSession, person: Person, *, deleted: bool) -> None:
    participations = await ParticipantRepository(session).of_person(
        person.org_id, person.user_id, open_only=True
    )
    for participant in participations:
        await withdrawal.leave(session, participant)
    await _announce_deactivation(session, person, deleted=deleted)


async def _announce_deactivation(session: AsyncSession, person: Person, *, deleted: bool) -> None:
    await emit(
        session,
        PersonDeactivatedV1(user_id=person.user_id, deleted=deleted),
        subject=person.user_id,
        org_id=person.org_id,
    )


async def _update_participations(session: AsyncSession, person: Person) -> None:
    """The IdP's name and email are the person's: their participations show them."""
    name, email = resources.contact_name(person), resources.contact_email(person)
    for participant in await ParticipantRepository(session).of_person(
        person.org_id, person.user_id, open_only=False
    ):
        participant.display_name = name[:200]
        participant.email = email
        await participant_service.announce_profile(session, participant)
    await session.flush()
