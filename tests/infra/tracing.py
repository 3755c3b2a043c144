"""Spans recorded in memory, for tests that check what a request or an event traced.

A process has one global tracer provider, set once. `span_recorder()` installs an SDK provider
the first time it is called (or reuses the one `kit.tracing.configure_tracing` installed) and
adds one in-memory exporter to it; the services' own setup then keeps it. The recorder keeps
spans only while a test has it started, so that the rest of a session does not fill memory.
"""

import threading

from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from kit.tracing import service_resource


class _WhileRecording(SimpleSpanProcessor):
    def __init__(self, exporter: InMemorySpanExporter) -> None:
        super().__init__(exporter)
        self.recording = False

    def on_end(self, span: ReadableSpan) -> None:
        if self.recording:
            super().on_end(span)


class SpanRecorder:
    def __init__(self, provider: TracerProvider) -> None:
        self.provider = provider
        self._exporter = InMemorySpanExporter()
        self._processor = _WhileRecording(self._exporter)
        provider.add_span_processor(self._processor)

    def start(self) -> None:
        self._exporter.clear()
        self._processor.recording = True

    def stop(self) -> None:
        self._processor.recording = False
        self._exporter.clear()

    def finished(self) -> list[ReadableSpan]:
        return list(self._exporter.get_finished_spans())

    def of_kind(self, kind: SpanKind, trace_id: int | None = None) -> list[ReadableSpan]:
        return [
            span
            for span in self.finished()
            if span.kind == kind and (trace_id is None or _trace_id(span) == trace_id)
        ]

    def ancestors(self, span: ReadableSpan) -> list[ReadableSpan]:
        """The recorded spans above `span`, nearest first."""
        by_id = {_span_id(each): each for each in self.finished()}
        found: list[ReadableSpan] = []
        parent = span.parent
        while parent is not None and parent.span_id in by_id:
            found.append(by_id[parent.span_id])
            parent = found[-1].parent
        return found


_lock = threading.Lock()
_recorder: SpanRecorder | None = None


def span_recorder() -> SpanRecorder:
    """The process's recorder, installed on first use; call `start()` and `stop()` around a test."""
    global _recorder
    with _lock:
        if _recorder is None:
            provider = trace.get_tracer_provider()
            if not isinstance(provider, TracerProvider):
                provider = TracerProvider(resource=service_resource("mentorship-tests"))
                trace.set_tracer_provider(provider)
                if trace.get_tracer_provider() is not provider:
                    raise RuntimeError("a tracer provider that is not the SDK's is installed")
            _recorder = SpanRecorder(provider)
        return _recorder


def _trace_id(span: ReadableSpan) -> int | None:
    return span.context.trace_id if span.context is not None else None


def _span_id(span: ReadableSpan) -> int | None:
    return span.context.span_id if span.context is not None else None
