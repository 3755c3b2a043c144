"""Rate budgets, in process and per replica: who may make how many requests.

Authenticated callers are counted by who they are (token `sub` + `org`), others by where they
come from (client address), with tighter budgets for requests without a token and for requests
whose token is refused. The counting is the `limits` library's sliding window counter over its
in-memory storage (without its expiry thread, see `_Counters`): two counters per key and
window, no I/O, nothing beside the event loop, so spending costs microseconds.

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

SWEEP_SECONDS = 10.0


class _Counters(MemoryStorage):
    """`limits`' in-memory counters without their expiry thread. `MemoryStorage` purges expired
    keys in a `threading.Timer` that it starts again, 10 ms later, on every hit that finds the
    last one finished: under load a new OS thread up to a hundred times a second, each start
    holding the event loop until the thread has run (`Thread.start` waits for it, and the GIL
    must change hands) and each sweep contending for the GIL. The profile of a program read
    under wrk: 15-25 % of matching's samples and of the gateway's in that thread churn.

    Here nothing runs beside the event loop: `get` already drops an expired key whenever it is
    read, as the storage does; keys never read again (callers gone) are swept inline, at most
    once per `SWEEP_SECONDS`, so the table stays bounded by the callers of the last windows.
    One event loop owns the limiter, so the per-key locks are not needed either."""

    def __init__(self) -> None:
        super().__init__()  # starts the storage's one first timer; none after it
        self._next_sweep = 0.0

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        now = time.time()
        self._sweep(now)
        if self.expirations.get(key, 0) <= now:
            self.storage.pop(key, None)
            self.expirations.pop(key, None)
        self.storage[key] += amount
        if self.storage[key] == amount:
            self.expirations[key] = now + expiry
        return self.storage[key]

    def decr(self, key: str, amount: int = 1) -> int:
        self.get(key)
        self.storage[key] = max(self.storage[key] - amount, 0)
        return self.storage[key]

    def _sweep(self, now: float) -> None:
        if now < self._next_sweep:
            return
        self._next_sweep = now + SWEEP_SECONDS
        for key in [key for key, at in self.expirations.items() if at <= now]:
            self.clear(key)


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
        self._limiter = SlidingWindowCounterRateLimiter(_Counters())

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
