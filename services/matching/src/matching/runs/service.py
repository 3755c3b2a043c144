"""Cohort matching runs: compute a draft, review it, try other settings (what-if), publish."""

import asyncio
import secrets
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import structlog
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.matching import MatchingRunPublishedV1
from kit import audit
from kit.auth import Principal
from kit.db import utcnow
from kit.errors import ConflictError, NotFoundError, UnprocessableError
from kit.events.outbox import emit
from kit.pagination import PageParams
from kit.scheduler import Job, schedule
from matching.engine import cohort as engine_runs
from matching.matches import service as match_service
from matching.models import MatchingRun, Participant, Program
from matching.participants.repository import ParticipantRepository
from matching.programs import service as program_service
from matching.programs.repository import ProgramRepository
from matching.programs.schemas import ProgramSettings
from matching.runs.repository import RunRepository
from matching.runs.schemas import MAX_SEED, PlaceTaken, RunCreate, RunDiff, WhyNot
from matching.scoring import service as scoring_service
from matching.scoring.schemas import PairExplanation

BUILT_IN_ATTRIBUTES = ["department", "seniority_band", engine_runs.ENROLMENT_QUARTILE]
RUN_ONLY = ("fairness_attributes", "seed")
"""Settings of a run that are not program settings."""
COMPUTE = "matching_run.compute"
"""The scheduled job that computes a background run."""
log = structlog.get_logger(__name__)


def _settings(program: Program, base: dict[str, Any], data: RunCreate) -> ProgramSettings:
    overrides = data.model_dump(exclude_none=True, exclude=set(RUN_ONLY))
    merged = {**program_service.settings_of(program).model_dump(), **base, **overrides}
    try:
        return ProgramSettings.model_validate(merged)
    except ValidationError as exc:
        # The overrides are checked on their own; what fails here is their combination with
        # the program's (or the base run's) settings: name the setting, never a 500.
        errors = [
            {"location": list(err["loc"]), "message": err["msg"], "type": err["type"]}
            for err in exc.errors()
        ]
        fields = ", ".join(dict.fromkeys(str(err["loc"][0]) for err in exc.errors() if err["loc"]))
        raise UnprocessableError(
            f"These settings do not make a valid run: {fields or 'settings'}.",
            field=fields or "settings",
            errors=errors,
        ) from None


async def create(
    session: AsyncSession,
    user: Principal,
    program_id: UUID,
    data: RunCreate,
    base: MatchingRun | None = None,
    *,
    background: bool = False,
) -> MatchingRun:
    """Match every unmatched mentee of the program against mentors with free places: now, or
    (`background`) in a durable job, the run answering `computing` until it is a draft."""
    program = await program_service.get(session, user, program_id)
    program_service.require_admin(user, program)
    if program.status in ("draft", "closed"):
        raise ConflictError(f"A {program.status} program cannot be matched.")
    base_settings = dict(base.settings) if base else {}
    attributes = list(dict.fromkeys(base_settings.pop("fairness_attributes", [])))
    base_seed = base_settings.pop("seed", None)
    settings = _settings(program, base_settings, data)
    attributes = list(dict.fromkeys([*BUILT_IN_ATTRIBUTES, *attributes, *data.fairness_attributes]))
    # A what-if keeps its base's tie order, so the difference shows the settings' effect only.
    seed = next(
        (s for s in (data.seed, base_seed) if s is not None), secrets.randbelow(MAX_SEED + 1)
    )
    run = MatchingRun(
        org_id=program.org_id,
        program_id=program.id,
        mode=settings.mode,
        status="computing",
        base_run_id=base.id if base else None,
        settings={
            **settings.model_dump(mode="json"),
            "fairness_attributes": attributes,
            "seed": seed,
        },
        report={},
        fairness={},
        pairs=[],
        unmatched=[],
        created_by=user.user_id,
    )
    run = await RunRepository(session).add_and_load(run)
    await audit.record(
        session,
        user,
        "matching_run.created",
        "matching_run",
        run.id,
        after={"program_id": program.id, "base_run_id": run.base_run_id, "settings": run.settings},
    )
    if background:
        await schedule(session, COMPUTE, str(run.id), utcnow(), org_id=run.org_id)
        return run
    await _compute(session, program, run)
    return await RunRepository(session).save(run)


async def compute_when_due(session: AsyncSession, job: Job) -> None:
    """The job of a background run: compute it (once; a crash before the commit repeats it)."""
    run = await RunRepository(session).get(job.org_id, UUID(job.key), for_update=True)
    if run is None or run.status != "computing":
        return
    program = await ProgramRepository(session).get(run.org_id, run.program_id)
    if program is None:
        return
    await _compute(session, program, run)
    await session.flush()


async def _compute(session: AsyncSession, program: Program, run: MatchingRun) -> None:
    """Load the cohort, solve, and fill the run in: a draft, or `failed` with the reason when
    the engine cannot (the database failing is not caught: the caller retries)."""
    stored = dict(run.settings)
    attributes = list(stored.pop("fairness_attributes", []))
    seed = stored.pop("seed", None)  # runs made before seeds keep the input order
    settings = ProgramSettings.model_validate(stored)
    loaded = await scoring_service.load_cohort(session, program, settings)
    try:
        report = await asyncio.to_thread(
            engine_runs.run,
            loaded.cohort,
            settings.mode,
            objective=settings.objective,
            seed=seed,
        )
    except Exception as exc:  # the engine refusing this cohort must not leave it computing
        log.exception("matching_run_failed", run_id=str(run.id))
        run.status = "failed"
        run.report = {"error": f"{type(exc).__name__}: {exc}"[:2000]}
        return
    mentees, mentors = loaded.mentees, loaded.mentors
    run.status = "draft"
    run.report = report.summary()
    run.fairness = engine_runs.fairness(loaded.cohort.mentees, report.pairs, attributes)
    run.pairs = [
        {
            "mentee_participant_id": str(mentees[p.mentee].id),
            "mentor_participant_id": str(mentors[p.mentor].id),
            "mentee_user_id": mentees[p.mentee].user_id,
            "mentor_user_id": mentors[p.mentor].user_id,
            "score": p.score,
        }
        for p in report.pairs
    ]
    run.unmatched = [
        {
            "mentee_participant_id": str(mentees[u.mentee].id),
            "mentee_user_id": mentees[u.mentee].user_id,
            "reason": u.reason,
            "detail": u.detail,
            "feasible_mentors": u.feasible_mentors,
            "rejections": dict(u.rejections),
        }
        for u in report.unmatched
    ]


async def get(
    session: AsyncSession, user: Principal, run_id: UUID, *, for_update: bool = False
) -> tuple[Program, MatchingRun]:
    """Runs are for the program's admins; anyone else gets 404."""
    run = await RunRepository(session).get(user.org_id, run_id, for_update=for_update)
    if run is None:
        raise NotFoundError(f"Run {run_id} does not exist.")
    program = await program_service.get(session, user, run.program_id)
    if not program_service.is_admin(user, program):
        raise NotFoundError(f"Run {run_id} does not exist.")
    return program, run


async def list_runs(
    session: AsyncSession, user: Principal, program_id: UUID, page: PageParams
) -> list[MatchingRun]:
    program = await program_service.get(session, user, program_id)
    program_service.require_admin(user, program)
    return await RunRepository(session).list(user.org_id, program.id, page)


async def what_if(
    session: AsyncSession, user: Principal, run_id: UUID, data: RunCreate
) -> tuple[MatchingRun, RunDiff]:
    """Rerun with other settings and show what changes against the base run."""
    program, base = await get(session, user, run_id)
    run = await create(session, user, program.id, data, base=base)
    return run, diff(base, run)


def diff(base: MatchingRun, run: MatchingRun) -> RunDiff:
    before = {p["mentee_participant_id"]: p["mentor_participant_id"] for p in base.pairs}
    after = {p["mentee_participant_id"]: p["mentor_participant_id"] for p in run.pairs}
    mentees = set(before) | set(after)
    changed = sum(1 for m in mentees if before.get(m) != after.get(m))

    def total(r: MatchingRun) -> float:
        return float(r.report.get("total_score", 0.0))

    def mean(r: MatchingRun) -> float:
        return float(r.report.get("mean_score", 0.0))

    return RunDiff(
        base_run_id=base.id,
        changed_mentees=changed,
        newly_matched=len(set(after) - set(before)),
        newly_unmatched=len(set(before) - set(after)),
        matched_delta=len(after) - len(before),
        total_score_delta=round(total(run) - total(base), 2),
        mean_score_delta=round(mean(run) - mean(base), 4),
    )


async def explain(
    session: AsyncSession, user: Principal, run_id: UUID, mentee_id: UUID
) -> PairExplanation:
    """The explanation of the pair a run gave this mentee (with today's profiles)."""
    program, run = await get(session, user, run_id)
    for pair in run.pairs:
        if pair["mentee_participant_id"] == str(mentee_id):
            return await scoring_service.explain_pair(
                session, user, program.id, mentee_id, UUID(pair["mentor_participant_id"])
            )
    raise NotFoundError("This mentee has no pair in the run.")


async def explain_many(
    session: AsyncSession, user: Principal, run_id: UUID, mentee_ids: list[UUID]
) -> list[PairExplanation]:
    """`explain` for many mentees of one run, in the order asked; those without a pair in the
    run (or whose people are gone from the program) are left out."""
    program, run = await get(session, user, run_id)
    chosen = {
        UUID(pair["mentee_participant_id"]): UUID(pair["mentor_participant_id"])
        for pair in run.pairs
    }
    wanted = [(mentee_id, chosen[mentee_id]) for mentee_id in mentee_ids if mentee_id in chosen]
    people = {
        person.id: person
        for person in await ParticipantRepository(session).many(
            user.org_id, [id for pair in wanted for id in pair]
        )
        if person.program_id == program.id
    }
    pairs = [
        (people[mentee_id], people[mentor_id])
        for mentee_id, mentor_id in wanted
        if mentee_id in people and mentor_id in people
    ]
    return await scoring_service.explain_pairs(session, program, pairs)


async def why_not(
    session: AsyncSession, user: Principal, run_id: UUID, mentee_id: UUID, mentor_id: UUID
) -> WhyNot:
    """For admins: why the run did not pair this mentee with this mentor. The pair's score and
    explanation (with today's profiles), whether a constraint forbids it, what the mentee got,
    and who took the mentor's places with what scores."""
    program, run = await get(session, user, run_id)
    people = {
        person.id: person
        for person in await ParticipantRepository(session).many(user.org_id, [mentee_id, mentor_id])
        if person.program_id == program.id
    }
    mentee, mentor = people.get(mentee_id), people.get(mentor_id)
    if mentee is None or mentee.role != "mentee":
        raise NotFoundError("The mentee is not a participant of this program.")
    if mentor is None or mentor.role != "mentor":
        raise NotFoundError("The mentor is not a participant of this program.")
    (explained,) = await scoring_service.explain_pairs(session, program, [(mentee, mentor)])
    profile_rejections = [
        r for r in explained.rejected_by if r.constraint not in ("no_capacity", "not_active")
    ]
    got = next((p for p in run.pairs if p["mentee_participant_id"] == str(mentee_id)), None)
    missed = next((u for u in run.unmatched if u["mentee_participant_id"] == str(mentee_id)), None)
    if got is not None:
        outcome = "matched"
    elif missed is not None:
        outcome = str(missed["reason"])
    else:
        outcome = "not_in_run"
    taken = sorted(
        (p for p in run.pairs if p["mentor_participant_id"] == str(mentor_id)),
        key=lambda p: (-float(p["score"]), p["mentee_user_id"]),
    )
    return WhyNot(
        mentee_participant_id=mentee_id,
        mentor_participant_id=mentor_id,
        paired_in_run=got is not None and got["mentor_participant_id"] == str(mentor_id),
        forbidden=bool(profile_rejections),
        explanation=explained,
        mentee_outcome=outcome,
        mentee_mentor_participant_id=UUID(got["mentor_participant_id"]) if got else None,
        mentee_score=float(got["score"]) if got else None,
        mentor_capacity=mentor.capacity,
        places_taken_by=[
            PlaceTaken(
                mentee_participant_id=UUID(p["mentee_participant_id"]),
                mentee_user_id=p["mentee_user_id"],
                score=float(p["score"]),
            )
            for p in taken
        ],
    )


async def publish(session: AsyncSession, user: Principal, run_id: UUID) -> MatchingRun:
    """Propose every match of a reviewed draft (pairs gone stale since are skipped)."""
    program, run = await get(session, user, run_id, for_update=True)
    if run.status != "draft":
        raise ConflictError(f"The run is {run.status}; only a draft can be published.")
    if program.status == "closed":
        raise ConflictError("The program is closed.")
    participants = ParticipantRepository(session)
    people = {p.id: p for p in await participants.active(program.org_id, program.id)}
    loads = await participants.open_loads(program.org_id, program.id)
    chosen: list[tuple[Participant, Participant, float]] = []
    skipped: list[str] = []
    for pair in run.pairs:
        mentee = people.get(UUID(pair["mentee_participant_id"]))
        mentor = people.get(UUID(pair["mentor_participant_id"]))
        if mentee is None or mentor is None or loads.get(mentee.id, 0):
            skipped.append(pair["mentee_participant_id"])
            continue
        if mentor.capacity - loads.get(mentor.id, 0) <= 0:
            skipped.append(pair["mentee_participant_id"])
            continue
        loads[mentor.id] = loads.get(mentor.id, 0) + 1
        loads[mentee.id] = 1
        chosen.append((mentee, mentor, float(pair["score"])))
    # Each match keeps the full explanation of its score, as of publishing.
    explained = await scoring_service.explain_pairs(
        session, program, [(mentee, mentor) for mentee, mentor, _ in chosen]
    )
    await match_service.propose_many(
        session,
        program,
        [
            match_service.Proposal(
                mentee,
                mentor,
                score,
                {
                    "run_id": str(run.id),
                    "mode": run.mode,
                    **explanation.model_dump(mode="json", exclude={"feasible", "rejected_by"}),
                },
            )
            for (mentee, mentor, score), explanation in zip(chosen, explained, strict=True)
        ],
        proposed_by=user.user_id,
        run_id=run.id,
    )
    proposed = len(chosen)
    run.status = "published"
    run.published_at = datetime.now(UTC)
    run.report = {**run.report, "published": {"proposed": proposed, "skipped": len(skipped)}}
    await emit(
        session,
        MatchingRunPublishedV1(
            run_id=run.id,
            program_id=program.id,
            mode=run.mode,
            proposed_matches=proposed,
            unmatched_mentees=len(run.unmatched) + len(skipped),
        ),
        subject=str(run.id),
        org_id=program.org_id,
    )
    await audit.record(
        session,
        user,
        "matching_run.published",
        "matching_run",
        run.id,
        before={"status": "draft"},
        after={"status": run.status, "proposed": proposed, "skipped": skipped},
    )
    return await RunRepository(session).save(run)
