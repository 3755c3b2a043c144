"""Reactions whose order matters: a program known only after its match,
a withdrawal, and a repeated acceptance."""

from datetime import date, timedelta

from contracts.matching import GoalTemplate, ParticipantWithdrawnV1, ProgramUpdatedV1
from tests.goals.conftest import Embedded, World
from tests.infra.apps import eventually

TEMPLATE = GoalTemplate(
    title="Write a development plan",
    description="Agree a written plan for the next six months with your mentor.",
    due_after_days=21,
)


async def test_templates_arrive_with_a_program_known_only_after_the_match(
    goals: Embedded,
) -> None:
    world = World(templates=[TEMPLATE])
    await goals.publish(world.accepted(), str(world.match_id), world.org)  # program unknown
    mentee = goals.as_user(world.mentee)
    url = f"/v1/matches/{world.match_id}/goals"
    known = await eventually(
        lambda: goals.client.get(url, headers=mentee), lambda r: r.status_code == 200
    )
    assert known.json()["items"] == []

    await goals.publish(world.program(), str(world.program_id), world.org)
    found = await eventually(
        lambda: goals.client.get(url, headers=mentee),
        lambda response: len(response.json()["items"]) == 1,
    )
    [goal] = found.json()["items"]
    assert goal["template_title"] == "Write a development plan"
    assert goal["due_on"] == str(world.starts_on + timedelta(days=21))


async def test_templates_are_instantiated_once_whatever_the_program_updates(
    goals: Embedded,
) -> None:
    world = await goals.start(World(templates=[TEMPLATE]))
    await goals.publish(
        ProgramUpdatedV1(**world.program().model_dump()), str(world.program_id), world.org
    )
    await goals.publish(world.accepted(), str(world.match_id), world.org)  # stale repeat
    mentee = goals.as_user(world.mentee)
    # The admin's view changes once the update is handled: the new admin sees the match.
    await goals.publish(
        ProgramUpdatedV1(**{**world.program().model_dump(), "admin_user_ids": ["zoe"]}),
        str(world.program_id),
        world.org,
    )
    await eventually(
        lambda: goals.client.get(f"/v1/matches/{world.match_id}", headers=goals.as_user("zoe")),
        lambda response: response.status_code == 200,
    )
    await goals.settled()  # the stale repeat too: on Kafka it may come after the update
    goals_now = await goals.client.get(f"/v1/matches/{world.match_id}/goals", headers=mentee)
    checkins = await goals.client.get(f"/v1/matches/{world.match_id}/checkins", headers=mentee)
    assert len(goals_now.json()["items"]) == 1
    assert len(checkins.json()["items"]) == 1
    old_admin = await goals.client.get(
        f"/v1/matches/{world.match_id}", headers=goals.as_user(world.admin)
    )
    assert old_admin.status_code == 404


async def test_a_withdrawal_takes_the_scheduled_checkins_off_the_calendar(
    goals: Embedded,
) -> None:
    world = await goals.start(World(starts_on=date.today() + timedelta(days=3)))
    await goals.publish(
        ParticipantWithdrawnV1(
            program_id=world.program_id,
            participant_id=world.mentor_participant,
            user_id=world.mentor,
            role="mentor",
        ),
        str(world.mentor_participant),
        world.org,
    )
    mentee = goals.as_user(world.mentee)
    cancelled = await eventually(
        lambda: goals.client.get(f"/v1/matches/{world.match_id}/checkins", headers=mentee),
        lambda response: response.json()["items"][0]["status"] == "cancelled",
    )
    assert cancelled.json()["items"][0]["cancel_reason"] == "participant withdrew"
