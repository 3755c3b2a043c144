"""What the feedback service reacts to: nothing yet; its own issue adds the reactions."""

from kit.events.consumer import Consumer

CONSUMERS: list[Consumer] = []
