"""Nested fields are read through per-request DataLoaders over the services' batch endpoints: a
nested list query makes at most one downstream call per service per nesting level, however
long the list and however often an object appears, and a batch function runs once per level."""

from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from gateway.context import Context, Downstream
from gateway.live import LiveEvents
from gateway.resolve import BATCH_IDS, batch_items, loader, ordered
from mentorship.embedded import create_embedded_app, dev_issuer
from tests.infra.apps import bearer, serve

PAIRS = 4
NESTED = """query($id: ID!) { matches(programId: $id, first: 100) { nodes { id
  mentor { userId program { name } } again: mentor { displayName }
  mentee { userId program { name } }
  program { name } goals { title } nextCheckin { startsAt } health { score } } } }"""


class Backend:
    def __init__(self, client: httpx.AsyncClient, app: Any, tmp_path: Path) -> None:
        self.client = client
        self.calls: Counter[str] = app.state.gateway.state.downstream.calls
        self.admin = bearer(dev_issuer(tmp_path).mint("ada", "acme", ["org_admin"]))

    async def rest(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        response = await self.client.post(path, json=body, headers=self.admin)
        assert response.status_code == 201, response.text
        data: dict[str, Any] = response.json()
        return data

    async def graphql(self, query: str, **variables: Any) -> dict[str, Any]:
        self.calls.clear()
        response = await self.client.post(
            "/graphql", json={"query": query, "variables": variables}, headers=self.admin
        )
        body: dict[str, Any] = response.json()
        assert "errors" not in body, body
        return body["data"]  # type: ignore[no-any-return]


@pytest.fixture
async def backend(tmp_path: Path) -> AsyncIterator[Backend]:
    app = create_embedded_app(tmp_path)
    async with serve(app) as client:
        yield Backend(client, app, tmp_path)


async def program_with_pairs(backend: Backend, pairs: int) -> str:
    program = await backend.rest(
        "/matching/v1/programs", {"name": "Loaders", "settings": {"approval": "admin_assigns"}}
    )
    base = f"/matching/v1/programs/{program['id']}"
    for i in range(pairs):
        mentor = await backend.rest(
            f"{base}/participants", {"user_id": f"mentor{i}", "role": "mentor", "display_name": "M"}
        )
        mentee = await backend.rest(
            f"{base}/participants", {"user_id": f"mentee{i}", "role": "mentee", "display_name": "E"}
        )
        await backend.rest(
            f"{base}/matches",
            {"mentor_participant_id": mentor["id"], "mentee_participant_id": mentee["id"]},
        )
    return str(program["id"])


# At most one downstream call per service per nesting level. Level 0: the match list.
# Level 1: every mentor and mentee in one participants batch, goals' two batches (goals and
# next check-ins), feedback's health batch. Level 2: the programs, in one batch.
ONE_PER_LEVEL = {"matching": 3, "goals": 2, "feedback": 1}


@pytest.mark.embedded
async def test_a_nested_match_list_costs_one_call_per_service_and_level(
    backend: Backend,
) -> None:
    program_id = await program_with_pairs(backend, PAIRS)

    data = await backend.graphql(NESTED, id=program_id)
    nodes = data["matches"]["nodes"]
    assert len(nodes) == PAIRS
    assert all(node["program"] == {"name": "Loaders"} for node in nodes)
    assert all(node["mentor"]["program"] == {"name": "Loaders"} for node in nodes)
    # The batch answers went back to the right keys: each match shows its own pair.
    pairs = {(node["mentor"]["userId"], node["mentee"]["userId"]) for node in nodes}
    assert pairs == {(f"mentor{i}", f"mentee{i}") for i in range(PAIRS)}
    measured = dict(backend.calls)
    assert measured == ONE_PER_LEVEL, measured

    # Loaders live for one request only: the same query costs the same again.
    await backend.graphql(NESTED, id=program_id)
    assert dict(backend.calls) == measured


@pytest.mark.embedded
async def test_the_downstream_calls_do_not_grow_with_the_list(backend: Backend) -> None:
    counts = []
    for pairs in (2, 6):
        program_id = await program_with_pairs(backend, pairs)
        data = await backend.graphql(NESTED, id=program_id)
        assert len(data["matches"]["nodes"]) == pairs
        counts.append(dict(backend.calls))
    assert counts == [ONE_PER_LEVEL, ONE_PER_LEVEL], counts


@pytest.mark.unit
async def test_a_loader_batches_every_key_of_a_level_into_one_call() -> None:
    """What makes a batch endpoint a one-line switch: each level reaches the batch function
    once, with every distinct key of that level."""
    batches: list[list[str]] = []

    async def batch(_: Context, keys: list[str]) -> list[str]:
        batches.append(keys)
        return [key.upper() for key in keys]

    context = Context(Downstream(http={}), LiveEvents(), None)
    load = loader(context, batch)
    assert loader(context, batch) is load  # one loader per kind and request
    results = [await future for future in [load.load(k) for k in ("a", "b", "a", "c")]]
    assert results == ["A", "B", "A", "C"]
    assert batches == [["a", "b", "c"]]
    other = Context(Downstream(http={}), LiveEvents(), None)
    assert loader(other, batch) is not load  # never shared across requests


@pytest.mark.unit
def test_a_batch_answer_is_put_back_in_key_order_with_gaps_for_what_is_missing() -> None:
    items = [{"id": "b", "n": 2}, {"id": "a", "n": 1}]
    assert ordered(["a", "x", "b"], items) == [{"id": "a", "n": 1}, None, {"id": "b", "n": 2}]


@pytest.mark.unit
async def test_a_batch_of_more_keys_than_an_endpoint_takes_is_split_into_calls_of_100() -> None:
    """A page of 100 matches shows up to 200 people: the services take 100 ids a call."""
    asked: list[list[str]] = []

    def answer(request: httpx.Request) -> httpx.Response:
        ids = request.url.params["ids"].split(",")
        asked.append(ids)
        return httpx.Response(200, json={"items": [{"id": id} for id in ids]})

    http = httpx.AsyncClient(transport=httpx.MockTransport(answer), base_url="http://matching")
    downstream = Downstream(http={"matching": http})
    context = Context(downstream, LiveEvents(), None)
    keys = [f"k{index}" for index in range(2 * BATCH_IDS + 1)]
    items = await batch_items(context, "matching", "/v1/participants", "ids", keys)
    await http.aclose()
    assert ordered(keys, items) == [{"id": key} for key in keys]
    assert sorted(len(ids) for ids in asked) == [1, BATCH_IDS, BATCH_IDS]
    assert downstream.calls["matching"] == 3


@pytest.mark.embedded
async def test_recommendations_for_a_list_of_participants_cost_one_call(backend: Backend) -> None:
    program = await backend.rest(
        "/matching/v1/programs", {"name": "Suggest", "settings": {"approval": "admin_assigns"}}
    )
    base = f"/matching/v1/programs/{program['id']}/participants"
    for i in range(3):
        await backend.rest(base, {"user_id": f"coach{i}", "role": "mentor", "display_name": "C"})
    for i in range(5):
        await backend.rest(base, {"user_id": f"learner{i}", "role": "mentee", "display_name": "L"})
    query = """query($id: ID!) { participants(programId: $id, first: 50) { nodes {
      userId role recommendations(limit: 2) { mentorUserId explanation { score } } } } }"""

    data = await backend.graphql(query, id=program["id"])

    nodes = data["participants"]["nodes"]
    mentees = [n for n in nodes if n["role"] == "MENTEE"]
    assert len(mentees) == 5
    assert all(len(n["recommendations"]) == 2 for n in mentees)
    assert all(n["recommendations"] == [] for n in nodes if n["role"] == "MENTOR")
    # The participant page, then every mentee's suggestions in one batch.
    assert dict(backend.calls) == {"matching": 2}, dict(backend.calls)
