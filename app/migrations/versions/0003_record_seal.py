"""the sealed record: a digest of every committed change in the audit chain

Adds `row_seals` (append-only, by trigger) and `audit_log.content_digest`, then
seals every row already in the record under one audit entry, "record sealed",
with the same digests the app computes (app.services.seal). No table is
rebuilt, so every existing trigger stays as it is.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from app.services import audit, seal

    op.create_table(
        "row_seals",
        sa.Column("table_name", sa.String(length=64), nullable=False),
        sa.Column("row_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("entry_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("digest", sa.String(length=32), nullable=False),
        sa.Column("case_ref", sa.String(length=16), server_default="", nullable=False),
        sa.PrimaryKeyConstraint("table_name", "row_id", "entry_id", name=op.f("pk_row_seals")),
        sqlite_with_rowid=False,
    )
    # A plain ADD COLUMN: audit_log keeps its append-only triggers.
    op.execute("ALTER TABLE audit_log ADD COLUMN content_digest VARCHAR(64) DEFAULT '' NOT NULL")
    for sql in seal.TRIGGERS.values():
        op.execute(sql)

    conn = op.get_bind().connection.driver_connection
    count, _head = audit.head_of(conn)
    if count == 0:
        return  # a new database: its first entry is written by whoever creates it
    entry_id = count + 1
    digest, rows = seal.seal_all(conn, entry_id)
    made = audit.append_raw(
        conn,
        audit.SYSTEM_ACTOR,
        audit.Action.CHANGED,
        audit.DATABASE_TARGET,
        f"record sealed: {rows} rows",
        digest,
    )
    assert made == entry_id


def downgrade() -> None:
    for name in ("row_seals_no_update", "row_seals_no_delete"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("row_seals")
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("content_digest")
    # Batch mode rebuilt audit_log, which dropped its append-only triggers.
    for verb in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
            "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END"
        )
