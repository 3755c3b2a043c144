"""outcomes: the organisation's population (HR ids, minimum fields) and enrolments' HR ids

Revision ID: outcomes01
Revises: 0004
Create Date: 2026-12-03 18:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = 'outcomes01'
down_revision: str | None = 'audit0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('population_members',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('org_id', sa.String(length=100), nullable=False),
    sa.Column('hr_id', sa.String(length=200), nullable=False),
    sa.Column('department', sa.String(length=200), nullable=False),
    sa.Column('seniority_band', sa.String(length=100), nullable=False),
    sa.Column('hire_date', sa.Date(), nullable=False),
    sa.Column('exit_date', sa.Date(), nullable=True),
    sa.Column('exit_voluntary', sa.Boolean(), nullable=True),
    sa.Column('promotion_dates', sa.JSON(), nullable=False),
    sa.Column('move_dates', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_population_members')),
    sa.UniqueConstraint('org_id', 'hr_id', name=op.f('uq_population_members_org_id_hr_id'))
    )
    with op.batch_alter_table('enrolments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hr_id', sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('enrolments', schema=None) as batch_op:
        batch_op.drop_column('hr_id')
    op.drop_table('population_members')
