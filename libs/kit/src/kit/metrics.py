"""Prometheus metrics of the platform, labelled by service so that one process can host several."""

from prometheus_client import Counter, Gauge, Histogram

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
