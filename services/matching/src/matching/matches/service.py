"""The match lifecycle: proposed -> accepted | declined | withdrawn; accepted -> active on its
start date; accepted or active -> completed | ended.

Who must accept a proposal depends on the program's approval mode and on who proposed it
(matching.matches.consent). Each acceptance is kept on the match (`accepted_by`); only the last
one, when nobody is awaited any more, accepts the match (`match.accepted`). Whoever a proposal
awaits may decline it; the person whose own request it is may withdraw it.

The last acceptance takes a place with the mentor's participant row locked (SELECT ... FOR
UPDATE on PostgreSQL; SQLite serialises writers), so two acceptances racing for a last place
cannot both win. An accepted match holds its place; it becomes active at once when the program
is already under way, else a durable job (kit.scheduler) activates it on the program's start
date.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.feedback import RelationshipHealthChangedV1
from contracts.matching import (
    MatchAcceptedV1,
    MatchActivatedV1,
    MatchDeclinedV1,
    MatchEndedV1,
    MatchProposedV1,
    MatchWithdrawnV1,
)
from kit import audit
from kit.auth import Principal
from kit.errors import ConflictError, NotFoundError
from kit.events.outbox import emit, emit_many
from kit.pagination import PageParams
from kit.scheduler import Job, cancel, schedule
from matching.matches import consent
from matching.matches.errors import (
    ConsentNotAwaitedError,
    NotProposedError,
    NotYourRequestError,
    OwnRequestError,
    PairNotAllowedError,
)
from matching.matches.repository import HOLDING_A_PLACE, OPEN, MatchRepository
from matching.matches.schemas import Decline, End, MatchCreate, RequestWithdrawal
from matching.models import Match, Participant, Program
from matching.participants.repository import ParticipantRepository
from matching.programs import service as program_service
from matching.scoring import service as scoring_service
from matching.scoring.schemas import PairExplanation

START = "match.start"
"""The scheduled job that activates an accepted match on its start date."""


def _parties(match: Match) -> dict[str, object]:
    return {
        "match_id": match.id,
        "program_id": match.program_id,
        "mentor_participant_id": match.mentor_participant_id,
        "mentee_participant_id": match.mentee_participant_id,
        "mentor_user_id": match.mentor_user_id,
        "mentee_user_id": match.mentee_user_id,
    }


def _party_to(user: Principal, match: Match) -> bool:
    return user.user_id in (match.mentee_user_id, match.mentor_user_id)


async def _audit_admin(
    session: AsyncSession, user: Principal, match: Match, action: str, before: str
) -> None:
    """What an admin (not one of the two) does to a match goes to the audit log."""
    if _party_to(user, match):
        return
    await audit.record(
        session,
        user,
        action,
        "match",
        match.id,
        before={"status": before},
        after={"status": match.status, **_parties(match)},
    )


@dataclass(frozen=True)
class Proposal:
    mentee: Participant
    mentor: Participant
    score: float
    explanation: dict[str, object]


async def propose(
    session: AsyncSession,
    program: Program,
    mentee: Participant,
    mentor: Participant,
    *,
    score: float,
    explanation: dict[str, object],
    proposed_by: str,
    run_id: UUID | None = None,
    own_request: bool = False,
) -> Match:
    [match] = await propose_many(
        session,
        program,
        [Proposal(mentee, mentor, score, explanation)],
        proposed_by=proposed_by,
        run_id=run_id,
        own_request=own_request,
    )
    return match


async def propose_many(
    session: AsyncSession,
    program: Program,
    proposals: Sequence[Proposal],
    *,
    proposed_by: str,
    run_id: UUID | None = None,
    own_request: bool = False,
) -> list[Match]:
    """Propose pairs (a published run's in one go: two round trips, not two per pair); those
    that await nobody (the admin assigns) take their place at once. `own_request`: the
    proposer is one of the two people, asking for themselves."""
    approval = program_service.settings_of(program).approval
    requester = proposed_by if own_request else None
    needs = [
        consent.needed(approval, p.mentee.user_id, p.mentor.user_id, requester) for p in proposals
    ]
    matches = [
        Match(
            org_id=program.org_id,
            program_id=program.id,
            mentor_participant_id=p.mentor.id,
            mentee_participant_id=p.mentee.id,
            mentor_user_id=p.mentor.user_id,
            mentee_user_id=p.mentee.user_id,
            status="proposed",
            score=round(p.score, 4),
            explanation=p.explanation,
            run_id=run_id,
            awaiting=need.awaiting,
            accepted_by=need.accepted_by,
            proposed_by=proposed_by,
        )
        for p, need in zip(proposals, needs, strict=True)
    ]
    await MatchRepository(session).add(*matches)
    await emit_many(
        session,
        [
            (
                MatchProposedV1(
                    **_parties(match),
                    score=match.score,
                    run_id=run_id,
                    awaiting=list(match.awaiting),
                ),
                str(match.id),
            )
            for match in matches
        ],
        org_id=program.org_id,
    )
    for match in matches:
        if not match.awaiting:
            await _take_place(session, program, match)
    return matches


async def create(
    session: AsyncSession, user: Principal, program_id: UUID, data: MatchCreate
) -> Match:
    """An admin proposes a pair, or one of the two asks for the other: a mentee asks a mentor,
    or a mentor offers to mentor a mentee (an own request, awaiting the other person)."""
    program = await program_service.get(session, user, program_id)
    participants = ParticipantRepository(session)
    mentee = await participants.get(user.org_id, data.mentee_participant_id)
    mentor = await participants.get(user.org_id, data.mentor_participant_id)
    # One answer for a missing mentee, a missing mentor and a pair the caller may not ask for.
    unknown = NotFoundError("This program has no such mentee and mentor for you.")
    if mentee is None or mentee.program_id != program.id:
        raise unknown
    if mentor is None or mentor.program_id != program.id:
        raise unknown
    own = user.user_id in (mentee.user_id, mentor.user_id)
    if not own and not program_service.is_admin(user, program):
        raise unknown
    if program.status == "closed":
        raise ConflictError("The program is closed.")
    explained = await scoring_service.explain_pair(
        session, user, program.id, data.mentee_participant_id, data.mentor_participant_id
    )
    if not explained.feasible:
        raise _not_allowed(explained, mentee)
    if await MatchRepository(session).count(mentee.id, OPEN, mentor=False):
        raise ConflictError("The mentee already has an open match.")
    match = await propose(
        session,
        program,
        mentee,
        mentor,
        score=explained.score,
        explanation=explained.model_dump(mode="json"),
        proposed_by=user.user_id,
        own_request=own,
    )
    if not own:
        await audit.record(
            session,
            user,
            "match.proposed_manually",
            "match",
            match.id,
            after={"status": match.status, "score": match.score, **_parties(match)},
        )
    return match


_ABOUT_THE_MENTEE = ("wrong_role", "not_active")


def _not_allowed(explained: PairExplanation, mentee: Participant) -> PairNotAllowedError:
    """The refusal of an infeasible pair: one entry per rejection, naming the request field it
    is about (the mentor asked for, unless the mentee's own role or status rules it out)."""
    mentee_unfit = mentee.role != "mentee" or mentee.status != "active"
    errors = []
    for rejection in explained.rejected_by:
        field = (
            "mentee_participant_id"
            if mentee_unfit and rejection.constraint in _ABOUT_THE_MENTEE
            else "mentor_participant_id"
        )
        errors.append(
            {
                "location": ["body", field],
                "field": field,
                "message": rejection.detail,
                "type": rejection.constraint,
            }
        )
    details = " ".join(r.detail for r in explained.rejected_by)
    return PairNotAllowedError(
        f"This pair is not allowed: {details}",
        errors=errors,
        rejected_by=[r.model_dump() for r in explained.rejected_by],
    )


async def get_visible(
    session: AsyncSession, user: Principal, match_id: UUID, *, for_update: bool = False
) -> tuple[Program, Match]:
    match = await MatchRepository(session).get(user.org_id, match_id, for_update=for_update)
    if match is None:
        raise NotFoundError(f"Match {match_id} does not exist.")
    program = await program_service.get(session, user, match.program_id)
    if user.user_id not in (match.mentor_user_id, match.mentee_user_id) and not (
        program_service.is_admin(user, program)
    ):
        raise NotFoundError(f"Match {match_id} does not exist.")
    return program, match


async def list_matches(
    session: AsyncSession, user: Principal, program_id: UUID, page: PageParams
) -> list[Match]:
    program = await program_service.get(session, user, program_id)
    only = None if program_service.is_admin(user, program) else user.user_id
    return await MatchRepository(session).list(user.org_id, program.id, page, only)


async def accept(session: AsyncSession, user: Principal, match_id: UUID) -> Match:
    """Consent to a proposal: whom it awaits accepts for themselves (kept in `accepted_by`); an
    admin who is not awaited accepts for everyone. The last consent accepts the match; a
    repeated acceptance changes nothing."""
    program, match = await get_visible(session, user, match_id, for_update=True)
    _require_proposed(match)
    if user.user_id in match.awaiting:
        match.awaiting = [u for u in match.awaiting if u != user.user_id]
        match.accepted_by = [*match.accepted_by, user.user_id]
    elif user.user_id in match.accepted_by:
        return match
    elif program_service.is_admin(user, program):
        match.awaiting = []
    else:
        raise ConsentNotAwaitedError(
            "This proposal does not await your acceptance"
            + (f" (it awaits {', '.join(match.awaiting)})." if match.awaiting else ".")
        )
    if not match.awaiting:
        await _take_place(session, program, match)
    return await MatchRepository(session).save(match)


def _require_proposed(match: Match) -> None:
    if match.status != "proposed":
        raise NotProposedError(
            f"The match is {match.status}, not proposed.", match_status=match.status
        )


async def _take_place(session: AsyncSession, program: Program, match: Match) -> None:
    """Accept: the mentor's row is locked while the places its matches hold are counted."""
    participants = ParticipantRepository(session)
    mentor = await participants.get(program.org_id, match.mentor_participant_id, for_update=True)
    mentee = await participants.get(program.org_id, match.mentee_participant_id, for_update=True)
    assert mentor is not None
    assert mentee is not None
    if "withdrawn" in (mentor.status, mentee.status):
        raise ConflictError("One of them has withdrawn from the program.")
    matches = MatchRepository(session)
    if await matches.count(mentor.id, HOLDING_A_PLACE, mentor=True) >= mentor.capacity:
        raise ConflictError("The mentor has no free place left.", reason="no_capacity")
    if await matches.count(mentee.id, HOLDING_A_PLACE, mentor=False):
        raise ConflictError("The mentee already has an accepted or active match.")
    today = datetime.now(UTC).date()
    match.status = "accepted"
    match.awaiting = []
    match.accepted_at = datetime.now(UTC)
    match.starts_on = max(today, program.starts_on or today)
    match.ends_on = match.starts_on if program.format == "flash" else program.ends_on
    await session.flush()  # the next count (several proposals accepted at once) sees this place
    await emit(
        session,
        MatchAcceptedV1(
            **_parties(match),
            starts_on=match.starts_on,
            ends_on=match.ends_on,
            checkin_cadence=program.checkin_cadence,
        ),
        subject=str(match.id),
        org_id=program.org_id,
    )
    if match.starts_on <= today:
        await _begin(session, match)
    else:
        start = datetime.combine(match.starts_on, time.min, tzinfo=UTC)
        await schedule(session, START, str(match.id), start, org_id=match.org_id)


async def _begin(session: AsyncSession, match: Match) -> None:
    match.status = "active"
    await emit(
        session,
        MatchActivatedV1(
            **_parties(match),
            starts_on=match.starts_on,
            ends_on=match.ends_on,
            accepted_at=match.accepted_at,
        ),
        subject=str(match.id),
        org_id=match.org_id,
    )


async def start_when_due(session: AsyncSession, job: Job) -> None:
    """The start date came: an accepted match becomes active (ended ones stay ended)."""
    match = await MatchRepository(session).get(job.org_id, UUID(job.key), for_update=True)
    if match is None or match.status != "accepted":
        return
    await _begin(session, match)
    await session.flush()


async def decline(session: AsyncSession, user: Principal, match_id: UUID, data: Decline) -> Match:
    """Whose consent the proposal asks for (awaited, or given but not yet complete) may decline
    it, and so may an admin; the author of their own request withdraws it instead."""
    program, match = await get_visible(session, user, match_id, for_update=True)
    _require_proposed(match)
    if consent.requester_of(match) == user.user_id:
        raise OwnRequestError("You asked for this match: withdraw your request instead.")
    if user.user_id not in consent.consenting(match) and not program_service.is_admin(
        user, program
    ):
        raise ConsentNotAwaitedError("Only whom the proposal awaits (or an admin) may decline it.")
    await _decline(session, match, user.user_id, data.reason)
    await _audit_admin(session, user, match, "match.declined_by_admin", "proposed")
    return await MatchRepository(session).save(match)


async def withdraw_request(
    session: AsyncSession, user: Principal, match_id: UUID, data: RequestWithdrawal
) -> Match:
    """The person who asked for this match takes the request back while it is proposed."""
    _, match = await get_visible(session, user, match_id, for_update=True)
    if consent.requester_of(match) != user.user_id:
        raise NotYourRequestError("Only the person who asked for this match may withdraw it.")
    _require_proposed(match)
    await _withdraw(session, match, user.user_id, data.reason)
    return await MatchRepository(session).save(match)


async def _withdraw(session: AsyncSession, match: Match, by: str, reason: str | None) -> None:
    match.status = "withdrawn"
    match.awaiting = []
    match.end_reason = reason
    match.ended_at = datetime.now(UTC)
    await emit(
        session,
        MatchWithdrawnV1(**_parties(match), withdrawn_by_user_id=by, reason=reason),
        subject=str(match.id),
        org_id=match.org_id,
    )


async def _decline(session: AsyncSession, match: Match, by: str, reason: str | None) -> None:
    match.status = "declined"
    match.awaiting = []
    match.end_reason = reason
    match.ended_at = datetime.now(UTC)
    await emit(
        session,
        MatchDeclinedV1(**_parties(match), declined_by_user_id=by, reason=reason),
        subject=str(match.id),
        org_id=match.org_id,
    )


async def end(session: AsyncSession, user: Principal, match_id: UUID, data: End) -> Match:
    """Either person or an admin ends a relationship, accepted or active: completed or ended
    early (a relationship that has not started cannot be completed)."""
    _, match = await get_visible(session, user, match_id, for_update=True)
    if match.status not in HOLDING_A_PLACE:
        raise ConflictError(f"The match is {match.status}, not accepted or active.")
    if match.status == "accepted" and data.outcome == "completed":
        raise ConflictError("The relationship has not started yet: end it early instead.")
    before = match.status
    await _end(session, match, data.outcome, data.reason)
    await _audit_admin(session, user, match, "match.ended_by_admin", before)
    return await MatchRepository(session).save(match)


async def _end(session: AsyncSession, match: Match, outcome: str, reason: str | None) -> None:
    if match.status == "accepted":
        await cancel(session, START, str(match.id))
    match.status = "completed" if outcome == "completed" else "ended"
    match.end_reason = reason
    match.ended_at = datetime.now(UTC)
    await emit(
        session,
        MatchEndedV1(
            **_parties(match),
            outcome=outcome,
            ended_at=match.ended_at,
            reason=reason,
        ),
        subject=str(match.id),
        org_id=match.org_id,
    )


async def end_for_withdrawal(session: AsyncSession, participant: Participant) -> None:
    for match in await MatchRepository(session).open_for(participant.id):
        if match.status == "proposed" and consent.requester_of(match) == participant.user_id:
            await _withdraw(session, match, participant.user_id, "withdrawn from the program")
        elif match.status == "proposed":
            await _decline(session, match, participant.user_id, "withdrawn from the program")
        else:
            await _end(session, match, "withdrawn", "withdrawn from the program")
    await session.flush()


async def flag_for_review(
    session: AsyncSession, org_id: str, payload: RelationshipHealthChangedV1
) -> None:
    """feedback reports a relationship's health: at risk flags an active match for review."""
    match = await MatchRepository(session).get(org_id, payload.match_id, for_update=True)
    if match is None or match.status != "active":
        return
    match.health_score = payload.score
    if payload.at_risk and not match.flagged_for_review:
        signals = ", ".join(f"{k}={v:g}" for k, v in sorted(payload.signals.items()))
        match.flagged_for_review = True
        match.review_reason = f"Relationship health {payload.score:g}/100 is at risk" + (
            f" ({signals})." if signals else "."
        )
    await session.flush()


async def clear_flag(session: AsyncSession, user: Principal, match_id: UUID) -> Match:
    program, match = await get_visible(session, user, match_id, for_update=True)
    program_service.require_admin(user, program)
    before = {"flagged_for_review": match.flagged_for_review, "review_reason": match.review_reason}
    match.flagged_for_review = False
    await audit.record(
        session,
        user,
        "match.review_flag_cleared",
        "match",
        match.id,
        before=before,
        after={"flagged_for_review": False},
    )
    return await MatchRepository(session).save(match)
