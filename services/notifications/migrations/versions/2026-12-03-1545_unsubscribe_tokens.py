"""unsubscribe tokens

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 15:45:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'unsubscribe_tokens',
        sa.Column('token', sa.String(length=64), nullable=False),
        sa.Column('org_id', sa.String(length=100), nullable=False),
        sa.Column('user_id', sa.String(length=200), nullable=False),
        sa.Column('category', sa.String(length=50), nullable=False),
        sa.Column(
            'created_at', sa.DateTime(timezone=True),
            server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False,
        ),
        sa.PrimaryKeyConstraint('token', name=op.f('pk_unsubscribe_tokens')),
        sa.UniqueConstraint(
            'org_id', 'user_id', 'category',
            name=op.f('uq_unsubscribe_tokens_org_id_user_id_category'),
        ),
    )


def downgrade() -> None:
    op.drop_table('unsubscribe_tokens')
