"""preferences muted kinds

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 14:20:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        'preferences',
        sa.Column('muted_kinds', sa.JSON(), server_default='[]', nullable=False),
    )


def downgrade() -> None:
    with op.batch_alter_table('preferences') as batch_op:
        batch_op.drop_column('muted_kinds')
