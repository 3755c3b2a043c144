"""Event contracts: the payload of every event type, one module per producing service."""

from contracts.base import EventPayload
from contracts.registry import PUBLISHED, REGISTRY, payload_model, producers, register, topic_of

__all__ = [
    "PUBLISHED",
    "REGISTRY",
    "EventPayload",
    "payload_model",
    "producers",
    "register",
    "topic_of",
]
