"""What the matching service reacts to: nothing yet (later: feedback's at-risk alerts)."""

from kit.events.consumer import Consumer

CONSUMERS: list[Consumer] = []
