"""Alembic environment of the feedback service: its own database, its own history."""

from feedback.models import Base
from kit.migrations import run_migrations

run_migrations(Base.metadata)
