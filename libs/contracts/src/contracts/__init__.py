"""Event contracts: the payload of every event type, one module per producing service."""

from contracts.base import EventPayload
from contracts.registry import REGISTRY, payload_model, register, topic_of

__all__ = ["REGISTRY", "EventPayload", "payload_model", "register", "topic_of"]
