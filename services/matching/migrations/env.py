"""Alembic environment of the matching service: its own database, its own history."""

from kit.migrations import run_migrations
from matching.models import Base

run_migrations(Base.metadata)
