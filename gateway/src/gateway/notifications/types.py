from datetime import datetime
from typing import Any

import strawberry


@strawberry.type(description="A notification in the caller's in-app inbox.")
class Notification:
    id: strawberry.ID
    category: str
    title: str
    body: str
    created_at: datetime
    read_at: datetime | None

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> "Notification":
        read_at = data.get("read_at")
        return cls(
            id=strawberry.ID(str(data["id"])),
            category=data["category"],
            title=data["title"],
            body=data["body"],
            created_at=datetime.fromisoformat(data["created_at"]),
            read_at=datetime.fromisoformat(read_at) if read_at else None,
        )
