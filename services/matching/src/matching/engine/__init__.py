"""The matching engine: scoring, hard constraints and solvers, with no I/O at all.

The API (matching runs, recommendations, explanations) and bench/matching.py call the same code.
"""
