from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.matching import GoalTemplate, ProgramCreatedV1, ProgramSnapshot, ProgramUpdatedV1
from kit import audit
from kit.auth import Principal
from kit.errors import ConflictError, ForbiddenError, NotFoundError, UnprocessableError
from kit.events.outbox import emit
from kit.pagination import PageParams
from matching.models import Program
from matching.programs.repository import ProgramRepository
from matching.programs.schemas import ProgramCreate, ProgramSettings, ProgramUpdate, StatusChange

STATUS_ORDER = ["draft", "enrolling", "matching", "active", "closed"]


def is_admin(user: Principal, program: Program) -> bool:
    """Org admins administer every program of their org; program admins their own."""
    return user.administers(program.admin_user_ids)


def require_admin(user: Principal, program: Program) -> None:
    if not is_admin(user, program):
        raise ForbiddenError("Only the program's admins (or org admins) may do this.")


def settings_of(program: Program) -> ProgramSettings:
    return ProgramSettings.model_validate(program.settings or {})


def snapshot(program: Program, event: type[ProgramSnapshot]) -> ProgramSnapshot:
    return event(
        program_id=program.id,
        name=program.name,
        format=program.format,
        status=program.status,
        admin_user_ids=list(program.admin_user_ids),
        checkin_cadence=program.checkin_cadence,
        goal_templates=[GoalTemplate.model_validate(t) for t in program.goal_templates],
        starts_on=program.starts_on,
        ends_on=program.ends_on,
    )


def audited(program: Program) -> dict[str, object]:
    """What an admin sets on a program, as the audit log shows it."""
    return {
        "name": program.name,
        "description": program.description,
        "format": program.format,
        "status": program.status,
        "admin_user_ids": list(program.admin_user_ids),
        "settings": dict(program.settings or {}),
        "checkin_cadence": program.checkin_cadence,
        "goal_templates": list(program.goal_templates),
        "starts_on": program.starts_on,
        "ends_on": program.ends_on,
    }


async def _announce(session: AsyncSession, program: Program, event: type[ProgramSnapshot]) -> None:
    await emit(session, snapshot(program, event), subject=str(program.id), org_id=program.org_id)


async def create(session: AsyncSession, user: Principal, data: ProgramCreate) -> Program:
    """The creating org admin is one of the program's admins (they run it unless they hand it
    on by changing `admin_user_ids`)."""
    user.require_org_admin()
    program = await ProgramRepository(session).add_and_load(
        Program(
            org_id=user.org_id,
            name=data.name,
            description=data.description,
            format=data.format,
            status=data.status,
            admin_user_ids=sorted({*data.admin_user_ids, user.user_id}),
            settings=data.settings.model_dump(mode="json"),
            checkin_cadence=data.checkin_cadence,
            goal_templates=[t.model_dump(mode="json") for t in data.goal_templates],
            starts_on=data.starts_on,
            ends_on=data.ends_on,
        )
    )
    await _announce(session, program, ProgramCreatedV1)
    await audit.record(
        session, user, "program.created", "program", program.id, after=audited(program)
    )
    return program


async def get(session: AsyncSession, user: Principal, program_id: UUID) -> Program:
    """Any member of the org sees its programs (they must, to enrol); others get 404."""
    program = await ProgramRepository(session).get(user.org_id, program_id)
    if program is None:
        raise NotFoundError(f"Program {program_id} does not exist.")
    return program


async def get_many(
    session: AsyncSession, user: Principal, program_ids: list[UUID]
) -> list[Program]:
    """The org's programs among `program_ids`, in that order; others are left out."""
    found = {p.id: p for p in await ProgramRepository(session).many(user.org_id, program_ids)}
    return [found[program_id] for program_id in program_ids if program_id in found]


async def list_programs(session: AsyncSession, user: Principal, page: PageParams) -> list[Program]:
    """Org admins list every program of the org; anyone else those open to them (enrolling),
    those they are in (in any role or status) and those they administer. A single read by id
    still answers any program of the org: an invitation link must work before one enrols."""
    visible_to = None if user.is_org_admin else user.user_id
    return await ProgramRepository(session).list(user.org_id, page, visible_to)


async def update(
    session: AsyncSession, user: Principal, program_id: UUID, data: ProgramUpdate
) -> Program:
    program = await get(session, user, program_id)
    require_admin(user, program)
    if program.status == "closed":
        raise ConflictError("A closed program cannot change.")
    before = audited(program)
    changes = data.model_dump(exclude_unset=True, mode="json")
    for field in ("name", "description", "format", "checkin_cadence"):
        if changes.get(field) is not None:
            setattr(program, field, changes[field])
    if data.admin_user_ids is not None:
        program.admin_user_ids = sorted(set(data.admin_user_ids))
    if data.settings is not None:
        program.settings = data.settings.model_dump(mode="json")
    if data.goal_templates is not None:
        program.goal_templates = [t.model_dump(mode="json") for t in data.goal_templates]
    if "starts_on" in changes:
        program.starts_on = data.starts_on
    if "ends_on" in changes:
        program.ends_on = data.ends_on
    if program.starts_on and program.ends_on and program.ends_on < program.starts_on:
        raise UnprocessableError("ends_on is before starts_on.", field="ends_on")
    program = await ProgramRepository(session).save(program)
    await _announce(session, program, ProgramUpdatedV1)
    old, new = audit.changes(before, audited(program))
    if new:
        await audit.record(
            session, user, "program.updated", "program", program.id, before=old, after=new
        )
    return program


async def change_status(
    session: AsyncSession, user: Principal, program_id: UUID, data: StatusChange
) -> Program:
    """Forward only: draft -> enrolling -> matching -> active -> closed (steps may be skipped)."""
    program = await get(session, user, program_id)
    require_admin(user, program)
    if STATUS_ORDER.index(data.status) <= STATUS_ORDER.index(program.status):
        raise ConflictError(f"A program cannot go from {program.status} to {data.status}.")
    before = {"status": program.status}
    program.status = data.status
    program = await ProgramRepository(session).save(program)
    await _announce(session, program, ProgramUpdatedV1)
    await audit.record(
        session,
        user,
        "program.status_changed",
        "program",
        program.id,
        before=before,
        after={"status": program.status},
    )
    return program
