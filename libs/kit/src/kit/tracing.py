"""W3C trace context: the `traceparent` that travels in events and logs."""

import secrets

from opentelemetry import trace


def current_traceparent() -> str:
    """The active span's traceparent, or a fresh root one when nothing is being traced."""
    context = trace.get_current_span().get_span_context()
    if context.is_valid:
        return f"00-{context.trace_id:032x}-{context.span_id:016x}-{context.trace_flags:02x}"
    return f"00-{secrets.token_hex(16)}-{secrets.token_hex(8)}-01"


def trace_id_of(traceparent: str) -> str:
    parts = traceparent.split("-")
    return parts[1] if len(parts) == 4 else ""
