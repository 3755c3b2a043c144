"""A program's Slack channel: where program-wide messages go for people without their own.

Programs are known here from matching's program events (their admins included). Org admins
and the program's admins may read and set the channel; anyone else, and any program this
service has not heard of in the caller's tenant, gets 404.
"""

from uuid import UUID

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from kit import audit
from kit.auth import Principal
from kit.errors import NotFoundError, UnprocessableError
from notifications.deps import Deps
from notifications.directory.repository import DirectoryRepository
from notifications.models import Program
from notifications.programs.schemas import ProgramSlack, ProgramSlackUpdate
from notifications.webhooks.targets import TargetRefusedError, check_target


async def _administered(session: AsyncSession, user: Principal, program_id: UUID) -> Program:
    program = await DirectoryRepository(session).program(user.org_id, program_id)
    if program is None or not user.administers(program.admin_user_ids):
        raise NotFoundError(f"Program {program_id} does not exist.")
    return program


def _view(program: Program) -> ProgramSlack:
    url = program.slack_webhook_url
    return ProgramSlack(
        program_id=program.program_id,
        configured=url is not None,
        host=httpx.URL(url).host if url else None,
    )


async def get_slack(session: AsyncSession, user: Principal, program_id: UUID) -> ProgramSlack:
    return _view(await _administered(session, user, program_id))


async def set_slack(
    session: AsyncSession, deps: Deps, user: Principal, program_id: UUID, data: ProgramSlackUpdate
) -> ProgramSlack:
    program = await _administered(session, user, program_id)
    before = _view(program)
    if data.slack_webhook_url is not None:
        try:
            await check_target(data.slack_webhook_url, deps.settings, deps.resolve)
        except TargetRefusedError as exc:
            raise UnprocessableError(str(exc), field="slack_webhook_url") from exc
    changed = program.slack_webhook_url != data.slack_webhook_url
    program.slack_webhook_url = data.slack_webhook_url
    await session.flush()
    after = _view(program)
    if changed:
        # Only the host: a Slack incoming-webhook URL is itself the credential.
        await audit.record(
            session,
            user,
            "program.slack_channel_set",
            "program",
            program.program_id,
            before=before.model_dump(include={"configured", "host"}),
            after=after.model_dump(include={"configured", "host"}),
        )
    return after
