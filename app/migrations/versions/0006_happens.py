"""record what actually happens: the head told after a viewing, where each device went,
referrals and police outcomes per child, parents to be told on a planned day

Revision ID: 0006_happens
Revises: 0005_aid
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from app.record import guard as record_guard

revision = "0006_happens"
down_revision = "0005_aid"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMNs (nullable: records made before keep NULL), no table rebuilt.
    op.add_column("viewing_log", sa.Column("head_told_at", sa.DateTime(), nullable=True))
    op.add_column("devices", sa.Column("custody", sa.String(length=32), nullable=True))
    op.add_column("devices", sa.Column("police_reference", sa.String(length=100), nullable=True))
    op.add_column("devices", sa.Column("returned_at", sa.DateTime(), nullable=True))
    op.add_column("devices", sa.Column("returned_to", sa.Text(), nullable=True))
    op.add_column("parent_carer_contacts", sa.Column("planned_on", sa.Date(), nullable=True))
    # SQLite takes a foreign key written into the new column itself (see 0004).
    op.execute(
        "ALTER TABLE agency_referrals ADD COLUMN young_person_id INTEGER "
        "CONSTRAINT fk_agency_referrals_young_person_id_young_people "
        "REFERENCES young_people (id)"
    )
    op.create_table(
        "police_outcomes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("young_person_id", sa.Integer(), nullable=False),
        sa.Column("crime_reference", sa.String(length=100), nullable=True),
        sa.Column("outcome_code", sa.String(length=100), nullable=True),
        sa.Column("outcome_notes", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_police_outcomes_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["young_person_id"],
            ["young_people.id"],
            name=op.f("fk_police_outcomes_young_person_id_young_people"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_police_outcomes")),
    )
    with op.batch_alter_table("police_outcomes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_police_outcomes_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_police_outcomes_young_person_id"), ["young_person_id"], unique=False
        )
    # The new table, and the MASH referral's child, are guarded like the rest (only what
    # exists at this revision: a migration chained after this one adds its own).
    record_guard.create_triggers(op.execute, record_guard.columns_of(op.get_bind()))


def downgrade() -> None:
    with op.batch_alter_table("police_outcomes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_police_outcomes_young_person_id"))
        batch_op.drop_index(batch_op.f("ix_police_outcomes_case_id"))
    op.drop_table("police_outcomes")
    for table, column in (
        ("agency_referrals", "young_person_id"),
        ("parent_carer_contacts", "planned_on"),
        ("devices", "returned_to"),
        ("devices", "returned_at"),
        ("devices", "police_reference"),
        ("devices", "custody"),
        ("viewing_log", "head_told_at"),
    ):
        with op.batch_alter_table(table) as batch:
            batch.drop_column(column)
    # Batch mode rebuilt those tables, dropping their triggers: made again as at 0004.
    record_guard.create_triggers(op.execute, record_guard.columns_of(op.get_bind()))
