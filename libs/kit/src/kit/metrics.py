"""Prometheus metrics of the platform, labelled by service so that one process can host several."""

import time

from prometheus_client import Counter, Gauge, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send

REQUESTS = Counter(
    "http_requests_total", "HTTP requests handled", ["service", "method", "route", "status"]
)
REQUEST_SECONDS = Histogram(
    "http_request_duration_seconds", "HTTP request latency", ["service", "method", "route"]
)
OUTBOX_BACKLOG = Gauge("outbox_backlog", "Outbox rows not yet published", ["service"])
OUTBOX_OLDEST_AGE = Gauge(
    "outbox_oldest_age_seconds", "Age of the oldest unpublished outbox row", ["service"]
)
OUTBOX_PUBLISHED = Counter("outbox_published_total", "Outbox rows published", ["service"])
OUTBOX_PUBLISH_FAILURES = Counter(
    "outbox_publish_failures_total", "Failed attempts to publish an outbox batch", ["service"]
)
CONSUMED = Counter(
    "events_consumed_total", "Events handled by a consumer", ["service", "consumer", "outcome"]
)
INBOX_DUPLICATES = Counter(
    "inbox_duplicates_total",
    "Events skipped because the inbox had already recorded them",
    ["service", "consumer"],
)
HANDLER_RETRIES = Counter(
    "consumer_handler_retries_total",
    "Handler attempts that failed and were retried",
    ["service", "consumer"],
)
DEAD_LETTERS = Counter(
    "dead_letters_total", "Messages sent to a dead-letter topic", ["service", "consumer", "reason"]
)
CONSUMER_LAG = Gauge(
    "consumer_lag",
    "Messages behind the end of a partition",
    ["service", "consumer", "topic", "partition"],
)
ASSIGNED_PARTITIONS = Gauge(
    "consumer_assigned_partitions", "Partitions assigned to a consumer", ["service", "consumer"]
)


class RequestMetrics:
    """`http_requests_total` and `http_request_duration_seconds` of every HTTP request, labelled
    by route template. Pure ASGI: no task and no request object per request, unlike Starlette's
    `BaseHTTPMiddleware` (`@app.middleware("http")`)."""

    def __init__(self, app: ASGIApp, service: str) -> None:
        self.app = app
        self.service = service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # unless the app answers: an error escaped it

        async def send_and_note(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        finally:
            route = getattr(scope.get("route"), "path", "unmatched")
            method = scope["method"]
            REQUESTS.labels(self.service, method, route, status).inc()
            REQUEST_SECONDS.labels(self.service, method, route).observe(
                time.perf_counter() - started
            )
