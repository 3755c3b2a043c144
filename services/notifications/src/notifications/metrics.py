"""The notifications service's own metrics (the platform's are in `kit.metrics`)."""

from prometheus_client import Counter

DELIVERY_OUTCOMES = Counter(
    "notification_delivery_attempts_total",
    "Email and Slack delivery attempts, by channel and outcome (delivered, retried, failed, "
    "unrenderable: a message that could not be built, failed for good)",
    ["service", "channel", "outcome"],
)


def count_delivery(channel: str, outcome: str) -> None:
    DELIVERY_OUTCOMES.labels("notifications", channel, outcome).inc()
