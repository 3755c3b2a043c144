"""consent modes and peer roles

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 14:00:00.000000

Matches record who has accepted (`accepted_by`). A person may hold one participation per role
in a program (peer programs: mentor and mentee). The approval mode `mentee_requests` is renamed
`mentee_accepts` (same meaning: a proposal awaits the mentee) in programs' and runs' stored
settings. Pending own requests count as their author's acceptance.
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


def _sqlite_recreate_participants(unique_name: str, unique_columns: list[str]) -> None:
    """SQLite changes a table constraint only by recreating the table, and batch mode's
    recreation (copy, DROP, RENAME) fails while matches reference participants: the migration
    runs in one transaction with foreign keys on, where PRAGMA foreign_keys cannot change.
    Deferred, the DROP's orphaned matches count as violations until the rows are inserted
    again under the table's own name, which resolves them before the commit."""
    op.execute('PRAGMA defer_foreign_keys=ON')
    op.execute('CREATE TABLE _participants_copy AS SELECT * FROM participants')
    op.execute('DROP TABLE participants')
    op.create_table('participants',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('org_id', sa.String(length=100), nullable=False),
    sa.Column('program_id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=10), nullable=False),
    sa.Column('display_name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('external_id', sa.String(length=200), nullable=True),
    sa.Column('status', sa.String(length=20), server_default='active', nullable=False),
    sa.Column('capacity', sa.Integer(), server_default='1', nullable=False),
    sa.Column('profile', sa.JSON(), server_default=sa.text("'{}'"), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name='fk_participants_program_id_programs'),
    sa.PrimaryKeyConstraint('id', name='pk_participants'),
    sa.UniqueConstraint('program_id', 'external_id', name='uq_participants_program_id_external_id'),
    sa.UniqueConstraint(*unique_columns, name=unique_name)
    )
    columns = (
        'id, org_id, program_id, user_id, role, display_name, email, created_at, external_id, '
        'status, capacity, profile, updated_at'
    )
    op.execute(f'INSERT INTO participants ({columns}) SELECT {columns} FROM _participants_copy')
    op.execute('DROP TABLE _participants_copy')
    op.create_index('ix_participants_org_id', 'participants', ['org_id'], unique=False)


def _own_requests_accepted_by_their_author() -> None:
    """A pending request a person made for themselves counts as their consent (as new ones
    do); which consents older, decided matches had is not known, so they keep `[]`."""
    connection = op.get_bind()
    matches = sa.table(
        'matches',
        sa.column('id', sa.Uuid()),
        sa.column('status', sa.String()),
        sa.column('run_id', sa.Uuid()),
        sa.column('proposed_by', sa.String()),
        sa.column('mentor_user_id', sa.String()),
        sa.column('mentee_user_id', sa.String()),
        sa.column('accepted_by', sa.JSON()),
    )
    pending = sa.select(matches.c.id, matches.c.proposed_by).where(
        matches.c.status == 'proposed',
        matches.c.run_id.is_(None),
        sa.or_(
            matches.c.proposed_by == matches.c.mentor_user_id,
            matches.c.proposed_by == matches.c.mentee_user_id,
        ),
    )
    for row in connection.execute(pending).all():
        connection.execute(
            matches.update().where(matches.c.id == row.id).values(accepted_by=[row.proposed_by])
        )


def upgrade() -> None:
    with op.batch_alter_table('matches', schema=None) as batch_op:
        batch_op.add_column(sa.Column('accepted_by', sa.JSON(), server_default=sa.text("'[]'"), nullable=False))

    if op.get_bind().dialect.name == 'sqlite':
        _sqlite_recreate_participants('uq_participants_program_id_user_id_role', ['program_id', 'user_id', 'role'])
    else:
        op.drop_constraint('uq_participants_program_id_user_id', 'participants', type_='unique')
        op.create_unique_constraint('uq_participants_program_id_user_id_role', 'participants', ['program_id', 'user_id', 'role'])

    _rename_approval('mentee_requests', 'mentee_accepts')
    _own_requests_accepted_by_their_author()


def downgrade() -> None:
    _rename_approval('mentee_accepts', 'mentee_requests')
    if op.get_bind().dialect.name == 'sqlite':
        _sqlite_recreate_participants('uq_participants_program_id_user_id', ['program_id', 'user_id'])
    else:
        op.drop_constraint('uq_participants_program_id_user_id_role', 'participants', type_='unique')
        op.create_unique_constraint('uq_participants_program_id_user_id', 'participants', ['program_id', 'user_id'])

    with op.batch_alter_table('matches', schema=None) as batch_op:
        batch_op.drop_column('accepted_by')
