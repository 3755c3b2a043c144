"""The mentor directory: every mentor a mentee may ask in a program, scored and explained by the
same engine as runs and recommendations, searchable, and paged best first.

Feasible means what a run would accept: the program's hard constraints (not herself, no
reporting line if forbidden, no exclusion, a shared language if required, the minimum score).
Unlike recommendations, mentors without a free place stay listed, marked `at_capacity`: a
late joiner must see who is in the program even after a run has filled the places.
"""

import base64
import bisect
import json
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from kit.auth import Principal
from kit.errors import ConflictError, ForbiddenError, NotFoundError, UnprocessableError
from matching.directory.schemas import (
    Directory,
    DirectoryEntry,
    DirectoryFilters,
    DirectoryPage,
    DirectoryProfile,
)
from matching.engine.scoring import Cohort
from matching.models import Participant, Program
from matching.participants.access import get_visible
from matching.participants.repository import ParticipantRepository
from matching.programs import service as program_service
from matching.scoring import service as scoring_service
from matching.scoring.repository import ScoringRepository


class NotAMenteeError(ForbiddenError):
    code = "directory-for-mentees"
    title = "The directory is for mentees"


async def directory(
    session: AsyncSession,
    user: Principal,
    program_id: UUID,
    filters: DirectoryFilters,
    page: DirectoryPage,
) -> Directory:
    program = await program_service.get(session, user, program_id)
    mentee = await _mentee(session, user, program, filters.participant_id)
    participants = ParticipantRepository(session)
    people = await participants.active(program.org_id, program.id)
    loads = await participants.open_loads(program.org_id, program.id)
    asked = {
        mentor_id
        for _, mentor_id in await ScoringRepository(session).open_pairs(program.org_id, [mentee.id])
    }
    mentors = [
        person
        for person in people
        if person.role == "mentor"
        and person.id not in asked
        and _wanted(person, filters, person.capacity - loads.get(person.id, 0))
    ]
    if not mentors:
        return Directory(mentee_participant_id=mentee.id, total=0, items=[])
    settings = program_service.settings_of(program)
    cohort = await scoring_service.encode(program, settings, [mentee], mentors, loads, people)
    scores = cohort.block(0, 1, ["weights"])["weights"][0]
    # Best first; ties by participant id, so that pages follow one stable order. A key is
    # (-score in hundredths of a point, mentor id); a cursor is the last key shown.
    ranked = sorted(
        ((-int(units), str(mentors[j].id)), j) for j, units in enumerate(scores) if units >= 0
    )
    start = 0
    if page.after is not None:
        units, mentor_id = page.after
        start = bisect.bisect_right(ranked, (-units, mentor_id), key=lambda entry: entry[0])
    shown = ranked[start : start + page.limit]
    items = [_entry(cohort, mentee, mentors[j], j) for _, j in shown]
    last = shown[-1][0] if shown and start + page.limit < len(ranked) else None
    return Directory(
        mentee_participant_id=mentee.id,
        total=len(ranked),
        items=items,
        next_cursor=encode_cursor(-last[0], last[1]) if last else None,
    )


def _entry(cohort: Cohort, mentee: Participant, mentor: Participant, j: int) -> DirectoryEntry:
    free = max(0, int(cohort.capacity[j]))
    return DirectoryEntry(
        mentor_participant_id=mentor.id,
        mentor_user_id=mentor.user_id,
        display_name=mentor.display_name,
        capacity=mentor.capacity,
        free_places=free,
        at_capacity=free == 0,
        profile=DirectoryProfile.model_validate(mentor.profile or {}),
        explanation=scoring_service.explanation(cohort, mentee, mentor, 0, j),
    )


async def _mentee(
    session: AsyncSession, user: Principal, program: Program, participant_id: UUID | None
) -> Participant:
    """Whose directory: the named mentee (herself, or any for the program's admins: anyone
    else gets the 404 of a missing participant), or else the caller's own mentee row."""
    if participant_id is not None:
        owner, mentee = await get_visible(session, user, participant_id)
        if owner.id != program.id:
            raise NotFoundError(f"Participant {participant_id} does not exist.")
    else:
        rows = await ParticipantRepository(session).of_user(
            program.org_id, program.id, user.user_id
        )
        own = [row for row in rows if row.role == "mentee"]
        if own:
            mentee = own[0]
        elif rows:
            raise NotAMenteeError(
                "The mentor directory is for mentees; you are a mentor of this program.",
                field="participant_id",
            )
        elif program_service.is_admin(user, program):
            raise UnprocessableError(
                "Name the mentee whose directory to show (participant_id).",
                field="participant_id",
            )
        else:
            raise NotAMenteeError(
                "The mentor directory is for the program's mentees; enrol as a mentee first.",
                field="participant_id",
            )
    if mentee.role != "mentee":
        raise NotAMenteeError(
            "The mentor directory is for mentees; this participant is a mentor.",
            field="participant_id",
        )
    if mentee.status != "active":
        raise ConflictError("A withdrawn mentee has no directory.", field="participant_id")
    return mentee


def _wanted(mentor: Participant, filters: DirectoryFilters, free: int) -> bool:
    profile = mentor.profile or {}
    offered = profile.get("skills_offered") or {}
    spoken = set(profile.get("languages") or ())
    hours = profile.get("availability") or {}
    return (
        all(skill in offered for skill in filters.skills)
        and (not filters.languages or bool(spoken & set(filters.languages)))
        and all(hours.get(month, 0) > 0 for month in filters.available_in)
        and (not filters.free_only or free > 0)
    )


def encode_cursor(units: int, mentor_id: str) -> str:
    raw = json.dumps([units, mentor_id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[int, str]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        units, mentor_id = json.loads(base64.urlsafe_b64decode(padded))
        if not isinstance(units, int) or isinstance(units, bool):
            raise TypeError(units)
        return units, str(UUID(mentor_id))
    except (ValueError, TypeError, AttributeError) as exc:
        raise UnprocessableError("The cursor is not one this API issued.", field="cursor") from exc
