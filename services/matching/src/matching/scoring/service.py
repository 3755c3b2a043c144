"""Explanations for any pair and recommendations for a mentee, from the same engine as runs."""

import asyncio
from dataclasses import dataclass
from uuid import UUID

import numpy as np
from sqlalchemy.ext.asyncio import AsyncSession

from kit.auth import Principal
from kit.errors import NotFoundError, UnprocessableError
from matching.engine.scoring import INFEASIBLE, Cohort, PairScore
from matching.engine.words import GoalVocabulary
from matching.models import Participant, Program
from matching.participants.access import get_visible
from matching.participants.repository import ParticipantRepository
from matching.programs import service as program_service
from matching.programs.schemas import ProgramSettings
from matching.scoring.convert import engine_profile, engine_settings, reference_day
from matching.scoring.repository import ScoringRepository
from matching.scoring.schemas import (
    FactorContribution,
    MenteeRecommendations,
    PairExplanation,
    Recommendation,
    Rejection,
)


@dataclass
class LoadedCohort:
    mentees: list[Participant]
    mentors: list[Participant]
    cohort: Cohort


async def load_cohort(
    session: AsyncSession,
    program: Program,
    settings: ProgramSettings,
    *,
    only_unmatched: bool = True,
    mentee_ids: set[UUID] | None = None,
    exclude_mentor: UUID | None = None,
) -> LoadedCohort:
    """Active mentees (without an open match) x active mentors with free places."""
    repository = ParticipantRepository(session)
    people = await repository.active(program.org_id, program.id)
    loads = await repository.open_loads(program.org_id, program.id)
    mentees = [
        p
        for p in people
        if p.role == "mentee"
        and (mentee_ids is None or p.id in mentee_ids)
        and not (only_unmatched and loads.get(p.id, 0))
    ]
    mentors = [
        p
        for p in people
        if p.role == "mentor" and p.capacity - loads.get(p.id, 0) > 0 and p.id != exclude_mentor
    ]
    cohort = await encode(program, settings, mentees, mentors, loads, people)
    return LoadedCohort(mentees, mentors, cohort)


async def encode(
    program: Program,
    settings: ProgramSettings,
    mentees: list[Participant],
    mentors: list[Participant],
    loads: dict[UUID, int],
    people: list[Participant],
) -> Cohort:
    """The engine's cohort of these mentees and mentors, with the program's reporting lines and
    goal words (from all its active `people`) and each mentor's free places (`loads`)."""
    day = reference_day(program)
    # Encoding a large cohort is CPU work: keep it off the event loop.
    return await asyncio.to_thread(
        Cohort,
        [engine_profile(p, 0, day) for p in mentees],
        [engine_profile(p, p.capacity - loads.get(p.id, 0), day) for p in mentors],
        engine_settings(program, settings),
        managers_of(people),
        vocabulary_of(people),
    )


def vocabulary_of(people: list[Participant]) -> GoalVocabulary:
    """The program's goal words (from every active participant), whoever is being scored."""
    return GoalVocabulary.of(
        (str(p.profile.get("goals_text") or "") for p in people if p.role == "mentee"),
        (str(p.profile.get("goals_text") or "") for p in people if p.role == "mentor"),
    )


def managers_of(people: list[Participant]) -> dict[str, str]:
    """Everyone's manager, so reporting lines are followed through people of any role."""
    return {
        p.user_id: str(p.profile["manager_user_id"])
        for p in people
        if p.profile.get("manager_user_id")
    }


def explanation(
    cohort: Cohort, mentee: Participant, mentor: Participant, i: int, j: int
) -> PairExplanation:
    scored: PairScore = cohort.explain(i, j)
    return PairExplanation(
        mentee_participant_id=mentee.id,
        mentor_participant_id=mentor.id,
        score=scored.score,
        contributions=[FactorContribution(**c.__dict__) for c in scored.contributions],
        mentee_view=scored.mentee_view,
        mentor_view=scored.mentor_view,
        feasible=scored.feasible,
        rejected_by=[Rejection(**r.__dict__) for r in scored.rejected_by],
    )


async def explain_pair(
    session: AsyncSession, user: Principal, program_id: UUID, mentee_id: UUID, mentor_id: UUID
) -> PairExplanation:
    """Visible to the program's admins and to either of the two people."""
    program = await program_service.get(session, user, program_id)
    repository = ParticipantRepository(session)
    mentee = await repository.get(user.org_id, mentee_id)
    mentor = await repository.get(user.org_id, mentor_id)
    admin = program_service.is_admin(user, program)
    for person, label in ((mentee, "mentee"), (mentor, "mentor")):
        if person is None or person.program_id != program.id:
            raise NotFoundError(f"The {label} is not a participant of this program.")
    assert mentee is not None
    assert mentor is not None
    if not admin and user.user_id not in (mentee.user_id, mentor.user_id):
        raise NotFoundError("The pair is not visible to you.")
    return (await explain_pairs(session, program, [(mentee, mentor)]))[0]


async def explain_pairs(
    session: AsyncSession, program: Program, pairs: list[tuple[Participant, Participant]]
) -> list[PairExplanation]:
    """(mentee, mentor) pairs of one program, scored as a run of the program would score them
    (its loads, reporting lines and goal words read once), all in one encoded cohort."""
    repository = ParticipantRepository(session)
    loads = await repository.open_loads(program.org_id, program.id)
    people = await repository.active(program.org_id, program.id)
    mentees = list({mentee.id: mentee for mentee, _ in pairs}.values())
    mentors = list({mentor.id: mentor for _, mentor in pairs}.values())
    settings = program_service.settings_of(program)
    cohort = await encode(program, settings, mentees, mentors, loads, people)
    free = {mentor.id: mentor.capacity - loads.get(mentor.id, 0) for mentor in mentors}
    row = {mentee.id: i for i, mentee in enumerate(mentees)}
    column = {mentor.id: j for j, mentor in enumerate(mentors)}
    found = []
    for mentee, mentor in pairs:
        result = explanation(cohort, mentee, mentor, row[mentee.id], column[mentor.id])
        extra = extra_rejections(mentee, mentor, free[mentor.id])
        if extra:
            result.rejected_by += extra
            result.feasible = False
        found.append(result)
    return found


def extra_rejections(mentee: Participant, mentor: Participant, free: int) -> list[Rejection]:
    """Constraints about the people's state rather than their profiles."""
    found: list[Rejection] = []
    if mentee.role != "mentee" or mentor.role != "mentor":
        found.append(Rejection(constraint="wrong_role", detail="Pair a mentee with a mentor."))
    for person in (mentee, mentor):
        if person.status != "active":
            found.append(
                Rejection(constraint="not_active", detail=f"{person.user_id} has withdrawn.")
            )
    if free <= 0:
        found.append(Rejection(constraint="no_capacity", detail="The mentor has no free place."))
    return found


async def recommendations(
    session: AsyncSession,
    user: Principal,
    mentee_id: UUID,
    limit: int,
    exclude_mentor: UUID | None = None,
) -> list[Recommendation]:
    """The mentee's top mentors among those with free places, each with its explanation;
    mentors she has an open match with (asked, or with) are not suggested."""
    program, mentee = await get_visible(session, user, mentee_id)
    if mentee.role != "mentee" or mentee.status != "active":
        raise UnprocessableError("Recommendations are for active mentees.", field="participant")
    found = await _recommend(session, program, [mentee], limit, exclude_mentor)
    return found[mentee.id]


async def recommendations_many(
    session: AsyncSession, user: Principal, mentee_ids: list[UUID], limit: int
) -> list[MenteeRecommendations]:
    """`recommendations` for many mentees (one cohort per program), in the order asked; those
    the caller may not see, and those that are not active mentees, are left out."""
    rows = await ParticipantRepository(session).many(user.org_id, mentee_ids)
    programs = {
        program.id: program
        for program in await program_service.get_many(
            session, user, list({row.program_id for row in rows})
        )
    }
    visible = [
        row
        for row in rows
        if row.program_id in programs
        and row.role == "mentee"
        and row.status == "active"
        and (
            row.user_id == user.user_id or program_service.is_admin(user, programs[row.program_id])
        )
    ]
    found: dict[UUID, list[Recommendation]] = {}
    for program_id in dict.fromkeys(row.program_id for row in visible):
        mentees = [row for row in visible if row.program_id == program_id]
        found.update(await _recommend(session, programs[program_id], mentees, limit))
    return [
        MenteeRecommendations(participant_id=mentee_id, recommendations=found[mentee_id])
        for mentee_id in mentee_ids
        if mentee_id in found
    ]


async def _recommend(
    session: AsyncSession,
    program: Program,
    mentees: list[Participant],
    limit: int,
    exclude_mentor: UUID | None = None,
) -> dict[UUID, list[Recommendation]]:
    loaded = await load_cohort(
        session,
        program,
        program_service.settings_of(program),
        only_unmatched=False,
        mentee_ids={mentee.id for mentee in mentees},
        exclude_mentor=exclude_mentor,
    )
    cohort = loaded.cohort
    found: dict[UUID, list[Recommendation]] = {mentee.id: [] for mentee in mentees}
    if not loaded.mentors or not loaded.mentees:
        return found
    scores = cohort.block(0, len(loaded.mentees), ["weights"])["weights"]
    row_of = {mentee.id: row for row, mentee in enumerate(loaded.mentees)}
    column = {mentor.id: j for j, mentor in enumerate(loaded.mentors)}
    for mentee_id, mentor_id in await ScoringRepository(session).open_pairs(
        program.org_id, list(row_of)
    ):
        if mentor_id in column:
            scores[row_of[mentee_id], column[mentor_id]] = INFEASIBLE
    for row, mentee in enumerate(loaded.mentees):
        # Best first; ties by mentor order, so the list is stable between calls.
        order = np.lexsort((np.arange(scores.shape[1]), -scores[row].astype(np.int64)))
        chosen = [int(j) for j in order if scores[row, j] >= 0][:limit]
        found[mentee.id] = [
            Recommendation(
                mentor_participant_id=loaded.mentors[j].id,
                mentor_user_id=loaded.mentors[j].user_id,
                display_name=loaded.mentors[j].display_name,
                free_places=int(cohort.capacity[j]),
                explanation=explanation(cohort, mentee, loaded.mentors[j], row, j),
            )
            for j in chosen
        ]
    return found
