"""young people's nicknames ("also known as"), so extracts can redact them

Revision ID: 0007_extract
Revises: 0006_happens
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_extract"
down_revision = "0006_happens"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN: no table is rebuilt, so the record's triggers stay, and an
    # empty column leaves every seal valid (NULLs are not part of a row's sealed text).
    op.add_column("young_people", sa.Column("known_as", sa.Text(), nullable=True))


def downgrade() -> None:
    from app.record import guard as record_guard

    with op.batch_alter_table("young_people") as batch:
        batch.drop_column("known_as")
    # Batch mode rebuilt `young_people`, which drops its triggers.
    record_guard.create_triggers(op.execute)
