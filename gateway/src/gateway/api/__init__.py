"""Each service's API models, generated from its committed openapi.json (`mentorship generate`):
the gateway parses every response into them, so a service's field or default lives in one place."""
