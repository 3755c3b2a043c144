"""consent modes and peer roles

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 14:00:00.000000

Matches record who has accepted (`accepted_by`). A person may hold one participation per role
in a program (peer programs: mentor and mentee). The approval mode `mentee_requests` is renamed
`mentee_accepts` (same meaning: a proposal awaits the mentee) in programs' and runs' stored
settings.
"""
import json
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op


revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _rename_approval(old: str, new: str) -> None:
    """Rewrite `settings.approval` row by row: the JSON column is JSON on PostgreSQL and text on
    SQLite, so a portable UPDATE cannot reach inside it."""
    connection = op.get_bind()
    for table in ('programs', 'matching_runs'):
        rows = sa.table(table, sa.column('id', sa.Uuid()), sa.column('settings', sa.JSON()))
        for row in connection.execute(sa.select(rows.c.id, rows.c.settings)).all():
            settings: Any = row.settings
            if isinstance(settings, str):
                settings = json.loads(settings)
            if isinstance(settings, dict) and settings.get('approval') == old:
                changed = {**settings, 'approval': new}
                connection.execute(
                    rows.update().where(rows.c.id == row.id).values(settings=changed)
                )


def upgrade() -> None:
    with op.batch_alter_table('matches', schema=None) as batch_op:
        batch_op.add_column(sa.Column('accepted_by', sa.JSON(), server_default=sa.text("'[]'"), nullable=False))

    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_participants_program_id_user_id'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_participants_program_id_user_id_role'), ['program_id', 'user_id', 'role'])

    _rename_approval('mentee_requests', 'mentee_accepts')


def downgrade() -> None:
    _rename_approval('mentee_accepts', 'mentee_requests')
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_participants_program_id_user_id_role'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_participants_program_id_user_id'), ['program_id', 'user_id'])

    with op.batch_alter_table('matches', schema=None) as batch_op:
        batch_op.drop_column('accepted_by')
