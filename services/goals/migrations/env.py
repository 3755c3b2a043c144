"""Alembic environment of the goals service: its own database, its own history."""

from goals.models import Base
from kit.migrations import run_migrations

run_migrations(Base.metadata)
