"""Weight suggestions from what worked: per program, once enough relationships have an outcome,
relate each matching factor's value to the relationship's health, and offer weights an admin
can try in a what-if run."""

from datetime import timedelta
from uuid import UUID

import numpy as np
from sqlalchemy.ext.asyncio import AsyncSession

from kit.auth import Principal
from kit.db import utcnow
from kit.errors import ConflictError
from matching.engine.profiles import FACTORS
from matching.learning import compute
from matching.learning.repository import LearningRepository
from matching.learning.schemas import FactorEffect, WeightSuggestion
from matching.models import MatchingRun
from matching.programs import service as program_service
from matching.runs import service as run_service
from matching.runs.schemas import RunCreate, RunDiff

OUTCOME_AFTER = timedelta(days=60)
OUTCOME = "relationship health (0-100, the latest) of relationships started 60 or more days ago"


class NothingSuggestedError(ConflictError):
    code = "nothing-suggested"
    title = "No weights are suggested"


def _factor_values(explanation: dict[str, object]) -> list[float] | None:
    contributions = explanation.get("contributions")
    if not isinstance(contributions, list):
        return None
    found = {c.get("factor"): c.get("value") for c in contributions if isinstance(c, dict)}
    values = [found.get(factor) for factor in FACTORS]
    if any(not isinstance(value, int | float) for value in values):
        return None
    return [float(value) for value in values if isinstance(value, int | float)]


async def suggestion(session: AsyncSession, user: Principal, program_id: UUID) -> WeightSuggestion:
    program = await program_service.get(session, user, program_id)
    program_service.require_admin(user, program)
    weights = program_service.settings_of(program).weights
    matches = await LearningRepository(session).with_outcome(
        user.org_id, program.id, utcnow() - OUTCOME_AFTER
    )
    rows = [
        (pair, match.health_score)
        for match in matches
        if match.health_score is not None
        and (pair := _factor_values(match.explanation)) is not None
    ]
    base = {
        "program_id": program.id,
        "relationships": len(rows),
        "min_relationships": compute.MIN_RELATIONSHIPS,
        "outcome": OUTCOME,
    }
    if len(rows) < compute.MIN_RELATIONSHIPS:
        return WeightSuggestion(
            **base,
            effects=[],
            suggested_weights=None,
            message=f"Too little data: {len(rows)} relationships have an outcome, "
            f"{compute.MIN_RELATIONSHIPS} are needed. Nothing is suggested.",
        )
    values = np.array([row[0] for row in rows])
    outcomes = np.array([row[1] for row in rows], dtype=float)
    found = compute.effects(FACTORS, values, outcomes)
    suggested = compute.suggested_weights(found)
    clear = [effect.factor for effect in found if effect.distinguishable]
    if suggested is None:
        message = (
            "No factor is distinguishable from zero: the data do not show which factors make "
            "relationships healthier. Nothing is suggested."
        )
    else:
        message = f"Factors related to health beyond chance: {', '.join(clear)}."
    return WeightSuggestion(
        **base,
        effects=[
            FactorEffect(
                factor=FACTORS[index],
                current_weight=weights.get(FACTORS[index], 0.0),
                coefficient=round(effect.coefficient, 2),
                ci_low=round(effect.low, 2),
                ci_high=round(effect.high, 2),
                distinguishable=effect.distinguishable,
            )
            for index, effect in enumerate(found)
        ],
        suggested_weights=suggested,
        message=message,
    )


async def what_if(
    session: AsyncSession, user: Principal, run_id: UUID
) -> tuple[MatchingRun, RunDiff]:
    """The run again with the program's suggested weights, and what changes."""
    program, _ = await run_service.get(session, user, run_id)
    found = await suggestion(session, user, program.id)
    if found.suggested_weights is None:
        raise NothingSuggestedError(found.message)
    return await run_service.what_if(
        session, user, run_id, RunCreate(weights=found.suggested_weights)
    )
