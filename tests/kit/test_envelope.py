"""The CloudEvents envelope: structured JSON with the attributes repeated as ce_* headers."""

import json
from dataclasses import replace
from datetime import UTC, datetime
from uuid import uuid4

import pytest
from cloudevents.core.bindings import kafka
from cloudevents.core.formats.json import JSONFormat
from cloudevents.core.v1.event import CloudEvent

from contracts.matching import ParticipantEnrolledV1
from kit.events.envelope import (
    Event,
    InvalidPayloadError,
    MalformedEventError,
    Record,
    UnknownEventTypeError,
    decode,
    encode,
    new_event,
)

pytestmark = pytest.mark.unit


def enrolled() -> ParticipantEnrolledV1:
    return ParticipantEnrolledV1(
        program_id=uuid4(),
        program_name="P",
        participant_id=uuid4(),
        user_id="u1",
        role="mentee",
        display_name="Una",
    )


def test_encoded_event_is_structured_cloudevent_keyed_by_subject_with_ce_headers() -> None:
    event = new_event(enrolled(), subject="agg-1", org_id="acme")
    key, value, headers = encode(event)
    body = json.loads(value)
    header_map = dict(headers)

    assert key == b"agg-1"
    assert header_map["content-type"] == b"application/cloudevents+json"
    assert body["specversion"] == "1.0"
    assert body["type"] == "mentorship.matching.participant.enrolled.v1"
    assert body["source"] == "/mentorship/matching"
    assert body["orgid"] == "acme"
    assert body["traceparent"].startswith("00-")
    for attribute in ("id", "source", "type", "subject", "orgid", "traceparent", "time"):
        assert header_map[f"ce_{attribute}"].decode() == str(body[attribute]).replace("+00:00", "Z")


def test_decode_returns_the_event_that_was_encoded() -> None:
    event = new_event(enrolled(), subject="agg-1", org_id="acme")
    key, value, headers = encode(event)
    decoded = decode(Record("t", key, value, headers))
    assert decoded == event
    assert decoded.payload() == enrolled().model_copy(
        update={
            "program_id": decoded.payload().program_id,  # type: ignore[attr-defined]
            "participant_id": decoded.payload().participant_id,  # type: ignore[attr-defined]
        }
    )


def test_readers_ignore_fields_they_do_not_know() -> None:
    event = new_event(enrolled(), subject="s", org_id="acme")
    data = {**event.data, "added_in_a_later_version": 1}
    key, value, headers = encode(event.__class__(**{**event.__dict__, "data": data}))
    assert isinstance(decode(Record("t", key, value, headers)).payload(), ParticipantEnrolledV1)


@pytest.mark.parametrize("value", [b"{not json", b"[]", b'{"specversion": "1.0"}', b""])
def test_non_cloudevents_are_malformed(value: bytes) -> None:
    with pytest.raises(MalformedEventError):
        decode(Record("t", None, value))


def test_unknown_type_and_invalid_payload_are_told_apart() -> None:
    event = new_event(enrolled(), subject="s", org_id="acme")
    unknown = event.__class__(**{**event.__dict__, "type": "mentorship.matching.unicorn.seen.v1"})
    invalid = event.__class__(**{**event.__dict__, "data": {"user_id": 3}})
    with pytest.raises(UnknownEventTypeError):
        unknown.payload()
    with pytest.raises(InvalidPayloadError):
        invalid.payload()


def sdk_encoding(event: Event) -> tuple[bytes, bytes, tuple[tuple[str, bytes], ...]]:
    """What the CloudEvents SDK's Kafka binding makes of the event (the envelope's reference)."""
    cloud_event = CloudEvent(
        attributes={
            "id": str(event.id),
            "source": event.source,
            "type": event.type,
            "specversion": "1.0",
            "time": event.time,
            "subject": event.subject,
            "datacontenttype": "application/json",
            "orgid": event.org_id,
            "traceparent": event.traceparent,
            "partitionkey": event.subject,
        },
        data=event.data,
    )
    structured = kafka.to_structured(cloud_event, JSONFormat())
    binary = kafka.to_binary(cloud_event, JSONFormat()).headers
    headers = {k: v for k, v in binary.items() if k.startswith("ce_") and k != "ce_partitionkey"}
    headers.update(structured.headers)
    return event.subject.encode(), structured.value, tuple(headers.items())


@pytest.mark.parametrize(
    "event",
    [
        new_event(enrolled(), subject="agg-1", org_id="acme"),
        replace(
            new_event(enrolled(), subject="agg-2", org_id="acme"),
            time=datetime(2026, 12, 3, 14, 0, tzinfo=UTC),  # no microseconds
            traceparent="",
            data={"name": "Zoë 🚀", "nested": {"list": [1, 2.5, None, True]}, "quote": '"'},
        ),
    ],
    ids=["enrolment", "unicode-whole-second-untraced"],
)
def test_the_envelope_is_byte_for_byte_what_the_cloudevents_sdk_writes(event: Event) -> None:
    assert encode(event) == sdk_encoding(event)
    assert decode(Record("t", *encode(event))) == event
