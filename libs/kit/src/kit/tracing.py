"""OpenTelemetry: the process's tracer provider, server spans, and the W3C trace context that
travels in events (their `traceparent` attribute) and in logs.

Spans are exported (OTLP over HTTP, in batches) only when `OTEL_EXPORTER_OTLP_ENDPOINT` or
`OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` is set. Otherwise no SDK is installed and tracing costs next
to nothing; the trace context still flows from a request or an event to the events it causes,
because the API's no-op spans carry their parent's context. `OTEL_SDK_DISABLED=true` turns the
SDK off altogether.

One process may build several apps (the embedded mode, tests), and a process has one global
tracer provider that can be set once: `configure_tracing` sets it at most once and reuses an SDK
provider that is already there (a test's, recording spans in memory), adding the exporter to it.
"""

import os
import secrets
import threading

import structlog
from fastapi import FastAPI
from fastapi.telemetry import TelemetryConfig
from opentelemetry import context as otel_context
from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from opentelemetry.sdk.resources import SERVICE_NAME, OTELResourceDetector, Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExporter
from opentelemetry.trace import SpanContext
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator
from starlette.types import ASGIApp, Receive, Scope, Send

log = structlog.get_logger(__name__)

TRACER = trace.get_tracer("kit")
"""The kit's own spans (events, jobs); it follows whichever provider is installed, even later."""

NOT_TRACED = r"/healthz$,/readyz$,/metrics$"
"""Regexes of the URLs that get no server span: probes and scrapes."""

SERVICE_PREFIX = "mentorship-"
"""`service.name` of a service's spans: `mentorship-matching`, `mentorship-gateway`."""

FRAMEWORK_TELEMETRY: TelemetryConfig = {
    "tracing": False,
    "metrics": False,
    "logs": False,
    "auto_configure": False,
}
"""`FastAPI(telemetry=...)` of every app: FastAPI's own telemetry (it has some since 0.16x) stays
off, and the OpenTelemetry instrumentation (`instrument_app`) makes the server spans. With both,
an app that is not instrumented (the embedded root) would add a span around each request, and its
request state would leak into the in-process calls made under it."""

_PROPAGATOR = TraceContextTextMapPropagator()
_lock = threading.Lock()
_exporting = False


def configure_tracing(service_name: str) -> TracerProvider | None:
    """Set up the process's tracing; idempotent. Returns the SDK provider in use, if any.

    With an OTLP endpoint configured, installs a provider whose resource names the service
    (unless `OTEL_SERVICE_NAME` or `OTEL_RESOURCE_ATTRIBUTES` name it) with a batch exporter, or
    adds that exporter to the SDK provider already installed. The first call wins: later calls,
    whatever their service name, change nothing.
    """
    global _exporting
    if _true(os.environ.get("OTEL_SDK_DISABLED")):
        return None
    with _lock:
        provider = _installed_provider()
        if _exporting or not _export_configured():
            return provider
        if provider is None:
            provider = TracerProvider(resource=service_resource(service_name))
            trace.set_tracer_provider(provider)
            if trace.get_tracer_provider() is not provider:
                log.warning("traces_not_exported", reason="another tracer provider is installed")
                return None
        provider.add_span_processor(BatchSpanProcessor(_otlp_exporter()))
        _exporting = True
        return provider


def service_resource(service_name: str) -> Resource:
    """The resource of this process's spans: `service.name` is `service_name` unless
    `OTEL_SERVICE_NAME` or `OTEL_RESOURCE_ATTRIBUTES` (which win) set it."""
    return Resource.create({SERVICE_NAME: service_name}).merge(OTELResourceDetector().detect())


def tracing_enabled() -> bool:
    """Whether this process records spans: an SDK provider is installed (a test's), or spans
    are to be exported (`configure_tracing` will install one). Otherwise spans are no-ops."""
    if _true(os.environ.get("OTEL_SDK_DISABLED")):
        return False
    return _installed_provider() is not None or _export_configured()


def instrument_app(app: FastAPI) -> bool:
    """A SERVER span for every request but the probes and scrapes, child of the caller's span
    when the request carries a `traceparent`; True when the app got it.

    Only when tracing is on: the OpenTelemetry ASGI middleware costs a good share of a small
    request even when its spans are no-ops. The trace context still flows without it: a
    request's events carry a fresh root `traceparent` (see `current_traceparent`).
    """
    if not tracing_enabled():
        app.add_middleware(CallerTraceContext)
        return False
    FastAPIInstrumentor.instrument_app(
        app, excluded_urls=NOT_TRACED, exclude_spans=["receive", "send"]
    )
    return True


def current_traceparent() -> str:
    """The active span's traceparent, or a fresh root one when nothing is being traced."""
    context = trace.get_current_span().get_span_context()
    if context.is_valid:
        return f"00-{context.trace_id:032x}-{context.span_id:016x}-{context.trace_flags:02x}"
    return f"00-{secrets.token_hex(16)}-{secrets.token_hex(8)}-01"


def trace_id_of(traceparent: str) -> str:
    parts = traceparent.split("-")
    return parts[1] if len(parts) == 4 else ""


def context_of(traceparent: str) -> Context:
    """A context whose parent is the span `traceparent` names (W3C); empty when it is invalid."""
    return _PROPAGATOR.extract({"traceparent": traceparent} if traceparent else {})


def span_context_of(traceparent: str) -> SpanContext | None:
    """The span `traceparent` names, to link to; None when it is invalid."""
    context = trace.get_current_span(context_of(traceparent)).get_span_context()
    return context if context.is_valid else None


def _installed_provider() -> TracerProvider | None:
    provider = trace.get_tracer_provider()
    return provider if isinstance(provider, TracerProvider) else None


def _export_configured() -> bool:
    if os.environ.get("OTEL_TRACES_EXPORTER", "otlp").strip().lower() == "none":
        return False
    return bool(
        os.environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
        or os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT")
    )


def _otlp_exporter() -> SpanExporter:
    # Imported here: only a process that exports pays for loading protobuf and requests. The
    # exporter reads its endpoint, headers, timeout and compression from OTEL_EXPORTER_OTLP_*.
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

    return OTLPSpanExporter()


def _true(value: str | None) -> bool:
    return (value or "").strip().lower() == "true"


class CallerTraceContext:
    """With tracing off, a request still continues its caller's trace: the events it emits and
    its log lines take the trace id of its `traceparent` header. Pure ASGI and next to free."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        traceparent = None
        if scope["type"] == "http":
            for name, value in scope["headers"]:
                if name == b"traceparent":
                    traceparent = value.decode("latin-1")
                    break
        if traceparent is None:
            await self.app(scope, receive, send)
            return
        token = otel_context.attach(context_of(traceparent))
        try:
            await self.app(scope, receive, send)
        finally:
            otel_context.detach(token)
