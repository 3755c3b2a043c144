"""One HTTP client per service, forwarding the caller's token."""
