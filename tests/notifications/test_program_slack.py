"""A program's Slack channel: set by its admins, checked like any webhook target, and used for
people who chose Slack without a webhook of their own."""

import json
from uuid import uuid4

from tests.infra.apps import eventually
from tests.notifications.notify_events import MATCH, PROGRAM, enrolled, match_accepted, program
from tests.notifications.notify_harness import Harness, Receiver

URL = f"/v1/programs/{PROGRAM}/slack"


async def test_program_admins_set_the_channel_and_slack_messages_go_there(
    service: Harness, receiver: Receiver
) -> None:
    h = service
    await h.send(program(admins=["ada"]))
    await h.send(enrolled("maria", "mentor"))
    await h.send(enrolled("tom"))
    await eventually(h.programs, lambda known: len(known) == 1)

    ada = h.token("ada")  # a program admin, not an org admin
    assert (await h.client.get(URL, headers=ada)).json() == {
        "program_id": str(PROGRAM),
        "configured": False,
        "host": None,
    }
    for outsider in (h.token("tom"), h.token("boss", org="globex", admin=True)):
        assert (await h.client.get(URL, headers=outsider)).status_code == 404
        put = await h.client.put(URL, json={"slack_webhook_url": receiver.url}, headers=outsider)
        assert put.status_code == 404
    unknown = await h.client.get(f"/v1/programs/{uuid4()}/slack", headers=h.token("o", admin=True))
    assert unknown.status_code == 404

    refused = await h.client.put(
        URL, json={"slack_webhook_url": "https://user:pw@hooks.example.com/x"}, headers=ada
    )
    assert refused.status_code == 422
    assert refused.json()["field"] == "slack_webhook_url"
    assert (await h.client.get(URL, headers=ada)).json()["configured"] is False  # nothing written

    saved = await h.client.put(URL, json={"slack_webhook_url": receiver.url}, headers=ada)
    assert saved.status_code == 200, saved.text
    assert saved.json() == {"program_id": str(PROGRAM), "configured": True, "host": "127.0.0.1"}
    assert receiver.url not in saved.text  # the URL is a secret: only its host is shown

    # tom wants match news on Slack and has no webhook of his own: the program's channel.
    chose = await h.client.put(
        "/v1/preferences", json={"channels": {"matches": ["slack"]}}, headers=h.token("tom")
    )
    assert chose.status_code == 200, chose.text
    await h.send(match_accepted(), subject=str(MATCH))
    await eventually(h.deliveries, lambda rows: any(d.user_id == "tom" for d in rows))
    await h.fire()
    (message,) = [json.loads(r.body) for r in receiver.requests]
    assert message["text"].startswith("*Your match with Maria is confirmed*")

    removed = await h.client.put(URL, json={"slack_webhook_url": None}, headers=ada)
    assert removed.json()["configured"] is False
