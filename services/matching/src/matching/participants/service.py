from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.matching import (
    ParticipantEnrolledV1,
    ParticipantProfileUpdatedV1,
)
from kit import audit
from kit.auth import Principal
from kit.errors import ConflictError, ForbiddenError, NotFoundError, UnprocessableError
from kit.events.outbox import emit
from kit.pagination import PageParams
from matching.matches.repository import MatchRepository
from matching.models import Participant, Program
from matching.participants import importer
from matching.participants.access import get_visible
from matching.participants.repository import ParticipantRepository
from matching.participants.schemas import (
    ImportError_,
    ImportReport,
    ParticipantCreate,
    ParticipantUpdate,
)
from matching.participants.schemas import Participant as ParticipantRead
from matching.people import guard as people_guard
from matching.programs import service as program_service


class CsvUnreadableError(UnprocessableError):
    code = "csv-unreadable"
    title = "The CSV cannot be read"


class AlreadyEnrolledError(ConflictError):
    code = "already-enrolled"
    title = "Already enrolled"


PEER = "peer"
"""The format in which one person may enrol twice: as a mentor and as a mentee."""


class ExternalIdReservedError(ForbiddenError):
    code = "external-id-reserved"
    title = "The external id is set by admins"


def new_participant(program: Program, data: ParticipantCreate) -> Participant:
    default = program_service.settings_of(program).default_capacity
    return Participant(
        org_id=program.org_id,
        program_id=program.id,
        user_id=data.user_id,
        role=data.role,
        display_name=data.display_name,
        email=data.email,
        external_id=data.external_id,
        status="active",
        capacity=data.capacity if data.capacity is not None else default,
        profile=data.profile.model_dump(mode="json"),
    )


async def announce_enrolment(
    session: AsyncSession, program: Program, participant: Participant
) -> None:
    await emit(
        session,
        ParticipantEnrolledV1(
            program_id=program.id,
            program_name=program.name,
            participant_id=participant.id,
            user_id=participant.user_id,
            role=participant.role,
            display_name=participant.display_name,
            email=participant.email,
            timezone=participant.profile.get("timezone"),
            external_id=participant.external_id,
        ),
        subject=str(participant.id),
        org_id=program.org_id,
    )


async def announce_profile(session: AsyncSession, participant: Participant) -> None:
    await emit(
        session,
        ParticipantProfileUpdatedV1(
            program_id=participant.program_id,
            participant_id=participant.id,
            user_id=participant.user_id,
            role=participant.role,
            display_name=participant.display_name,
            email=participant.email,
            timezone=participant.profile.get("timezone"),
            external_id=participant.external_id,
        ),
        subject=str(participant.id),
        org_id=participant.org_id,
    )


def audited(participant: Participant) -> dict[str, object]:
    """What an admin may set on someone's participation, as the audit log shows it."""
    return {
        "user_id": participant.user_id,
        "role": participant.role,
        "display_name": participant.display_name,
        "email": participant.email,
        "external_id": participant.external_id,
        "status": participant.status,
        "capacity": participant.capacity,
        "profile": dict(participant.profile or {}),
    }


async def audit_for_another(
    session: AsyncSession,
    user: Principal,
    participant: Participant,
    action: str,
    before: dict[str, object] | None,
) -> None:
    """What an admin does to someone else's participation goes to the audit log; what people
    do to their own does not (it is not an admin action)."""
    if participant.user_id == user.user_id:
        return
    if before is None:
        await audit.record(
            session, user, action, "participant", participant.id, after=audited(participant)
        )
        return
    old, new = audit.changes(before, audited(participant))
    if new:
        await audit.record(
            session, user, action, "participant", participant.id, before=old, after=new
        )


async def enroll(
    session: AsyncSession, user: Principal, program_id: UUID, data: ParticipantCreate
) -> Participant:
    """Admins enrol anyone; everyone else may enrol only themselves."""
    program = await program_service.get(session, user, program_id)
    admin = program_service.is_admin(user, program)
    if data.user_id != user.user_id and not admin:
        raise ForbiddenError("Only admins enrol other people.")
    if data.external_id is not None and not admin:
        # The import matches HR rows on it: a self-chosen one would take over the HR record.
        raise ExternalIdReservedError(
            "The external_id links a participant to the HR record; only the program's admins "
            "and CSV imports set it.",
            field="external_id",
        )
    if program.status == "closed":
        raise ConflictError("The program is closed.")
    await people_guard.require_active(session, user.org_id, data.user_id)
    participants = ParticipantRepository(session)
    rows = await participants.of_user(user.org_id, program.id, data.user_id)
    enrolled = [row for row in rows if row.status == "active"]
    if any(p.role == data.role for p in enrolled) or (enrolled and program.format != PEER):
        # Peer programs let one person be a mentor and a mentee (one participation each).
        raise AlreadyEnrolledError(
            f"{data.user_id} is already enrolled in this program as "
            f"{' and '.join(sorted(p.role for p in enrolled))}.",
            field="user_id",
        )
    left = _same_role(rows, data.role)
    if left is not None:
        # One participation per role and program: who left (or was withdrawn when their
        # account was deactivated) comes back on the same row, with the profile given now.
        fresh = new_participant(program, data)
        left.status = "active"
        left.display_name, left.email = fresh.display_name, fresh.email
        left.external_id = fresh.external_id or left.external_id
        left.capacity, left.profile = fresh.capacity, fresh.profile
        participant = await participants.save(left)
    else:
        participant = await participants.add_and_load(new_participant(program, data))
    await announce_enrolment(session, program, participant)
    await audit_for_another(session, user, participant, "participant.enrolled_by_admin", None)
    return participant


async def read_many(
    session: AsyncSession, user: Principal, participant_ids: list[UUID]
) -> list[ParticipantRead]:
    """Participants as the caller may read them, in the order asked; the others are left out.

    The person themselves and the program's admins read everything; a match partner (a match
    not declined) reads the profile without what is nobody else's business: exclusions, the
    manager, HR attributes and the external id.
    """
    rows = await ParticipantRepository(session).many(user.org_id, participant_ids)
    programs = {
        program.id: program
        for program in await program_service.get_many(
            session, user, list({row.program_id for row in rows})
        )
    }
    rows = [row for row in rows if row.program_id in programs]
    full = {
        row.id
        for row in rows
        if row.user_id == user.user_id or program_service.is_admin(user, programs[row.program_id])
    }
    partners = await MatchRepository(session).partners_among(
        user.org_id, user.user_id, [row.id for row in rows if row.id not in full]
    )
    readable = {
        row.id: ParticipantRead.model_validate(row) if row.id in full else _partner_view(row)
        for row in rows
        if row.id in full or row.id in partners
    }
    return [readable[pid] for pid in participant_ids if pid in readable]


async def read(session: AsyncSession, user: Principal, participant_id: UUID) -> ParticipantRead:
    found = await read_many(session, user, [participant_id])
    if not found:
        raise NotFoundError(f"Participant {participant_id} does not exist.")
    return found[0]


def _partner_view(row: Participant) -> ParticipantRead:
    seen = ParticipantRead.model_validate(row)
    private: dict[str, object] = {"exclusions": [], "manager_user_id": None, "attributes": {}}
    return seen.model_copy(
        update={"external_id": None, "profile": seen.profile.model_copy(update=private)}
    )


async def list_participants(
    session: AsyncSession, user: Principal, program_id: UUID, page: PageParams
) -> list[Participant]:
    """Admins see everyone; a participant sees only themselves."""
    program = await program_service.get(session, user, program_id)
    only = None if program_service.is_admin(user, program) else user.user_id
    return await ParticipantRepository(session).list(user.org_id, program.id, page, only)


async def update(
    session: AsyncSession, user: Principal, participant_id: UUID, data: ParticipantUpdate
) -> Participant:
    _, participant = await get_visible(session, user, participant_id)
    if participant.status != "active":
        raise ConflictError("A withdrawn participant's profile no longer changes.")
    before = audited(participant)
    changes = data.model_dump(exclude_unset=True)
    if data.display_name is not None:
        participant.display_name = data.display_name
    if "email" in changes:
        participant.email = data.email
    if data.capacity is not None:
        participant.capacity = data.capacity
    if data.profile is not None:
        participant.profile = data.profile.model_dump(mode="json")
    participant = await ParticipantRepository(session).save(participant)
    await announce_profile(session, participant)
    await audit_for_another(session, user, participant, "participant.updated_by_admin", before)
    return participant


async def import_csv(
    session: AsyncSession, user: Principal, program_id: UUID, text: str, skip_invalid: bool
) -> ImportReport:
    """Validate every row, then write all (or, if asked, all the valid ones) in one go."""
    program = await program_service.get(session, user, program_id)
    program_service.require_admin(user, program)
    if program.status == "closed":
        raise ConflictError("The program is closed.")
    parsed = importer.parse(text)
    if parsed.unreadable:
        raise CsvUnreadableError(
            f"The CSV cannot be read past row {parsed.errors[-1].row}; nothing was imported.",
            errors=[error.model_dump() for error in parsed.errors],
        )
    if parsed.header_invalid:
        raise UnprocessableError(
            "The CSV's header is invalid; nothing was imported.",
            errors=[error.model_dump() for error in parsed.errors],
        )
    repository = ParticipantRepository(session)
    wanted = [data for _, data in parsed.rows]
    by_external = await repository.by_external_ids(
        user.org_id, program.id, [d.external_id or "" for d in wanted]
    )
    by_user = await repository.by_user_ids(user.org_id, program.id, [d.user_id for d in wanted])
    targets: dict[int, Participant | None] = {}
    peer = program.format == PEER
    for number, data in parsed.rows:
        problem = _import_conflict(data, by_external, by_user, peer)
        if problem is not None:
            column, message = problem
            parsed.errors.append(ImportError_(row=number, column=column, message=message))
        targets[number] = _same_role(by_user.get(data.user_id, []), data.role)
    if parsed.errors and not skip_invalid:
        raise UnprocessableError(
            f"{len(parsed.bad_rows)} row(s) are invalid; nothing was imported.",
            errors=[error.model_dump() for error in parsed.errors],
        )
    bad = parsed.bad_rows
    created: list[Participant] = []
    updated = 0
    for number, data in parsed.rows:
        if number in bad:
            continue
        current = targets[number]
        if current is None:
            created.append(new_participant(program, data))
            continue
        profile = data.profile.model_dump(mode="json")
        capacity = current.capacity if data.capacity is None else data.capacity
        if (
            current.external_id,
            current.display_name,
            current.email,
            current.capacity,
            current.profile,
        ) != (data.external_id, data.display_name, data.email, capacity, profile):
            current.external_id = data.external_id
            current.display_name, current.email = data.display_name, data.email
            current.capacity, current.profile = capacity, profile
            await announce_profile(session, current)
            updated += 1
    await repository.add(*created)
    for participant in created:
        await announce_enrolment(session, program, participant)
    report = ImportReport(
        rows=parsed.total,
        created=len(created),
        updated=updated,
        skipped=len(bad),
        errors=parsed.errors,
    )
    # One entry per import (the rows themselves are in the participants' events): its counts
    # and the participants it created.
    await audit.record(
        session,
        user,
        "participants.imported",
        "program",
        program.id,
        after={
            **report.model_dump(mode="json", exclude={"errors"}),
            "created_participant_ids": [p.id for p in created],
        },
    )
    return report


def _same_role(participations: list[Participant], role: str) -> Participant | None:
    return next((p for p in participations if p.role == role), None)


def _import_conflict(
    data: ParticipantCreate,
    by_external: dict[str, Participant],
    by_user: dict[str, list[Participant]],
    peer: bool,
) -> tuple[str, str] | None:
    """Why a row may not be written, as (column, message); None when it may.

    A row lands on the participant of its `user_id` (the person's identity), never on whoever
    holds its `external_id`: an external id on another person's participant is an error, not a
    match. A person who enrolled themselves (no external id yet) is linked to their HR row. In
    a peer program a row of the person's other role is a second participation.
    """
    holder = by_external.get(data.external_id or "")
    participations = by_user.get(data.user_id, [])
    owner = _same_role(participations, data.role)
    if holder is not None and holder.user_id != data.user_id:
        return "external_id", f"{data.external_id} belongs to another person's participant"
    if owner is None and participations and not peer:
        return "role", "the role cannot change"
    if holder is not None and holder is not owner:
        return "external_id", f"{data.external_id} belongs to {data.user_id} as {holder.role}"
    if owner is None:
        return None
    if owner.external_id is not None and owner.external_id != data.external_id:
        return "user_id", f"{data.user_id} is enrolled under another external_id"
    return None
