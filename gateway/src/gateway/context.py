"""The per-request context: who is calling, and clients and loaders made for this request only
(a DataLoader shared across requests would serve one caller's data to another)."""

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx
from strawberry.fastapi import BaseContext
from strawberry.types import Info

from gateway.clients.base import ServiceClient
from gateway.live import LiveEvents
from kit.auth import Principal

SERVICES = ("matching", "goals", "feedback", "notifications")


class NotAuthenticatedError(Exception):
    """Raised by resolvers that need a signed-in caller (a readable, unmasked error)."""


@dataclass
class Downstream:
    """The gateway's long-lived HTTP clients, one per service, and a call counter for tests."""

    http: dict[str, httpx.AsyncClient]
    calls: Counter[str] = field(default_factory=Counter)
    cohort_timeout: float = 300.0
    """Seconds for calls that run or publish a whole cohort (see GatewaySettings)."""
    recheck_seconds: float = 5.0
    """How long a subscription trusts its authorisation (see GatewaySettings)."""


class Context(BaseContext):
    def __init__(
        self, downstream: Downstream, live: LiveEvents, principal: Principal | None
    ) -> None:
        super().__init__()
        self.principal = principal
        self.live = live
        self._downstream = downstream
        self.loaders: dict[str, Any] = {}
        self.verifier: Any = None
        self.expires_at: float | None = None
        """When a websocket's token expires (the socket closes then)."""

    @property
    def cohort_timeout(self) -> float:
        return self._downstream.cohort_timeout

    @property
    def recheck_seconds(self) -> float:
        return self._downstream.recheck_seconds

    def client(self, service: str) -> ServiceClient:
        token = self.principal.token if self.principal else ""
        return ServiceClient(service, self._downstream.http[service], token, self._downstream.calls)

    @property
    def caller(self) -> Principal:
        """The principal of a field guarded by a permission class (gateway.permissions), which
        has checked it is there; reaching this without one is a bug, not a client error."""
        if self.principal is None:
            raise NotAuthenticatedError("Sign in first: a bearer token is required.")
        return self.principal

    def user(self) -> Principal:
        """The caller; kept for code not yet on permission classes (prefer `caller`)."""
        return self.caller


GatewayInfo = Info[Context, None]
