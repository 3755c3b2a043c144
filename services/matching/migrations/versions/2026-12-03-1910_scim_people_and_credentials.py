"""SCIM people and credentials

Revision ID: scim0001
Revises: privacy01
Create Date: 2026-12-03 18:00:00.000000

The organisation's directory of people as its identity provider provisions them over SCIM, and
each organisation's SCIM bearer secret (its SHA-256 only).
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = 'scim0001'
down_revision: str | None = 'privacy01'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('people',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('org_id', sa.String(length=100), nullable=False),
    sa.Column('user_id', sa.String(length=200), nullable=False),
    sa.Column('user_name', sa.String(length=200), nullable=False),
    sa.Column('external_id', sa.String(length=200), nullable=True),
    sa.Column('display_name', sa.String(length=200), nullable=True),
    sa.Column('name', sa.JSON(), nullable=False),
    sa.Column('emails', sa.JSON(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=True),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_people')),
    sa.UniqueConstraint('org_id', 'external_id', name=op.f('uq_people_org_id_external_id')),
    sa.UniqueConstraint('org_id', 'user_id', name=op.f('uq_people_org_id_user_id')),
    sa.UniqueConstraint('org_id', 'user_name', name=op.f('uq_people_org_id_user_name'))
    )
    op.create_table('scim_credentials',
    sa.Column('org_id', sa.String(length=100), nullable=False),
    sa.Column('secret_sha256', sa.String(length=64), nullable=False),
    sa.Column('created_by', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.PrimaryKeyConstraint('org_id', name=op.f('pk_scim_credentials')),
    sa.UniqueConstraint('secret_sha256', name=op.f('uq_scim_credentials_secret_sha256'))
    )


def downgrade() -> None:
    op.drop_table('scim_credentials')
    op.drop_table('people')
