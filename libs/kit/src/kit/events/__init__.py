"""Events: the CloudEvents envelope, the outbox and its relay, consumers, dead letters, the bus."""
