"""The whole mentorship backend in one process (embedded mode) and its command line."""
