"""transfers: child protection files sent to, and imported from, another school

Two new tables; nothing existing is changed, so older databases and backups
open as before. An imported file is read-only (triggers refuse any change),
and a sent file's record can only take its receipt, once.

Revision ID: 0008_transfer
Revises: 0007_extract
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from app.models.transfer import TRIGGERS

revision = "0008_transfer"
down_revision = "0007_extract"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "transfers_out",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pack_id", sa.String(length=36), nullable=False),
        sa.Column("case_reference", sa.String(length=16), nullable=False),
        sa.Column("young_person_id", sa.Integer(), nullable=False),
        sa.Column("to_school", sa.Text(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.Column("sent_by_id", sa.Integer(), nullable=False),
        sa.Column("pack_sha256", sa.String(length=64), nullable=False),
        sa.Column("receipt_check", sa.String(length=64), nullable=False),
        sa.Column("receipt_due_on", sa.Date(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=True),
        sa.Column("received_by_id", sa.Integer(), nullable=True),
        sa.Column("case_references", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["sent_by_id"],
            ["staff_accounts.id"],
            name=op.f("fk_transfers_out_sent_by_id_staff_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["received_by_id"],
            ["staff_accounts.id"],
            name=op.f("fk_transfers_out_received_by_id_staff_accounts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transfers_out")),
        sa.UniqueConstraint("pack_id", name=op.f("uq_transfers_out_pack_id")),
    )
    op.create_index(
        op.f("ix_transfers_out_case_reference"), "transfers_out", ["case_reference"], unique=False
    )
    op.create_table(
        "transfers_in",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pack_id", sa.String(length=36), nullable=False),
        sa.Column("pack_sha256", sa.String(length=64), nullable=False),
        sa.Column("schema_version", sa.Integer(), nullable=False),
        sa.Column("from_school", sa.Text(), nullable=False),
        sa.Column("sent_at", sa.String(length=32), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("imported_by_id", sa.Integer(), nullable=False),
        sa.Column("child_name", sa.Text(), nullable=False),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("receipt_code", sa.String(length=16), nullable=False),
        sa.Column("part", sa.JSON(), nullable=False),
        sa.Column("extract_pdf", sa.LargeBinary(), nullable=False),
        sa.Column("training", sa.Boolean(), nullable=False),
        sa.Column("linked_young_person_id", sa.Integer(), nullable=True),
        sa.Column("linked_case_reference", sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(
            ["imported_by_id"],
            ["staff_accounts.id"],
            name=op.f("fk_transfers_in_imported_by_id_staff_accounts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transfers_in")),
        sa.UniqueConstraint("pack_id", name=op.f("uq_transfers_in_pack_id")),
    )
    for sql in TRIGGERS.values():
        op.execute(sql)


def downgrade() -> None:
    for name in TRIGGERS:  # the names are fixed
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("transfers_in")
    op.drop_index(op.f("ix_transfers_out_case_reference"), table_name="transfers_out")
    op.drop_table("transfers_out")
