"""Test infrastructure: real Kafka and PostgreSQL servers for integration tests."""
