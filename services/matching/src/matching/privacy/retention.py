"""The organisation's retention rule, applied by a daily scheduled job (`RETENTION`, one per
organisation): a person whose every enrolment is over (withdrawn, or in a closed program) and
every match decided or ended is erased `retention_days` after the last of those ends, by the
same erasure as one an admin requests."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from kit.privacy import pseudonym_prefix
from kit.scheduler import Job, cancel, schedule
from matching.models import Match, Participant, Program
from matching.privacy import erasure
from matching.privacy.repository import PrivacyRepository

RETENTION = "privacy.retention"
SWEEP_EVERY = timedelta(days=1)
OPEN_MATCHES = frozenset({"proposed", "accepted", "active"})


async def rule_changed(session: AsyncSession, org_id: str, days: int | None, now: datetime) -> None:
    """Sweep now under a new rule; no rule, no sweeps."""
    if days is None:
        await cancel(session, RETENTION, org_id)
    else:
        await schedule(session, RETENTION, org_id, now, org_id=org_id)


def _ends(
    enrolments: Iterable[tuple[Participant, Program]], matches: Iterable[Match]
) -> dict[str, datetime | None]:
    """When each person's involvement ended; None while some of it goes on."""
    ended: dict[str, datetime | None] = {}
    over: dict[str, bool] = defaultdict(lambda: True)
    for participant, program in enrolments:
        user = participant.user_id
        if participant.status == "withdrawn":
            at = participant.updated_at or participant.created_at
        elif program.status == "closed":
            at = program.updated_at or program.created_at
        else:
            over[user] = False
            continue
        ended[user] = max(filter(None, (ended.get(user), at)))
    for match in matches:
        for user in (match.mentor_user_id, match.mentee_user_id):
            if match.status in OPEN_MATCHES:
                over[user] = False
            else:
                at = match.ended_at or match.updated_at or match.created_at
                ended[user] = max(filter(None, (ended.get(user), at)))
    return {user: at if over[user] else None for user, at in ended.items()}


async def apply(session: AsyncSession, job: Job) -> None:
    """Erase whoever's data is past the rule at the job's time, then come back when the next
    person will be (a later end expires later) or in a day."""
    repository = PrivacyRepository(session)
    settings = await repository.settings(job.org_id)
    if settings is None or settings.retention_days is None:
        return
    keep = timedelta(days=settings.retention_days)
    enrolments, matches = await repository.involvement(job.org_id)
    expiries = []
    for user, ended in _ends(enrolments, matches).items():
        if ended is None or user.startswith(pseudonym_prefix()):
            continue
        if ended + keep <= job.due_at:
            await erasure.start(session, job.org_id, user, "retention", "retention")
        else:
            expiries.append(ended + keep)
    next_sweep = min(expiries) if expiries else job.due_at + SWEEP_EVERY
    await schedule(session, RETENTION, job.org_id, next_sweep, org_id=job.org_id)
