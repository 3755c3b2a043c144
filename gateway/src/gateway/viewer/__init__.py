"""`viewer`: the signed-in person's own API (DESIGN §8 rule 6), composed from each service's
`GET /v1/me`, one call per service per request however many viewer fields a query selects."""
