"""Minimal equivalents of the services' serving paths, written for `bench.request_cost`."""
