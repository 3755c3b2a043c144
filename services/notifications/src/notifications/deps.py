"""What the service's handlers share: its settings, its clock and its DNS resolver (injectable
for tests)."""

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request

from kit.db import utcnow
from notifications.settings import NotificationsSettings
from notifications.webhooks.targets import Resolver, system_resolve


@dataclass(frozen=True)
class Deps:
    settings: NotificationsSettings
    clock: Callable[[], datetime] = utcnow
    """Now, for every scheduling decision (quiet hours, digests, retries, reminders)."""
    rng: random.Random = field(default_factory=random.Random)
    """Jitter of retry delays."""
    resolve: Resolver = system_resolve
    """Host names to addresses, for webhook and Slack targets (checked, then connected to)."""


async def _deps(request: Request) -> Deps:
    deps: Deps = request.app.state.notifications
    return deps


DepsDep = Annotated[Deps, Depends(_deps)]
