"""Traces: a request's SERVER span, the events it emits (their traceparent), the CONSUMER spans of
their handling and the relay's PRODUCER span make one story; spans go out over OTLP/HTTP only
when an endpoint is configured."""

import asyncio
import http.server
import os
import subprocess
import sys
import threading
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from fastapi import APIRouter, FastAPI
from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.trace import SpanKind, StatusCode
from pydantic_settings import SettingsConfigDict
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from kit.app import SessionDep, create_service_app
from kit.auth import TokenVerifier
from kit.events.bus import InProcessBus
from kit.events.consumer import Consumer
from kit.events.deadletter import dlq_topic
from kit.events.envelope import Event, decode
from kit.events.outbox import emit
from kit.logging import add_trace_context
from kit.runtime import ServiceDefinition
from kit.settings import ServiceSettings
from kit.tracing import TRACER, configure_tracing, current_traceparent, service_resource
from tests.infra.apps import eventually, serve
from tests.infra.tracing import SpanRecorder, span_recorder
from tests.kit.pipeline_harness import (
    CounterIncrementedV1,
    Pipeline,
    effects,
    metadata,
    tables,
)

pytestmark = pytest.mark.embedded

ROOT = Path(__file__).resolve().parents[2]


class TracedSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="TRACED_", extra="ignore")


def traced_app(database_url: str, bus: InProcessBus, verifier: TokenVerifier) -> FastAPI:
    """A service whose endpoint emits an event that its own consumer handles, over the bus."""
    consumer = Consumer("effects")

    @consumer.on(CounterIncrementedV1)
    async def apply(session: AsyncSession, event: Event, payload: CounterIncrementedV1) -> None:
        await session.execute(
            insert(effects).values(key=payload.key, seq=payload.seq, event_id=str(event.id))
        )

    router = APIRouter()

    @router.post("/counters/{key}", status_code=201)
    async def increment(key: str, session: SessionDep) -> dict[str, str]:
        event = await emit(
            session, CounterIncrementedV1(key=key, seq=1), subject=key, org_id="acme"
        )
        return {"event_id": str(event.id)}

    definition = ServiceDefinition(
        name="testkit",
        metadata=metadata,
        tables=tables,
        migrations_dir=Path("/nonexistent"),
        consumers=[consumer],
    )
    settings = TracedSettings(database_url=database_url, log_json=False, relay_idle_seconds=0.02)
    return create_service_app(definition, settings, [router], bus=bus, verifier=verifier)


@pytest.fixture
async def pipeline(tmp_path: Path) -> AsyncIterator[Pipeline]:
    pipe = Pipeline(f"sqlite+aiosqlite:///{tmp_path / 'traced.db'}", namespace="")
    await pipe.create_schema()
    yield pipe
    await pipe.close()


def ids(span: ReadableSpan) -> tuple[int, int]:
    assert span.context is not None
    return span.context.trace_id, span.context.span_id


def parent_id(span: ReadableSpan) -> int | None:
    return span.parent.span_id if span.parent is not None else None


def traceparent_of(span: ReadableSpan) -> str:
    assert span.context is not None
    trace_id, span_id, flags = span.context.trace_id, span.context.span_id, span.context.trace_flags
    return f"00-{trace_id:032x}-{span_id:016x}-{flags:02x}"


async def test_a_request_the_event_it_emits_and_the_handling_of_that_event_make_one_trace(
    pipeline: Pipeline, verifier: TokenVerifier, spans: SpanRecorder
) -> None:
    bus = InProcessBus()
    async with serve(traced_app(pipeline.url, bus, verifier)) as client:
        response = await client.post("/counters/k1")
        assert response.status_code == 201, response.text
        for probe in ("/healthz", "/readyz", "/metrics"):
            assert (await client.get(probe)).status_code in (200, 503)
        assert await eventually(pipeline.effect_count, lambda n: n >= 1) == 1

    [server] = spans.of_kind(SpanKind.SERVER)  # the probes and the scrape have none
    assert server.name == "POST /counters/{key}"
    assert server.attributes is not None
    assert server.attributes["http.route"] == "/counters/{key}"
    trace_id, server_span_id = ids(server)

    # The event carries the request span's context...
    [record] = bus.records(pipeline.topic)
    event = decode(record)
    assert event.traceparent == traceparent_of(server)
    assert record.header("ce_traceparent") == event.traceparent.encode()

    # ...so handling it continues the request's trace, under the request's span.
    [consumed] = spans.of_kind(SpanKind.CONSUMER)
    assert ids(consumed)[0] == trace_id
    assert parent_id(consumed) == server_span_id
    assert server in spans.ancestors(consumed)
    assert consumed.name == f"process {pipeline.topic}"
    assert consumed.status.status_code == StatusCode.UNSET
    assert dict(consumed.attributes or {}) | {"messaging.kafka.offset": 0} == {
        "messaging.system": "kafka",
        "messaging.operation.type": "process",
        "messaging.operation.name": "process",
        "messaging.destination.name": pipeline.topic,
        "messaging.destination.partition.id": "0",
        "messaging.kafka.offset": 0,
        "messaging.kafka.message.key": "k1",
        "messaging.message.id": str(event.id),
        "cloudevents.event_id": str(event.id),
        "cloudevents.event_type": CounterIncrementedV1.event_type,
        "cloudevents.event_source": "/mentorship/testkit",
        "cloudevents.event_subject": "k1",
        "mentorship.org_id": "acme",
        "mentorship.consumer": "effects",
    }

    # The relay publishes later, outside the request: its span links to it, as a root.
    [published] = spans.of_kind(SpanKind.PRODUCER)
    assert published.parent is None
    assert ids(published)[0] != trace_id
    assert [(link.context.trace_id, link.context.span_id) for link in published.links] == [
        (trace_id, server_span_id)
    ]
    assert published.links[0].attributes == {"messaging.message.id": str(event.id)}
    assert published.attributes is not None
    assert published.attributes["messaging.batch.message_count"] == 1
    assert published.attributes["messaging.destination.name"] == pipeline.topic


async def test_a_request_continues_the_callers_trace(
    pipeline: Pipeline, verifier: TokenVerifier, spans: SpanRecorder
) -> None:
    caller = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
    async with serve(traced_app(pipeline.url, InProcessBus(), verifier)) as client:
        response = await client.post("/counters/k1", headers={"traceparent": caller})
        assert response.status_code == 201, response.text

    [server] = spans.of_kind(SpanKind.SERVER)
    assert ids(server)[0] == 0x0AF7651916CD43DD8448EB211C80319C
    assert parent_id(server) == 0xB7AD6B7169203331


async def test_a_failing_handler_records_the_error_on_every_attempts_span(
    pipeline: Pipeline, spans: SpanRecorder
) -> None:
    pipeline.failing = lambda payload: True
    bus = InProcessBus()
    await pipeline.change("k", 1)
    relay = pipeline.relay(bus.publisher())
    assert await relay.publish_batch() == 1
    event = decode(bus.records(pipeline.topic)[0])

    runner = pipeline.runner(
        lambda: bus.subscription("g", [pipeline.topic]), bus.publisher(), max_retries=1
    )
    task = asyncio.create_task(runner.run())

    async def dead_letters() -> int:
        return len(bus.records(dlq_topic(pipeline.topic)))

    assert await eventually(dead_letters, bool) == 1
    runner.stop()
    await task

    attempts = spans.of_kind(SpanKind.CONSUMER)
    assert len(attempts) == 2  # the batch, then the message alone: then it is dead-lettered
    for span in attempts:
        assert ids(span)[0] == int(event.traceparent.split("-")[1], 16)
        assert span.status.status_code == StatusCode.ERROR
        assert span.status.description == "ValueError: cannot apply k#1"
        [raised] = span.events
        assert raised.name == "exception"
        assert raised.attributes is not None
        assert raised.attributes["exception.type"] == "ValueError"


def test_events_emitted_inside_a_span_carry_its_context(spans: SpanRecorder) -> None:
    with TRACER.start_as_current_span("work") as span:
        context = span.get_span_context()
        # 03: sampled, and the trace id is random (W3C Trace Context level 2)
        assert current_traceparent() == f"00-{context.trace_id:032x}-{context.span_id:016x}-03"
    outside = current_traceparent()
    assert outside.split("-")[1] != f"{context.trace_id:032x}"  # a fresh root


def test_logs_take_the_trace_id_of_the_active_span(spans: SpanRecorder) -> None:
    bound = {"event": "handled", "trace_id": "from-the-event"}
    assert add_trace_context(None, "info", dict(bound)) == bound
    with TRACER.start_as_current_span("work") as span:
        context = span.get_span_context()
        logged = add_trace_context(None, "info", dict(bound))
    assert logged == {
        "event": "handled",
        "trace_id": f"{context.trace_id:032x}",
        "span_id": f"{context.span_id:016x}",
    }


def test_setup_is_idempotent_and_keeps_the_provider_already_installed(
    spans: SpanRecorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OTEL_EXPORTER_OTLP_ENDPOINT", raising=False)
    monkeypatch.delenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", raising=False)
    assert configure_tracing("mentorship-matching") is span_recorder().provider
    assert configure_tracing("mentorship-goals") is span_recorder().provider
    assert trace.get_tracer_provider() is span_recorder().provider


def test_the_service_name_is_the_services_unless_the_environment_names_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("OTEL_SERVICE_NAME", raising=False)
    monkeypatch.delenv("OTEL_RESOURCE_ATTRIBUTES", raising=False)
    assert service_resource("mentorship-goals").attributes["service.name"] == "mentorship-goals"
    monkeypatch.setenv("OTEL_RESOURCE_ATTRIBUTES", "service.name=from-attributes,team=platform")
    resource = service_resource("mentorship-goals")
    assert resource.attributes["service.name"] == "from-attributes"
    assert resource.attributes["team"] == "platform"
    monkeypatch.setenv("OTEL_SERVICE_NAME", "goals-eu")
    assert service_resource("mentorship-goals").attributes["service.name"] == "goals-eu"


class _Collector(http.server.BaseHTTPRequestHandler):
    received: list[tuple[str, bytes]]

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("content-length", 0)))
        self.received.append((self.path, body))
        self.send_response(200)
        self.send_header("content-type", "application/x-protobuf")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        return None


@pytest.fixture
def collector() -> Iterator[tuple[str, list[tuple[str, bytes]]]]:
    """An OTLP/HTTP endpoint that keeps what it receives."""
    received: list[tuple[str, bytes]] = []
    handler = type("Collector", (_Collector,), {"received": received})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", received
    server.shutdown()
    server.server_close()


EXPORTING_PROCESS = """
from opentelemetry import trace
from kit.tracing import TRACER, configure_tracing
first = configure_tracing("mentorship-matching")
again = configure_tracing("mentorship-goals")
print(type(first).__name__, first is again is trace.get_tracer_provider(),
      len(first._active_span_processor._span_processors) if first else 0)
with TRACER.start_as_current_span("exported-span"):
    pass
"""


def run_process(**env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("OTEL_")}
    done = subprocess.run(
        [sys.executable, "-c", EXPORTING_PROCESS],
        env={**clean, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout.strip()


def test_spans_are_exported_over_otlp_http_once_an_endpoint_is_set(
    collector: tuple[str, list[tuple[str, bytes]]],
) -> None:
    endpoint, received = collector
    # One provider and one exporter however many apps the process builds; flushed at exit.
    assert run_process(OTEL_EXPORTER_OTLP_ENDPOINT=endpoint) == "TracerProvider True 1"
    [(path, body)] = received
    assert path == "/v1/traces"
    assert b"mentorship-matching" in body
    assert b"exported-span" in body
    assert b"mentorship-goals" not in body

    received.clear()
    traces_only = f"{endpoint}/custom/traces"
    assert run_process(OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=traces_only) == "TracerProvider True 1"
    assert [path for path, _ in received] == ["/custom/traces"]


def test_without_an_endpoint_or_with_the_sdk_disabled_nothing_is_installed(
    collector: tuple[str, list[tuple[str, bytes]]],
) -> None:
    endpoint, received = collector
    assert run_process() == "NoneType False 0"
    assert run_process(OTEL_EXPORTER_OTLP_ENDPOINT=endpoint, OTEL_SDK_DISABLED="true") == (
        "NoneType False 0"
    )
    assert run_process(OTEL_EXPORTER_OTLP_ENDPOINT=endpoint, OTEL_TRACES_EXPORTER="none") == (
        "NoneType False 0"
    )
    assert received == []
