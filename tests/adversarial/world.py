"""A small organisation built through the public REST APIs, and the people who probe it.

Org `acme`: program "Spring" (1:1, admin paula) with two accepted matches, maria → tom (the
match every probe targets) and mike → tina (the "mentee of another match"), an ended match
olga → oscar (its close-out survey), an unmatched pair una/ulf (a matching run), a goal with a
milestone, check-ins (one completed, so feedback was requested and given), a program resource,
a calendar feed, a webhook endpoint and a program Slack channel. Program "Autumn" is
administered by peter ("an admin of another program"); "Circle" is a group program (a circle).
Org `globex` has its own admin, eve, and a program of its own.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from kit.devtokens import DevIssuer
from tests.adversarial.stack import SERVICES, Stack
from tests.infra.apps import bearer

ORG = "acme"
OTHER_ORG = "globex"


@dataclass(frozen=True)
class Caller:
    name: str
    user: str | None
    org: str = ORG
    roles: tuple[str, ...] = ()

    def headers(self, issuer: DevIssuer) -> dict[str, str]:
        if self.user is None:
            return {}
        return bearer(issuer.mint(self.user, self.org, list(self.roles)))


ORG_ADMIN = Caller("org_admin", "ada", roles=("org_admin",))
PROGRAM_ADMIN = Caller("program_admin", "paula")
MENTOR = Caller("mentor", "maria")
MENTEE = Caller("mentee", "tom")
CLOSED_MENTEE = Caller("closed_mentee", "oscar")
MEMBER = Caller("member", "sam")  # a plain member of the org: no program, no match

# Those who may not see what the owners above own (the five).
OTHER_ORG_ADMIN = Caller("other_org_admin", "eve", OTHER_ORG, ("org_admin",))
STRANGER = Caller("stranger", "sam")
OTHER_MENTEE = Caller("other_mentee", "tina")
OTHER_PROGRAM_ADMIN = Caller("other_program_admin", "peter")
ANONYMOUS = Caller("anonymous", None)
OUTSIDERS = (OTHER_ORG_ADMIN, STRANGER, OTHER_MENTEE, OTHER_PROGRAM_ADMIN, ANONYMOUS)


class SeedError(AssertionError):
    pass


@dataclass
class World:
    ids: dict[str, str] = field(default_factory=dict)
    """Object ids by resource name (the isolation matrix's keys)."""
    calendar_token: str = ""
    scim: dict[str, dict[str, str]] = field(default_factory=dict)
    """Each org's SCIM credential as an identity provider sends it (`Authorization` header), and
    `voided`: acme's secret before its last rotation."""


class Seeder:
    def __init__(self, stack: Stack, issuer: DevIssuer) -> None:
        self.stack = stack
        self.issuer = issuer

    def call(
        self,
        caller: Caller,
        service: str,
        method: str,
        path: str,
        body: Any = None,
        expect: tuple[int, ...] = (200, 201, 202, 204),
        **kwargs: Any,
    ) -> Any:
        response = self.stack.request(
            service, method, path, json=body, headers=caller.headers(self.issuer), **kwargs
        )
        if response.status_code not in expect:
            raise SeedError(f"{caller.name} {method} {service}{path}: {response.text}")
        return response.json() if response.content else None

    def eventually(self, read: Callable[[], Any], what: str, within: float = 60) -> Any:
        """Other services learn of changes from events: read until the answer is truthy."""
        deadline = time.monotonic() + within
        while True:
            try:
                value = read()
            except SeedError:
                value = None
            if value:
                return value
            if time.monotonic() > deadline:
                raise SeedError(f"timed out waiting for {what}")
            time.sleep(0.1)

    def program(self, name: str, admin: str, **fields: Any) -> str:
        body = {"name": name, "admin_user_ids": [admin], "checkin_cadence": "weekly", **fields}
        return str(self.call(ORG_ADMIN, "matching", "POST", "/v1/programs", body)["id"])

    def enrol(self, program_id: str, user: str, role: str) -> str:
        body = {
            "user_id": user,
            "role": role,
            "display_name": user.title(),
            "email": f"{user}@example.com",
            "capacity": 2 if role == "mentor" else None,
            "profile": {
                "languages": ["en"],
                "timezone": "Europe/Paris",
                "seniority": 6 if role == "mentor" else 2,
                "goals": ["leadership"],
                "availability": {"2027-01": 6, "2027-02": 6},
            },
        }
        if body["capacity"] is None:
            del body["capacity"]
        path = f"/v1/programs/{program_id}/participants"
        return str(self.call(ORG_ADMIN, "matching", "POST", path, body)["id"])

    def match(self, program_id: str, mentor: str, mentee: str) -> str:
        body = {"mentor_participant_id": mentor, "mentee_participant_id": mentee}
        path = f"/v1/programs/{program_id}/matches"
        match_id = str(self.call(ORG_ADMIN, "matching", "POST", path, body)["id"])
        self.call(ORG_ADMIN, "matching", "POST", f"/v1/matches/{match_id}/accept")
        return match_id


def scim_headers(s: "Seeder", admin: Caller) -> dict[str, str]:
    """A new SCIM secret for the admin's org (the previous one is void from now on)."""
    secret = s.call(admin, "matching", "POST", "/v1/scim/credentials")["secret"]
    return {"Authorization": f"Bearer {secret}"}


def seed_scim(s: "Seeder", w: World) -> None:
    """Both orgs' SCIM credentials and one person provisioned in acme (the matrix's
    `scim_user`, with the HR id of tom's participation)."""
    w.scim["voided"] = scim_headers(s, ORG_ADMIN)
    w.scim[ORG] = scim_headers(s, ORG_ADMIN)
    w.scim[OTHER_ORG] = scim_headers(s, OTHER_ORG_ADMIN)
    response = s.stack.request(
        "matching",
        "POST",
        "/scim/v2/Users",
        json={
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
            "userName": "tom",
            "externalId": "HR-TOM",
            "emails": [{"value": "tom@example.com", "primary": True}],
            "active": True,
        },
        headers=w.scim[ORG],
    )
    if response.status_code != 201:
        raise SeedError(f"SCIM POST /Users: {response.text}")
    w.ids["scim_user"] = str(response.json()["id"])


def seed_world(stack: Stack, issuer: DevIssuer) -> World:
    s = Seeder(stack, issuer)
    w = World()
    ids = w.ids
    spring = s.program("Spring", PROGRAM_ADMIN.user or "")
    ids["program"] = spring
    s.program("Autumn", OTHER_PROGRAM_ADMIN.user or "")
    circle_program = s.program("Circle", PROGRAM_ADMIN.user or "", format="group")

    maria = s.enrol(spring, "maria", "mentor")
    tom = s.enrol(spring, "tom", "mentee")
    mike = s.enrol(spring, "mike", "mentor")
    tina = s.enrol(spring, "tina", "mentee")
    olga = s.enrol(spring, "olga", "mentor")
    oscar = s.enrol(spring, "oscar", "mentee")
    ids["mentor_participant"] = s.enrol(spring, "ulf", "mentor")
    una = s.enrol(spring, "una", "mentee")
    ids["participant"] = tom
    ids["person"] = "tom"  # a person's id is their user id (the privacy exports)
    ids["mentee_participant"] = una
    ids["match"] = s.match(spring, maria, tom)
    s.match(spring, mike, tina)
    closed = s.match(spring, olga, oscar)

    gina = s.enrol(circle_program, "gina", "mentor")
    gus = s.enrol(circle_program, "gus", "mentee")
    s.match(circle_program, gina, gus)
    ids["circle"] = gina  # a circle's id is its mentor's participant id

    run = s.call(PROGRAM_ADMIN, "matching", "POST", f"/v1/programs/{spring}/runs", {})
    ids["run"] = str(run["id"])

    # The other org: its admin has something of their own, so "sees nothing" is not vacuous.
    s.call(OTHER_ORG_ADMIN, "matching", "POST", "/v1/programs", {"name": "Globex program"})
    seed_scim(s, w)

    match_id = ids["match"]
    s.eventually(
        lambda: s.call(MENTEE, "goals", "GET", f"/v1/matches/{match_id}"), "the match in goals"
    )
    goal = s.call(
        MENTEE,
        "goals",
        "POST",
        f"/v1/matches/{match_id}/goals",
        {
            "title": "Give talks about python",
            "description": "Prepare and give internal talks about python to two teams",
            "metric": "talks given",
            "baseline": 0,
            "target": 2,
            "unit": "talks",
            "relevance_kind": "career_milestone",
            "relevance": "Visibility needed for the next promotion",
            "due_on": (datetime.now(UTC).date() + timedelta(days=90)).isoformat(),
            "milestones": ["Pick the topics", "First talk"],
        },
    )
    ids["goal"] = str(goal["id"])
    ids["milestone"] = str(goal["milestones"][0]["id"])

    starts = (datetime.now(UTC) + timedelta(days=3)).replace(microsecond=0).isoformat()
    checkin = s.call(
        MENTOR, "goals", "POST", f"/v1/matches/{match_id}/checkins", {"starts_at": starts}
    )
    ids["checkin"] = str(checkin["id"])
    held = s.call(
        MENTOR, "goals", "POST", f"/v1/matches/{match_id}/checkins", {"starts_at": starts}
    )
    s.call(MENTOR, "goals", "POST", f"/v1/checkins/{held['id']}/complete", {})

    feed = s.call(MENTEE, "goals", "POST", "/v1/calendar-feeds", None)
    ids["feed"] = str(feed["id"])
    w.calendar_token = str(feed["url"]).rsplit("/", 1)[-1].removesuffix(".ics")
    resource = s.call(
        PROGRAM_ADMIN,
        "goals",
        "POST",
        f"/v1/programs/{spring}/resources",
        {"title": "Mentoring guide", "kind": "guide", "body": "Meet weekly."},
    )
    ids["resource"] = str(resource["id"])

    requests = s.eventually(
        lambda: s.call(MENTEE, "feedback", "GET", "/v1/feedback-requests")["items"],
        "the mentee's feedback request",
    )
    request = requests[0]
    ids["feedback_request"] = str(request["id"])
    s.call(
        MENTEE,
        "feedback",
        "POST",
        f"/v1/feedback-requests/{request['id']}/submission",
        {
            "ratings": {d: 4 for d in request["dimensions"]},
            "comment": "Clear next steps.",
            "wants_to_continue": True,
        },
    )
    received = s.eventually(
        lambda: s.call(MENTOR, "feedback", "GET", "/v1/feedback/received")["items"],
        "the mentor's received feedback",
    )
    ids["submission"] = str(received[0]["id"])

    s.call(ORG_ADMIN, "matching", "POST", f"/v1/matches/{closed}/end", {"outcome": "completed"})

    def close_out_surveys() -> Any:
        stack.fire_due_jobs("feedback")  # the close-out is a job, due at once
        return s.call(CLOSED_MENTEE, "feedback", "GET", "/v1/surveys")["items"]

    surveys = s.eventually(
        close_out_surveys,
        "the close-out survey",
    )
    ids["survey"] = str(surveys[0]["id"])

    notes = s.eventually(
        lambda: s.call(MENTEE, "notifications", "GET", "/v1/notifications")["items"],
        "the mentee's notifications",
    )
    ids["notification"] = str(notes[0]["id"])
    endpoint = s.call(
        ORG_ADMIN,
        "notifications",
        "POST",
        "/v1/webhook-endpoints",
        {"url": "https://hooks.example.com/mentorship"},
    )
    ids["webhook_endpoint"] = str(endpoint["id"])
    s.eventually(
        lambda: s.call(
            PROGRAM_ADMIN,
            "notifications",
            "PUT",
            f"/v1/programs/{spring}/slack",
            {"slack_webhook_url": "https://hooks.slack.com/services/T000/B000/XXXX"},
        ),
        "the program in notifications",
    )
    return w


def wait_quiet(stack: Stack, within: float = 60) -> None:
    """Wait until every outbox is published (the relays have nothing left to do), so that
    rows stop changing by themselves."""
    deadline = time.monotonic() + within

    async def backlog(service: str) -> int:
        from sqlalchemy import text

        async with stack.apps[service].state.runtime.sessions() as session:
            result = await session.execute(
                text("SELECT count(*) FROM outbox WHERE published_at IS NULL")
            )
            return int(result.scalar_one())

    while True:
        pending = sum(stack.call(lambda s=s: backlog(s)) for s in SERVICES)  # type: ignore[misc]
        if pending == 0 or time.monotonic() > deadline:
            return
        time.sleep(0.1)


def response_text(response: httpx.Response) -> str:
    return response.text[:500]
