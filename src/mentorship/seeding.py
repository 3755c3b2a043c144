"""`mentorship seed`: a demo organisation built through the public REST APIs only, so that every
service's consumers and read models fill as they would in production and the GraphQL API shows
real data.

The people are deterministic (a fixed random seed), so two seeds of two orgs look alike. An org
that already has programs is refused rather than mixed with demo data.
"""

import csv
import io
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from mentorship import importing
from mentorship.api_client import Api, ApiError, mint_token

MAIN_PROGRAM = "Engineering Mentoring"
CIRCLE_PROGRAM = "Leadership Circle"
SKILLS = [
    "python",
    "sql",
    "kubernetes",
    "security",
    "react",
    "go",
    "data-science",
    "product-management",
    "public-speaking",
    "leadership",
    "design",
    "negotiation",
]
DEPARTMENTS = ["engineering", "product", "design", "data", "sales", "people"]
TIMEZONES = [
    "Europe/Paris",
    "Europe/London",
    "America/New_York",
    "America/Sao_Paulo",
    "Asia/Tokyo",
    "Asia/Kolkata",
    "Australia/Sydney",
]
LANGUAGES = ["fr", "de", "es", "pt", "ja", "hi"]
STYLES = ["direct", "supportive", "analytical", "expressive"]
FIRST = [
    "Ada",
    "Grace",
    "Alan",
    "Linus",
    "Margaret",
    "Ken",
    "Barbara",
    "Dennis",
    "Frances",
    "John",
    "Radia",
    "Tim",
    "Hedy",
    "Edsger",
    "Katherine",
    "Donald",
    "Sophie",
    "Guido",
]
LAST = [
    "Lovelace",
    "Hopper",
    "Turing",
    "Torvalds",
    "Hamilton",
    "Thompson",
    "Liskov",
    "Ritchie",
    "Allen",
    "Backus",
    "Perlman",
    "Berners-Lee",
    "Lamarr",
    "Dijkstra",
    "Johnson",
    "Knuth",
]
COLUMNS = [
    "external_id",
    "user_id",
    "role",
    "display_name",
    "email",
    "capacity",
    "skills_offered",
    "skills_wanted",
    "goals",
    "languages",
    "motivators",
    "department",
    "seniority",
    "timezone",
    "communication_style",
    "manager_user_id",
]
GOAL_TEMPLATES = [
    {
        "title": "Agree on the mentoring plan",
        "description": "Write down what the mentee wants to learn and how often to meet",
        "due_after_days": 21,
        "milestones": ["First conversation", "Plan written"],
    },
    {
        "title": "Ship a stretch project",
        "description": "Deliver one project outside the mentee's comfort zone",
        "metric": "projects delivered",
        "target": 1,
        "unit": "projects",
        "due_after_days": 150,
    },
]
Step = Callable[[str, int | None], Callable[[], None]]


class SeedRefusedError(ApiError):
    pass


@dataclass
class Result:
    counts: dict[str, int] = field(default_factory=dict)
    program_ids: dict[str, str] = field(default_factory=dict)

    def lines(self) -> list[str]:
        programs = ", ".join(f"{name} {pid}" for name, pid in self.program_ids.items())
        return [f"programs: {programs}", *(f"{k}: {v}" for k, v in self.counts.items())]


def person_token(data_dir: Path, user_id: str, org: str) -> str:
    return mint_token(data_dir, user_id, org, [])


def _levels(rng: random.Random, skills: list[str], low: int, high: int) -> str:
    return ";".join(f"{skill}:{rng.randint(low, high)}" for skill in skills)


def demo_people(count: int, prefix: str, seed: int = 7) -> list[dict[str, str]]:
    """About 40% mentors (senior, offering skills) and 60% mentees (junior, wanting them)."""
    rng = random.Random(seed)
    mentors = max(2, count * 2 // 5)
    rows: list[dict[str, str]] = []
    for index in range(count):
        mentor = index < mentors
        user_id = f"{prefix}-{'mentor' if mentor else 'mentee'}-{index + 1:03d}"
        name = f"{FIRST[index % len(FIRST)]} {LAST[(index * 7) % len(LAST)]}"
        skills = rng.sample(SKILLS, 3 if mentor else 2)
        row = {
            "external_id": f"{prefix}-hr-{index + 1:04d}",
            "user_id": user_id,
            "role": "mentor" if mentor else "mentee",
            "display_name": name,
            "email": f"{user_id}@example.com",
            "capacity": str(rng.randint(1, 3)) if mentor else "",
            "skills_offered": _levels(rng, skills, 3, 5) if mentor else "",
            "skills_wanted": "" if mentor else _levels(rng, skills, 2, 4),
            "goals": ";".join(rng.sample(["promotion", "craft", "visibility", "career-change"], 2)),
            "languages": ";".join(["en", *rng.sample(LANGUAGES, rng.randint(0, 2))]),
            "motivators": f"growth:{rng.randint(2, 5)};impact:{rng.randint(2, 5)}",
            "department": rng.choice(DEPARTMENTS),
            "seniority": str(rng.randint(5, 9) if mentor else rng.randint(1, 4)),
            "timezone": rng.choice(TIMEZONES),
            "communication_style": rng.choice(STYLES),
            # A few reporting lines, so the run shows the constraint at work.
            "manager_user_id": f"{prefix}-mentor-001" if not mentor and index % 9 == 0 else "",
        }
        rows.append(row)
    return rows


def to_csv(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def eventually(read: Callable[[], Any], what: str, timeout: float = 30.0) -> Any:
    """Read until it answers something truthy: other services learn of changes from events."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            value = read()
        except ApiError as exc:
            if exc.status != 404:
                raise
            value = None
        if value:
            return value
        if time.monotonic() > deadline:
            raise ApiError(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(0.05)


def _programs(api: Api, today: date) -> tuple[str, str]:
    main = api.post(
        "/matching/v1/programs",
        {
            "name": MAIN_PROGRAM,
            "description": "Cross-team mentoring for engineers, designers and product people.",
            "settings": {
                "mode": "optimal",
                "minimum_score": 10,
                "default_capacity": 2,
                "approval": "mentor_accepts",
                "department_preference": "cross",
            },
            "checkin_cadence": "biweekly",
            "goal_templates": GOAL_TEMPLATES,
            "starts_on": today.isoformat(),
            "ends_on": (today + timedelta(days=270)).isoformat(),
        },
        key="seed-program-main",
    )
    circle = api.post(
        "/matching/v1/programs",
        {
            "name": CIRCLE_PROGRAM,
            "description": "Peer circles for new managers.",
            "format": "group",
            "checkin_cadence": "monthly",
        },
        key="seed-program-circle",
    )
    return main["id"], circle["id"]


def _import(api: Api, program_id: str, rows: list[dict[str, str]]) -> int:
    checked = importing.check(to_csv(rows))
    if checked.errors:  # the generator's own bug, not the user's
        raise ApiError(f"demo rows are invalid: {importing.format_error(checked.errors[0])}")
    totals = importing.send(
        api, importing.participants_path(program_id), checked, skip_invalid=False
    )
    return totals.created + totals.updated


def _goal(api: Api, mentor: Api, match: dict[str, Any], today: date, n: int) -> str:
    skill = SKILLS[n % len(SKILLS)]
    goal = api.post(
        f"/goals/v1/matches/{match['id']}/goals",
        {
            "title": f"Give talks about {skill}",
            "description": f"Prepare and give internal talks about {skill} to two teams",
            "metric": "talks given",
            "baseline": 0,
            "target": 3,
            "unit": "talks",
            "relevance_kind": "career_milestone",
            "relevance": "Visibility needed for the next promotion",
            "due_on": (today + timedelta(days=90)).isoformat(),
            "milestones": ["Pick the topics", "Draft the slides", "First talk"],
        },
        key=f"seed-goal-{match['id']}",
    )
    mentor.post(f"/goals/v1/goals/{goal['id']}/acknowledge")
    api.post(f"/goals/v1/goals/{goal['id']}/activate")
    api.post(f"/goals/v1/goals/{goal['id']}/milestones/{goal['milestones'][0]['id']}/complete")
    api.post(f"/goals/v1/goals/{goal['id']}/progress", {"value": n % 3 + 1, "note": "On track"})
    if n % 5 == 0:
        api.post(f"/goals/v1/goals/{goal['id']}/progress", {"value": 3, "note": "Done!"})
        api.post(f"/goals/v1/goals/{goal['id']}/complete")
    return str(goal["id"])


def _feedback(person: Api, checkin_id: str, n: int) -> int:
    open_requests = eventually(
        lambda: [
            r
            for r in person.pages("/feedback/v1/feedback-requests", status="open")
            if r["checkin_id"] == checkin_id
        ],
        "the feedback request of a completed check-in",
    )
    for request in open_requests:
        person.post(
            f"/feedback/v1/feedback-requests/{request['id']}/submission",
            {
                "ratings": {d: 3 + (n + i) % 3 for i, d in enumerate(request["dimensions"])},
                "comment": "Useful session, clear next steps.",
                "wants_to_continue": n % 7 != 0,
            },
            key=f"seed-feedback-{request['id']}",
        )
    return len(open_requests)


def _relationship(
    mentee: Api, mentor: Api, match: dict[str, Any], today: date, n: int
) -> tuple[int, int]:
    """A goal for every match; two thirds hold their first check-in and give feedback.
    Returns (check-ins completed, feedback submitted)."""
    match_id = match["id"]
    eventually(lambda: mentee.get(f"/goals/v1/matches/{match_id}"), "the match in goals")
    _goal(mentee, mentor, match, today, n)
    if n % 3 == 2:
        return 0, 0
    checkins = eventually(
        lambda: mentor.get(f"/goals/v1/matches/{match_id}/checkins")["items"],
        "the first check-in",
    )
    checkin_id = checkins[0]["id"]
    mentor.post(
        f"/goals/v1/checkins/{checkin_id}/complete",
        {"notes": {"body": "Talked about the plan; next: slides draft."}},
    )
    submitted = _feedback(mentee, checkin_id, n)
    if n % 2 == 0:
        submitted += _feedback(mentor, checkin_id, n + 1)
    return 1, submitted


def refuse_if_seeded(api: Api) -> None:
    existing = list(api.pages("/matching/v1/programs"))
    if existing:
        raise SeedRefusedError(
            f"the org already has {len(existing)} program(s); seed only fills an empty org "
            "(pass another --org)"
        )


def seed(api: Api, person: Callable[[str], Api], *, people: int, step: Step) -> Result:
    refuse_if_seeded(api)
    today = date.today()
    result = Result()
    tick = step("programs", 2)
    main_id, circle_id = _programs(api, today)
    tick()
    tick()
    result.program_ids = {"main": main_id, "circle": circle_id}
    tick = step("participants", 2)
    enrolled = _import(api, main_id, demo_people(people, "eng"))
    tick()
    enrolled += _import(api, circle_id, demo_people(10, "lead", seed=11))
    tick()
    tick = step("matching run", 1)
    run = api.post(f"/matching/v1/programs/{main_id}/runs", {})
    api.post(f"/matching/v1/runs/{run['id']}/publish")
    tick()
    proposed = list(api.pages(f"/matching/v1/programs/{main_id}/matches"))
    # One declined and one left open, so the admin views show every state.
    tick = step("matches", len(proposed))
    accepted: list[dict[str, Any]] = []
    for n, match in enumerate(proposed):
        left = len(proposed) - n
        if left == 2 and n >= 2:
            api.post(f"/matching/v1/matches/{match['id']}/decline", {"reason": "Schedules clash"})
        elif left > 2 or n < 2:
            accepted.append(api.post(f"/matching/v1/matches/{match['id']}/accept"))
        tick()
    completed = submitted = 0
    tick = step("goals, check-ins, feedback", len(accepted))
    for n, match in enumerate(accepted):
        mentee, mentor = person(match["mentee_user_id"]), person(match["mentor_user_id"])
        held, given = _relationship(mentee, mentor, match, today, n)
        completed, submitted = completed + held, submitted + given
        tick()
    goals = len(accepted)
    result.counts = {
        "participants": enrolled,
        "proposed": len(proposed),
        "accepted": len(accepted),
        "goals created": goals,
        "check-ins completed": completed,
        "feedback submitted": submitted,
    }
    return result
