"""From event type to its payload model, and from producer to topic.

Every `EventPayload` subclass defined in a module of this package (one module per producing
service) is registered when the registry is imported: adding an event is adding a model.
"""

import importlib
import pkgutil
from pathlib import Path

from contracts.base import EventPayload

_INFRASTRUCTURE = {"base", "registry"}


def _discover() -> dict[str, type[EventPayload]]:
    for module in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if module.name not in _INFRASTRUCTURE:
            importlib.import_module(f"contracts.{module.name}")
    found: dict[str, type[EventPayload]] = {}
    pending = list(EventPayload.__subclasses__())
    while pending:
        model = pending.pop()
        pending += model.__subclasses__()
        if "event_type" in model.__dict__ and model.__module__.startswith("contracts."):
            if model.event_type in found:
                raise TypeError(f"{model.event_type} is declared twice")
            found[model.event_type] = model
    return dict(sorted(found.items()))


PUBLISHED: dict[str, type[EventPayload]] = _discover()
"""The published catalogue; `REGISTRY` may also hold test contracts registered at run time."""
REGISTRY: dict[str, type[EventPayload]] = dict(PUBLISHED)


def producers() -> set[str]:
    """The services that publish events, from the published catalogue."""
    return {event_type.split(".")[1] for event_type in PUBLISHED}


def payload_model(event_type: str) -> type[EventPayload] | None:
    return REGISTRY.get(event_type)


def topic_of(producer: str, namespace: str = "") -> str:
    """The topic a producing service publishes on; dead letters go to `<topic>.dlq`."""
    return f"{namespace}mentorship.{producer}.events"


def register(model: type[EventPayload]) -> type[EventPayload]:
    """Add a payload model at run time (test contracts); published ones are discovered above."""
    REGISTRY[model.event_type] = model
    return model
