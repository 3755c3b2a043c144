"""The viewer's own view of goals and check-ins: the matches are the token user's, never a
parameter, and each read goes through the same visibility rules as the single reads."""

from sqlalchemy.ext.asyncio import AsyncSession

from goals.checkins import service as checkin_service
from goals.goals import service as goal_service
from goals.matches.repository import ReadModelRepository
from goals.viewer.schemas import ViewerGoals
from kit.auth import Principal


async def viewer(session: AsyncSession, user: Principal) -> ViewerGoals:
    matches = await ReadModelRepository(session).matches_of_user(
        user.org_id, user.user_id, status="active"
    )
    match_ids = [match.id for match in matches]
    mentored = {match.id for match in matches if match.mentor_user_id == user.user_id}
    goals = await goal_service.goals_of_matches(session, user, match_ids)
    checkins = await checkin_service.next_of_matches(session, user, match_ids)
    return ViewerGoals(
        match_ids=match_ids,
        goals=goals,
        next_checkins=sorted(checkins, key=lambda checkin: checkin.starts_at),
        goals_to_acknowledge=[
            goal.id
            for goal in goals
            if goal.match_id in mentored and goal.status == "draft" and goal.acknowledged_at is None
        ],
    )
