"""Benchmarks (DESIGN §7): each measures against a baseline taken in the same run."""
