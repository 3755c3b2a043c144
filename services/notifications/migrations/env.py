"""Alembic environment of the notifications service: its own database, its own history."""

from kit.migrations import run_migrations
from notifications.models import Base

run_migrations(Base.metadata)
