"""drafts carry the format of the pages they were typed on; discarded drafts

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMNs: no table is rebuilt, so the record's triggers stay as they are.
    # Every page saved so far was typed on format 1.
    op.execute("ALTER TABLE draft_pages ADD COLUMN format_version INTEGER NOT NULL DEFAULT 1")
    op.add_column("cases", sa.Column("discarded_at", sa.DateTime(), nullable=True))
    # Alembic cannot add a foreign key to a SQLite table without rebuilding it; SQLite
    # takes one written into the new column itself.
    op.execute(
        "ALTER TABLE cases ADD COLUMN discarded_by_id INTEGER "
        "CONSTRAINT fk_cases_discarded_by_id_staff_accounts REFERENCES staff_accounts (id)"
    )
    op.add_column("cases", sa.Column("discard_reason", sa.Text(), nullable=True))


def downgrade() -> None:
    from app.record import guard as record_guard

    with op.batch_alter_table("cases") as batch:
        batch.drop_column("discard_reason")
        batch.drop_column("discarded_by_id")
        batch.drop_column("discarded_at")
    with op.batch_alter_table("draft_pages") as batch:
        batch.drop_column("format_version")
    # Batch mode rebuilt `cases`, which drops its triggers.
    record_guard.create_triggers(op.execute, record_guard.columns_of(op.get_bind()))
