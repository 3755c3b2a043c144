"""Rate budgets, in process and per replica: who may make how many requests.

Authenticated callers are counted by who they are (token `sub` + `org`), others by where they
come from (client address), with tighter budgets for requests without a token and for requests
whose token is refused. The counting is the `limits` library's sliding window counter over its
in-memory storage: two counters per key and window, no I/O, so spending costs microseconds.

Budgets are per replica: N replicas let a caller through N times the budget. The ingress
(deploy/k8s) limits per client address in front of all replicas.
"""

import math
import time
from dataclasses import dataclass

from limits import RateLimitItem, parse_many
from limits.storage import MemoryStorage
from limits.strategies import SlidingWindowCounterRateLimiter
from starlette.responses import JSONResponse

from kit.errors import problem
from kit.settings import EdgeSettings


@dataclass(frozen=True)
class Budget:
    """A named set of windows, e.g. `principal`: 100 per second and 6000 per minute."""

    name: str
    items: tuple[RateLimitItem, ...]
    subject: str
    """Who is counted, for the refusal's detail: "this user", "this address"."""

    @classmethod
    def parse(cls, name: str, spec: str, subject: str) -> "Budget | None":
        return cls(name, tuple(parse_many(spec)), subject) if spec else None

    @property
    def policy(self) -> str:
        """`RateLimit-Policy` (draft-ietf-httpapi-ratelimit-headers): quota and window."""
        return ", ".join(
            f'"{self.name}-{item.get_expiry()}s";q={item.amount};w={item.get_expiry()}'
            for item in self.items
        )


@dataclass(frozen=True)
class Refusal:
    budget: Budget
    item: RateLimitItem
    retry_after: int

    def response(self) -> JSONResponse:
        """429 problem+json with `Retry-After` and the IETF `RateLimit` headers."""
        window = self.item.get_expiry()
        response = problem(
            429,
            "rate-limited",
            "Too many requests",
            f"Too many requests from {self.budget.subject} "
            f"(at most {self.item.amount} per {window} s); retry in {self.retry_after} s.",
            budget=self.budget.name,
        )
        response.headers["Retry-After"] = str(self.retry_after)
        response.headers["RateLimit-Policy"] = self.budget.policy
        response.headers["RateLimit"] = f'"{self.budget.name}-{window}s";r=0;t={self.retry_after}'
        return response


class RateLimiter:
    """The budgets of one app (one replica)."""

    def __init__(self, settings: EdgeSettings) -> None:
        self.principal = Budget.parse("principal", settings.rate_limit_principal, "this user")
        self.anonymous = Budget.parse(
            "anonymous", settings.rate_limit_anonymous, "this address without a token"
        )
        self.failed_auth = Budget.parse(
            "failed-auth", settings.rate_limit_failed_auth, "this address with refused tokens"
        )
        self.address = Budget.parse("address", settings.rate_limit_address, "this address")
        self._limiter = SlidingWindowCounterRateLimiter(MemoryStorage())

    def spend(self, budget: Budget | None, key: str) -> Refusal | None:
        """Count one request against `key`'s budget; the refusal when it is spent."""
        if budget is None:
            return None
        for item in budget.items:
            if not self._limiter.hit(item, budget.name, key):
                return Refusal(budget, item, self._retry_after(item, budget.name, key))
        return None

    def _retry_after(self, item: RateLimitItem, *identifiers: str) -> int:
        reset = self._limiter.get_window_stats(item, *identifiers).reset_time
        return max(1, math.ceil(reset - time.time()))
