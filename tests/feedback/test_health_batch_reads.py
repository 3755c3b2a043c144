"""Batch read for the gateway's loaders: the health of many matches in one call, with the single
read's visibility (program admins and org admins); a foreign or invisible match is left out."""

from datetime import date
from typing import Any
from uuid import uuid4

import pytest

from contracts.matching import MatchAcceptedV1, ProgramCreatedV1
from tests.feedback.harness import WAIT, Feedback, Relationship
from tests.infra.apps import eventually


async def accepted(service: Feedback, rel: Relationship, admins: list[str]) -> None:
    await service.program(rel, admins=admins)
    await service.accept(rel, date.today())


async def foreign_match(service: Feedback) -> Relationship:
    rel = Relationship()
    await service.publish(ProgramCreatedV1(program_id=rel.program_id, name="G"), org="globex")
    accept = MatchAcceptedV1(
        **rel.parties(),
        mentor_participant_id=uuid4(),
        mentee_participant_id=uuid4(),
        starts_on=date.today(),
    )
    await service.publish(accept, org="globex")
    return rel


async def test_the_health_of_many_matches_in_one_call_leaves_the_invisible_out(
    feedback_service: Feedback,
) -> None:
    service = feedback_service
    ada_runs, bea_runs = Relationship(), Relationship()
    await accepted(service, ada_runs, ["ada"])
    await accepted(service, bea_runs, ["bea"])
    foreign = await foreign_match(service)
    asked = {"match_ids": ",".join(str(r.match_id) for r in (bea_runs, foreign, ada_runs))}

    async def seen(headers: dict[str, str]) -> list[str]:
        response = await service.client.get("/v1/health", params=asked, headers=headers)
        assert response.status_code == 200, response.text
        return [item["match_id"] for item in response.json()["items"]]

    org_admin = service.headers("olga", admin=True)
    order = [str(bea_runs.match_id), str(ada_runs.match_id)]
    assert await eventually(lambda: seen(org_admin), lambda ids: ids == order, within=WAIT) == order
    assert await seen(service.headers("ada")) == [str(ada_runs.match_id)]
    assert await seen(service.headers(ada_runs.mentee)) == []  # health is for admins only
    globex = await eventually(
        lambda: seen(service.headers("gus", org="globex", admin=True)), bool, within=WAIT
    )
    assert globex == [str(foreign.match_id)]

    batch = await service.client.get(
        "/v1/health", params={"match_ids": str(ada_runs.match_id)}, headers=org_admin
    )
    single = await service.client.get(f"/v1/matches/{ada_runs.match_id}/health", headers=org_admin)
    assert batch.json()["items"] == [single.json()]


@pytest.mark.parametrize(
    "value", [",".join(str(uuid4()) for _ in range(101)), "not-a-uuid", "", ","]
)
async def test_more_than_100_or_malformed_match_ids_are_refused(
    feedback_service: Feedback, value: str
) -> None:
    response = await feedback_service.client.get(
        "/v1/health", params={"match_ids": value}, headers=feedback_service.headers("ada")
    )
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["field"] == "match_ids"
