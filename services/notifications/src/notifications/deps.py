"""What the service's handlers share: its settings and its clock (injectable for tests)."""

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request

from kit.db import utcnow
from notifications.settings import NotificationsSettings


@dataclass(frozen=True)
class Deps:
    settings: NotificationsSettings
    clock: Callable[[], datetime] = utcnow
    """Now, for every scheduling decision (quiet hours, digests, retries, reminders)."""
    rng: random.Random = field(default_factory=random.Random)
    """Jitter of retry delays."""


def _deps(request: Request) -> Deps:
    deps: Deps = request.app.state.notifications
    return deps


DepsDep = Annotated[Deps, Depends(_deps)]
