from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.scalars import JSON

from gateway.context import GatewayInfo
from gateway.goals.types import Cadence
from gateway.matching.loaders import programs_by_id
from gateway.pagination import MAX_PAGE, Connection
from gateway.resolve import loader, opt_date, opt_dt

if TYPE_CHECKING:
    from gateway.matching.circles import Circle
    from gateway.matching.matches import Recommendation

LazyCircle = Annotated["Circle", strawberry.lazy("gateway.matching.circles")]
"""circles.py builds on this module's types, so Program names its Circle lazily."""
LazyRecommendation = Annotated["Recommendation", strawberry.lazy("gateway.matching.matches")]


@strawberry.enum
class ProgramFormat(Enum):
    ONE_TO_ONE = "one_to_one"
    GROUP = "group"
    PEER = "peer"
    REVERSE = "reverse"
    FLASH = "flash"


@strawberry.enum
class ParticipantRole(Enum):
    MENTOR = "mentor"
    MENTEE = "mentee"


@strawberry.enum
class ProgramStatus(Enum):
    DRAFT = "draft"
    ENROLLING = "enrolling"
    MATCHING = "matching"
    ACTIVE = "active"
    CLOSED = "closed"


@strawberry.type(description="How a program matches: weights per factor, mode, thresholds.")
class ProgramSettings:
    weights: JSON = strawberry.field(description="Factor name to weight (0..100).")
    mentee_view: JSON
    mentor_view: JSON
    mode: str = strawberry.field(description="optimal or stable.")
    objective: str = strawberry.field(
        description="Optimal mode: max_matched (as many pairs as possible, then the best total) "
        "or max_total (the best total)."
    )
    minimum_score: float
    default_capacity: int
    approval: str = strawberry.field(
        description="mentor_accepts, mentee_accepts, both_accept or admin_assigns."
    )
    department_preference: str
    require_shared_language: bool
    forbid_reporting_line: bool

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> "ProgramSettings":
        return cls(
            weights=data.get("weights", {}),
            mentee_view=data.get("mentee_view", {}),
            mentor_view=data.get("mentor_view", {}),
            mode=data.get("mode", "optimal"),
            objective=data.get("objective", "max_matched"),
            minimum_score=float(data.get("minimum_score", 0.0)),
            default_capacity=int(data.get("default_capacity", 0)),
            approval=data.get("approval", "mentor_accepts"),
            department_preference=data.get("department_preference", "cross"),
            require_shared_language=bool(data.get("require_shared_language", True)),
            forbid_reporting_line=bool(data.get("forbid_reporting_line", True)),
        )


@strawberry.type(description="A goal every match of the program starts with once accepted.")
class GoalTemplate:
    title: str
    description: str
    metric: str | None
    unit: str | None
    target: float | None
    due_after_days: int | None
    milestones: list[str]

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> "GoalTemplate":
        return cls(
            title=data["title"],
            description=data.get("description", ""),
            metric=data.get("metric"),
            unit=data.get("unit"),
            target=data.get("target"),
            due_after_days=data.get("due_after_days"),
            milestones=list(data.get("milestones", [])),
        )


@strawberry.type(description="A mentorship program of the caller's organisation.")
class Program:
    id: strawberry.ID
    name: str
    format: ProgramFormat
    status: str
    created_at: datetime
    description: str = ""
    admin_user_ids: list[str] = strawberry.field(default_factory=list)
    checkin_cadence: Cadence = Cadence.BIWEEKLY
    starts_on: date | None = None
    ends_on: date | None = None
    goal_templates: list[GoalTemplate] = strawberry.field(default_factory=list)
    settings: ProgramSettings | None = None
    updated_at: datetime | None = None

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> "Program":
        return cls(
            id=strawberry.ID(str(data["id"])),
            name=data["name"],
            format=ProgramFormat(data["format"]),
            status=data["status"],
            created_at=datetime.fromisoformat(data["created_at"]),
            description=data.get("description", ""),
            admin_user_ids=list(data.get("admin_user_ids", [])),
            checkin_cadence=Cadence(data.get("checkin_cadence", "biweekly")),
            starts_on=opt_date(data.get("starts_on")),
            ends_on=opt_date(data.get("ends_on")),
            goal_templates=[GoalTemplate.from_api(t) for t in data.get("goal_templates", [])],
            settings=ProgramSettings.from_api(data.get("settings") or {}),
            updated_at=opt_dt(data.get("updated_at")),
        )

    @strawberry.field(
        description="A GROUP program's circles by the mentors' enrolment, "
        f"{MAX_PAGE} a page at most (empty in other formats): admins see all, mentors and "
        "members their own."
    )
    async def circles(
        self, info: GatewayInfo, first: int = 50, after: str | None = None
    ) -> Connection[LazyCircle]:
        from gateway.matching.circles import circles_of  # circles.py imports this module

        return await circles_of(info, self, first, after)


@strawberry.type(description="What a participant offers and wants: the matching inputs.")
class Profile:
    skills_offered: JSON = strawberry.field(description="Skill to level (1..5).")
    skills_wanted: JSON = strawberry.field(description="Skill to level (1..5).")
    goals: list[str]
    goals_text: str
    motivators: JSON
    communication_style: str | None
    seniority: int
    department: str | None
    manager_user_id: str | None
    timezone: str | None
    languages: list[str]
    availability: JSON
    exclusions: list[str]
    attributes: JSON

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> "Profile":
        return cls(
            skills_offered=data.get("skills_offered", {}),
            skills_wanted=data.get("skills_wanted", {}),
            goals=list(data.get("goals", [])),
            goals_text=data.get("goals_text", ""),
            motivators=data.get("motivators", {}),
            communication_style=data.get("communication_style"),
            seniority=int(data.get("seniority", 0)),
            department=data.get("department"),
            manager_user_id=data.get("manager_user_id"),
            timezone=data.get("timezone"),
            languages=list(data.get("languages", [])),
            availability=data.get("availability", {}),
            exclusions=list(data.get("exclusions", [])),
            attributes=data.get("attributes", {}),
        )


@strawberry.type(description="A person enrolled in a program.")
class Participant:
    id: strawberry.ID
    program_id: strawberry.ID
    user_id: str
    role: ParticipantRole
    display_name: str
    email: str | None
    created_at: datetime
    status: str = "active"
    capacity: int = 0
    external_id: str | None = None
    profile: Profile | None = None
    updated_at: datetime | None = None

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> "Participant":
        return cls(
            id=strawberry.ID(str(data["id"])),
            program_id=strawberry.ID(str(data["program_id"])),
            user_id=data["user_id"],
            role=ParticipantRole(data["role"]),
            display_name=data["display_name"],
            email=data.get("email"),
            created_at=datetime.fromisoformat(data["created_at"]),
            status=data.get("status", "active"),
            capacity=int(data.get("capacity", 0)),
            external_id=data.get("external_id"),
            profile=Profile.from_api(data.get("profile") or {}),
            updated_at=opt_dt(data.get("updated_at")),
        )

    @strawberry.field
    async def program(self, info: GatewayInfo) -> Program | None:
        data = await loader(info.context, programs_by_id).load(self.program_id)
        return Program.from_api(data) if data else None

    @strawberry.field(
        description="A mentee's suggested mentors with free places, best first, with reasons; "
        "empty for mentors and for mentees whose suggestions are not yours to see. A list of "
        "participants costs one call for all of them."
    )
    async def recommendations(self, info: GatewayInfo, limit: int = 5) -> list[LazyRecommendation]:
        if self.role != ParticipantRole.MENTEE:
            return []
        from gateway.matching.matches import recommendations_for  # matches.py imports this module

        return await recommendations_for(info, str(self.id), limit)
