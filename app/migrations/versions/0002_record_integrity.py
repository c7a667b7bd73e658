"""one row per case where the domain says one; tri-state answers; records amended, never overwritten

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from app.record import guard as record_guard

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

ONE_PER_CASE = ("initial_reviews", "incident_descriptions", "plans", "police_contacts")


def upgrade() -> None:
    op.create_table(
        "write_permits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_write_permits")),
    )
    # "Not known" for "Is an adult involved?" was stored as nothing: the column
    # was a yes/no. It now keeps yes / no / not known; earlier yes and no carry over.
    # Column by column, not by batch mode: rebuilding `cases` would drop the table
    # every other table refers to, which SQLite refuses while foreign keys are on.
    op.execute("ALTER TABLE cases ADD COLUMN adults_involved_answer VARCHAR(32)")
    op.execute(
        "UPDATE cases SET adults_involved_answer = "
        "CASE adults_involved WHEN 1 THEN 'yes' WHEN 0 THEN 'no' END"
    )
    op.execute("ALTER TABLE cases DROP COLUMN adults_involved")
    op.execute("ALTER TABLE cases RENAME COLUMN adults_involved_answer TO adults_involved")
    for table in ONE_PER_CASE:
        with op.batch_alter_table(table) as batch:
            batch.create_unique_constraint(op.f(f"uq_{table}_case_id"), ["case_id"])
    with op.batch_alter_table("referral_answers") as batch:
        batch.create_unique_constraint(op.f("uq_referral_answers_case_id"), ["case_id", "question"])
    # Batch mode rebuilt the tables above (dropping any triggers): create them all last.
    record_guard.create_triggers(op.execute, record_guard.columns_of(op.get_bind()))


def downgrade() -> None:
    record_guard.drop_triggers(op.execute)
    with op.batch_alter_table("referral_answers") as batch:
        batch.drop_constraint(op.f("uq_referral_answers_case_id"), type_="unique")
    for table in ONE_PER_CASE:
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(op.f(f"uq_{table}_case_id"), type_="unique")
    op.execute("ALTER TABLE cases ADD COLUMN adults_involved_yes_no BOOLEAN")
    op.execute(
        "UPDATE cases SET adults_involved_yes_no = "
        "CASE adults_involved WHEN 'yes' THEN 1 WHEN 'no' THEN 0 END"
    )
    op.execute("ALTER TABLE cases DROP COLUMN adults_involved")
    op.execute("ALTER TABLE cases RENAME COLUMN adults_involved_yes_no TO adults_involved")
    op.drop_table("write_permits")
    for verb in ("update", "delete"):
        op.execute(record_guard.trigger_sql()[f"audit_log_no_{verb}"])
