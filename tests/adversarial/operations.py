"""Every service's operations, read from the OpenAPI document its FastAPI app generates, and the
table that says which seeded object each id-taking path parameter names.

The table is what makes a new endpoint join the isolation matrix by existing: its path
parameters either name a known resource here, or the matrix fails until someone adds them.
"""

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from feedback.app import create_app as create_feedback
from feedback.settings import FeedbackSettings
from goals.app import create_app as create_goals
from goals.settings import GoalsSettings
from matching.app import create_app as create_matching
from matching.settings import MatchingSettings
from notifications.app import create_app as create_notifications
from notifications.settings import NotificationsSettings
from tests.adversarial.stack import SERVICES

METHODS = ("get", "post", "put", "patch", "delete")

# Path (and query) parameter → the seeded resource (World.ids key) it names. One name means
# one kind of object in every service (a match id is the same match in matching and goals).
RESOURCES: dict[str, str] = {
    "program_id": "program",
    "match_id": "match",
    "participant_id": "participant",
    "mentee_participant_id": "mentee_participant",
    "mentor_participant_id": "mentor_participant",
    "run_id": "run",
    "circle_id": "circle",
    "goal_id": "goal",
    "milestone_id": "milestone",
    "checkin_id": "checkin",
    "feed_id": "feed",
    "resource_id": "resource",
    "request_id": "feedback_request",
    "submission_id": "submission",
    "survey_id": "survey",
    "notification_id": "notification",
    "endpoint_id": "webhook_endpoint",
    "user_id": "person",
    "scim_user_id": "scim_user",
}

# Path parameters that name no object of a tenant, each with why it stays out of the matrix.
NOT_OBJECT_IDS: dict[str, str] = {
    "kind": "a survey kind (pulse, closeout): an enum under the program, not an object id",
    "token": "the calendar feed's secret: a capability URL that takes no bearer token by "
    "design (the matrix probes it as 'a wrong secret is 404')",
    "resource_type_id": "a SCIM resource type's name (User): the same for every organisation",
    "schema_id": "a SCIM schema's URN: the same for every organisation",
}

# Fixed values for the not-object parameters, for the matrix to build a path with.
FIXED_VALUES: dict[str, str] = {
    "kind": "pulse",
    "resource_type_id": "User",
    "schema_id": "urn:ietf:params:scim:schemas:core:2.0:User",
}


@dataclass(frozen=True)
class Operation:
    service: str
    method: str
    path: str
    spec: dict[str, Any]

    @property
    def id(self) -> str:
        return f"{self.service}:{self.method.upper()} {self.path}"

    @property
    def path_parameters(self) -> list[str]:
        return re.findall(r"{([^}]+)}", self.path)

    @property
    def is_write(self) -> bool:
        return self.method != "get"

    @property
    def uses_scim(self) -> bool:
        """Authenticated by the organisation's SCIM secret (matching's /scim/v2), not a JWT."""
        return any("ScimBearer" in scheme for scheme in self.spec.get("security", []))

    @property
    def is_public(self) -> bool:
        """Takes no bearer token (health probes, the secret calendar feed)."""
        return not self.spec.get("security")


@cache
def openapi(service: str) -> dict[str, Any]:
    """The document the service's app generates (no database is touched to build it)."""
    url = "sqlite+aiosqlite://"
    apps = {
        "matching": lambda: create_matching(MatchingSettings(database_url=url)),
        "goals": lambda: create_goals(GoalsSettings(database_url=url)),
        "feedback": lambda: create_feedback(FeedbackSettings(database_url=url)),
        "notifications": lambda: create_notifications(NotificationsSettings(database_url=url)),
    }
    document: dict[str, Any] = apps[service]().openapi()
    return document


def operations() -> list[Operation]:
    found = []
    for service in SERVICES:
        for path, item in openapi(service)["paths"].items():
            for method in METHODS:
                if method in item:
                    found.append(Operation(service, method, path, item[method]))
    return found
