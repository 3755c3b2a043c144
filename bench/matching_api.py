"""A 10k x 2k cohort through the REST API on PostgreSQL: profiles imported by CSV, loaded back
from the database by the run, and the draft written back (`python -m bench.matching_api`).

Target (issue 3): the run request answers in <= 30 s. Publishing (every pair proposed, each
with its full explanation, and its match.proposed event in the outbox) is timed too. The
result is merged into bench/results/matching.json under "rest_api".
"""

import asyncio
import csv
import io
import json
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from uuid import uuid4

from kit.auth import StaticKeySource, TokenVerifier
from kit.devtokens import DevIssuer
from kit.events.bus import InProcessBus
from matching.app import create_app
from matching.engine import synthetic
from matching.engine.profiles import Profile
from matching.settings import MatchingSettings
from tests.infra.apps import bearer, serve
from tests.infra.infra import provide_postgres

RESULTS = Path(__file__).resolve().parent / "results" / "matching.json"
TARGET_SECONDS = 30.0


def pairs(values: Mapping[str, object]) -> str:
    return ";".join(f"{key}:{value}" for key, value in values.items())


def _csv(mentees: list[Profile], mentors: list[Profile]) -> str:
    out = io.StringIO()
    columns = [
        "external_id",
        "user_id",
        "role",
        "display_name",
        "capacity",
        "skills_offered",
        "skills_wanted",
        "goals",
        "goals_text",
        "motivators",
        "communication_style",
        "seniority",
        "department",
        "manager_user_id",
        "languages",
        "availability",
        "exclusions",
        "attributes",
    ]
    writer = csv.writer(out)
    writer.writerow(columns)
    seen: set[str] = set()
    for role, people in (("mentor", mentors), ("mentee", mentees)):
        for person in people:
            if person.user_id in seen:  # one person, one role per program in the API
                continue
            seen.add(person.user_id)
            writer.writerow(
                [
                    f"{role}-{person.key}",
                    person.user_id,
                    role,
                    person.user_id,
                    person.capacity if role == "mentor" else "",
                    pairs(person.skills_offered),
                    pairs(person.skills_wanted),
                    ";".join(person.goals),
                    person.goals_text,
                    pairs(person.motivators),
                    person.communication_style or "",
                    person.seniority,
                    person.department or "",
                    person.manager_user_id or "",
                    ";".join(person.languages),
                    ";".join(f"{m}:8" for m in person.available_months),
                    ";".join(person.exclusions),
                    pairs(person.attributes),
                ]
            )
    return out.getvalue()


async def run(mentees: int, mentors: int, mode: str) -> dict[str, Any]:
    issuer = DevIssuer.generate()
    verifier = TokenVerifier(StaticKeySource(issuer.public_key_pem), issuer.issuer, issuer.audience)
    admin = bearer(issuer.mint("ada", "bench", ["org_admin"]))
    people, coaches = synthetic.cohort(mentees, mentors, seed=1)
    text = _csv(people, coaches)
    with provide_postgres() as server:
        url = server.create_database(f"bench_{uuid4().hex[:10]}")
        settings = MatchingSettings(database_url=url, auto_migrate=True, log_json=False)
        async with serve(create_app(settings, InProcessBus(), verifier)) as api:
            program = await api.post(
                "/v1/programs",
                json={"name": "Bench", "settings": {"mode": mode, "minimum_score": 40}},
                headers=admin,
            )
            program_id = program.json()["id"]
            started = time.perf_counter()
            imported = await api.post(
                f"/v1/programs/{program_id}/participants/import",
                content=text.encode(),
                headers={**admin, "content-type": "text/csv"},
                timeout=600,
            )
            import_seconds = time.perf_counter() - started
            assert imported.status_code == 200, imported.text[:500]
            started = time.perf_counter()
            response = await api.post(
                f"/v1/programs/{program_id}/runs", json={}, headers=admin, timeout=600
            )
            seconds = time.perf_counter() - started
            assert response.status_code == 201, response.text[:500]
            body = response.json()
            started = time.perf_counter()
            published = await api.post(f"/v1/runs/{body['id']}/publish", headers=admin, timeout=600)
            publish_seconds = time.perf_counter() - started
            assert published.status_code == 200, published.text[:500]
    return {
        "mentees": mentees,
        "mentors": mentors,
        "mode": mode,
        "imported": imported.json()["created"],
        "import_seconds": import_seconds,
        "run_request_seconds": seconds,
        "publish_seconds": publish_seconds,
        "proposed": published.json()["report"]["published"]["proposed"],
        "target_seconds": TARGET_SECONDS,
        "met": seconds <= TARGET_SECONDS,
        "matched": body["report"]["matched"],
        "engine_timings": body["report"]["timings_seconds"],
        "certificate_gap": body["report"].get("certificate", {}).get("gap_units"),
    }


def main() -> None:
    result = asyncio.run(run(10_000, 2_000, "optimal"))
    print(json.dumps(result, indent=1))
    report = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    report["rest_api"] = result
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
