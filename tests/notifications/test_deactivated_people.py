"""A person the organisation's identity provider deactivated (matching's person.deactivated) is
told nothing, by no channel, until person.activated."""

from contracts.matching import PersonActivatedV1, PersonDeactivatedV1
from tests.notifications import notify_events as ev
from tests.notifications.notify_harness import Harness


async def test_a_deactivated_person_is_told_nothing_until_activated_again(
    service: Harness,
) -> None:
    h = service
    await h.send(ev.program(admins=["ada"]))
    await h.send(ev.enrolled(ev.MENTOR, "mentor", email="maria@example.com"))
    await h.send(ev.enrolled(ev.MENTEE, email="tom@example.com"))
    await h.inbox_of_size(ev.MENTEE, 1)
    before = {d.id for d in await h.deliveries() if d.user_id == ev.MENTEE}

    await h.send(PersonDeactivatedV1(user_id=ev.MENTEE, deleted=False))
    await h.settled()  # on Kafka, feedback's topic is not ordered with matching's
    await h.send(ev.match_ended())
    await h.send(ev.survey_requested())
    await h.inbox_of_size(ev.MENTOR, 2)  # the partner still hears of the end
    await h.settled()
    assert len(await h.inbox(ev.MENTEE)) == 1
    after = {d.id for d in await h.deliveries() if d.user_id == ev.MENTEE}
    assert after == before

    await h.send(PersonActivatedV1(user_id=ev.MENTEE))
    await h.settled()
    await h.send(ev.survey_requested())
    items = await h.inbox_of_size(ev.MENTEE, 2)
    assert items[-1]["title"] == "A pulse survey is waiting for you"


async def test_a_person_deactivated_before_anything_else_is_known_stays_untold(
    service: Harness,
) -> None:
    h = service
    await h.send(PersonDeactivatedV1(user_id=ev.MENTEE, deleted=True))
    await h.send(ev.program(admins=["ada"]))
    await h.send(ev.enrolled(ev.MENTOR, "mentor"))
    await h.send(ev.enrolled(ev.MENTEE))
    await h.inbox_of_size(ev.MENTOR, 1)
    await h.settled()
    assert await h.inbox(ev.MENTEE) == []
