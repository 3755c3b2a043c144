"""deactivated contacts

Revision ID: scim0001
Revises: audit0001
Create Date: 2026-12-03 18:05:00

A person the organisation's identity provider deactivated (matching's person.deactivated) is
told nothing until person.activated.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'scim0001'
down_revision: str | None = 'audit0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('deactivated', sa.Boolean(), server_default='0', nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.drop_column('deactivated')
