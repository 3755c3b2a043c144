"""The population import: validated like the participant import, idempotent on the HR id,
for org admins only, and keeping nothing but the fields the outcomes report compares."""

from typing import Any

from tests.feedback.harness import Feedback

URL = "/v1/population/import"
HEADER = (
    "hr_id,full_name,email,department,seniority_band,hire_date,exit_date,exit_voluntary,"
    "promotion_dates,salary\n"
)
ROWS = (
    "H1,Ada Lovelace,ada@example.com,eng,IC2,2020-01-06,,,2022-03-01;2021-03-01,123456\n"
    "H2,Grace Hopper,grace@example.com,eng,IC3,2019-05-01,2025-06-30,true,,98765\n"
)


async def post(service: Feedback, body: str, admin: bool = True, **params: str) -> Any:
    return await service.client.post(
        URL,
        content=body.encode(),
        params=params,
        headers={**service.headers("root", admin=admin), "Content-Type": "text/csv"},
    )


async def test_only_the_minimum_is_kept_and_a_reimport_changes_nothing(
    feedback_service: Feedback,
) -> None:
    service = feedback_service
    response = await post(service, HEADER + ROWS)
    assert response.status_code == 200, response.text
    report = response.json()
    assert (report["created"], report["updated"], report["errors"]) == (2, 0, [])
    assert report["ignored_columns"] == ["email", "full_name", "salary"]
    rows = sorted(await service.rows("population_members"), key=lambda row: row["hr_id"])
    assert set(rows[0]) == {
        "id",
        "org_id",
        "hr_id",
        "department",
        "seniority_band",
        "hire_date",
        "exit_date",
        "exit_voluntary",
        "promotion_dates",
        "move_dates",
    }
    kept = repr(rows)
    for private in ("Lovelace", "ada@example.com", "123456", "Hopper", "98765"):
        assert private not in kept
    assert rows[0]["promotion_dates"] in (
        ["2021-03-01", "2022-03-01"],
        '["2021-03-01", "2022-03-01"]',
    )
    [event] = await service.outbox("mentorship.feedback.population.imported.v1")
    assert (event["created"], event["rows"]) == (2, 2)

    again = await post(service, HEADER + ROWS)
    assert (again.json()["created"], again.json()["updated"]) == (0, 0)
    changed = await post(service, HEADER + ROWS.replace("eng,IC3", "eng,IC4"))
    assert (changed.json()["created"], changed.json()["updated"]) == (0, 1)
    assert len(await service.rows("population_members")) == 2
    assert len(await service.outbox("mentorship.feedback.population.imported.v1")) == 2


async def test_invalid_rows_are_reported_and_nothing_is_written(
    feedback_service: Feedback,
) -> None:
    service = feedback_service
    body = (
        "hr_id,department,seniority_band,hire_date,exit_date,exit_voluntary\n"
        "H1,eng,IC2,2020-01-06,,\n"
        "H2,eng,IC2,not-a-date,,\n"
        "H3,eng,IC2,2020-01-06,2019-01-01,\n"
        "H1,eng,IC2,2020-01-06,,\n"
        "H4,eng,IC2,2020-01-06,,true\n"
    )
    refused = await post(service, body)
    assert refused.status_code == 422
    assert refused.headers["content-type"] == "application/problem+json"
    where = {(e["row"], e["column"]) for e in refused.json()["errors"]}
    assert where == {(2, "hire_date"), (3, "row"), (4, "hr_id"), (5, "row")}
    assert await service.rows("population_members") == []

    skipped = await post(service, body, skip_invalid="true")
    assert (skipped.json()["created"], skipped.json()["skipped"]) == (1, 4)

    header = await post(service, "hr_id,department\nH9,eng\n")
    assert header.status_code == 422
    assert {e["column"] for e in header.json()["errors"]} == {"seniority_band", "hire_date"}


async def test_the_population_is_for_org_admins_of_their_own_tenant(
    feedback_service: Feedback,
) -> None:
    service = feedback_service
    assert (await post(service, HEADER + ROWS, admin=False)).status_code == 403
    assert await service.rows("population_members") == []
    other = await service.client.post(
        URL,
        content=(HEADER + ROWS).encode(),
        headers={**service.headers("root", "globex", admin=True), "Content-Type": "text/csv"},
    )
    assert other.status_code == 200
    acme = await post(service, HEADER + ROWS)
    assert acme.json()["created"] == 2  # globex's H1 and H2 are other people
