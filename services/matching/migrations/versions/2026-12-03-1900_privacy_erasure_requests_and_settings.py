"""privacy: erasure requests and per-organisation privacy settings

Revision ID: privacy01
Revises: audit0001
Create Date: 2026-12-03 19:00:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = 'privacy01'
down_revision: str | None = 'audit0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('erasure_requests',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('org_id', sa.String(length=100), nullable=False),
    sa.Column('pseudonym', sa.String(length=64), nullable=False),
    sa.Column('requested_by', sa.String(length=200), nullable=False),
    sa.Column('reason', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('confirmations', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name='pk_erasure_requests')
    )
    op.create_index('ix_erasure_requests_org_id', 'erasure_requests', ['org_id'], unique=False)
    op.create_table('privacy_settings',
    sa.Column('org_id', sa.String(length=100), nullable=False),
    sa.Column('self_erasure', sa.Boolean(), nullable=False),
    sa.Column('retention_days', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.PrimaryKeyConstraint('org_id', name='pk_privacy_settings')
    )


def downgrade() -> None:
    op.drop_table('privacy_settings')
    op.drop_index('ix_erasure_requests_org_id', table_name='erasure_requests')
    op.drop_table('erasure_requests')
