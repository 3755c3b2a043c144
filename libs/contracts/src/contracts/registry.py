"""From event type to its payload model, and from producer to topic."""

from contracts import matching, notifications
from contracts.base import EventPayload

_MODELS: tuple[type[EventPayload], ...] = (
    matching.ProgramCreatedV1,
    matching.ParticipantEnrolledV1,
    notifications.NotificationCreatedV1,
)

REGISTRY: dict[str, type[EventPayload]] = {model.event_type: model for model in _MODELS}


def payload_model(event_type: str) -> type[EventPayload] | None:
    return REGISTRY.get(event_type)


def topic_of(producer: str, namespace: str = "") -> str:
    """The topic a producing service publishes on; dead letters go to `<topic>.dlq`."""
    return f"{namespace}mentorship.{producer}.events"


def register(model: type[EventPayload]) -> type[EventPayload]:
    """Add a payload model at run time (test contracts); published types are listed above."""
    REGISTRY[model.event_type] = model
    return model
