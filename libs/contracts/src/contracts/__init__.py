"""Event contracts: the payload of every event type, by producer."""

from contracts.base import EventPayload
from contracts.registry import REGISTRY, payload_model, topic_of

__all__ = ["REGISTRY", "EventPayload", "payload_model", "topic_of"]
