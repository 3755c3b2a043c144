"""The goals service's tables: for now the platform's outbox and inbox only."""

from sqlalchemy.orm import DeclarativeBase

from kit.db import new_metadata
from kit.tables import platform_tables


class Base(DeclarativeBase):
    metadata = new_metadata()


platform = platform_tables(Base.metadata)
