from datetime import datetime
from enum import Enum
from typing import Any

import strawberry


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


@strawberry.type(description="A mentorship program of the caller's organisation.")
class Program:
    id: strawberry.ID
    name: str
    format: ProgramFormat
    status: str
    created_at: datetime

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> "Program":
        return cls(
            id=strawberry.ID(str(data["id"])),
            name=data["name"],
            format=ProgramFormat(data["format"]),
            status=data["status"],
            created_at=datetime.fromisoformat(data["created_at"]),
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
        )


@strawberry.input
class ProgramInput:
    name: str
    format: ProgramFormat = ProgramFormat.ONE_TO_ONE


@strawberry.input
class EnrolmentInput:
    program_id: strawberry.ID
    user_id: str
    role: ParticipantRole
    display_name: str
    email: str | None = None
