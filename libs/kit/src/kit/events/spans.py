"""Spans of the event pipeline.

An event carries the W3C `traceparent` of the span that emitted it (a request, a handler, a
job). The consumer's span for the event is a child of that span, so a trace runs from the request
through every event it causes. The relay publishes later, outside any request, and many events at
once: its PRODUCER span is a root that links to the span of each event it publishes.
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from opentelemetry.context import Context
from opentelemetry.trace import Link, Span, SpanKind
from opentelemetry.util.types import AttributeValue

from kit.events.envelope import Event, Record
from kit.tracing import TRACER, context_of, span_context_of

MESSAGING_SYSTEM = "kafka"
"""The in-process bus of the embedded mode stands in for Kafka, with the same semantics."""


@contextmanager
def consuming(consumer: str, record: Record, event: Event) -> Iterator[Span]:
    """The CONSUMER span of one handling of `event`; an exception escaping it is recorded and
    sets the span's status to error."""
    attributes: dict[str, AttributeValue] = {
        "messaging.system": MESSAGING_SYSTEM,
        "messaging.operation.type": "process",
        "messaging.operation.name": "process",
        "messaging.destination.name": record.topic,
        "messaging.destination.partition.id": str(record.partition),
        "messaging.kafka.offset": record.offset,
        "messaging.message.id": str(event.id),
        "cloudevents.event_id": str(event.id),
        "cloudevents.event_type": event.type,
        "cloudevents.event_source": event.source,
        "cloudevents.event_subject": event.subject,
        "mentorship.org_id": event.org_id,
        "mentorship.consumer": consumer,
    }
    if record.key is not None:
        attributes["messaging.kafka.message.key"] = record.key.decode(errors="replace")
    with TRACER.start_as_current_span(
        f"process {record.topic}",
        context=context_of(event.traceparent),
        kind=SpanKind.CONSUMER,
        attributes=attributes,
    ) as span:
        yield span


@contextmanager
def publishing(records: Sequence[Record]) -> Iterator[Span]:
    """The PRODUCER span of one relay batch: a root, linked to each event's emitting span."""
    topics = sorted({record.topic for record in records})
    attributes: dict[str, AttributeValue] = {
        "messaging.system": MESSAGING_SYSTEM,
        "messaging.operation.type": "send",
        "messaging.operation.name": "send",
        "messaging.batch.message_count": len(records),
    }
    if len(topics) == 1:
        attributes["messaging.destination.name"] = topics[0]
    with TRACER.start_as_current_span(
        f"send {topics[0]}" if len(topics) == 1 else "send",
        context=Context(),
        kind=SpanKind.PRODUCER,
        attributes=attributes,
        links=_links(records),
    ) as span:
        yield span


def _links(records: Sequence[Record]) -> list[Link]:
    links = []
    for record in records:
        traceparent = record.header("ce_traceparent")
        emitted = span_context_of(traceparent.decode(errors="replace")) if traceparent else None
        if emitted is not None:
            event_id = (record.header("ce_id") or b"").decode(errors="replace")
            links.append(Link(emitted, {"messaging.message.id": event_id}))
    return links
