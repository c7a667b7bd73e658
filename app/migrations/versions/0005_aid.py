"""the facts the decision aid reads, asked once: sextortion, how the image was shared,
AI-made or altered images, a sexual act described, immediate risks; SEND yes / no / not known

Revision ID: 0005_aid
Revises: 0004
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_aid"
down_revision = "0004"
branch_labels = None
depends_on = None

# New nullable columns only (plain ADD COLUMNs): older records and backups still open,
# no table is rebuilt, and the record's triggers stay as they are (none is on `cases`).
_DESCRIBED = (
    ("sharing", sa.JSON()),
    ("sextortion", sa.String(32)),
    ("sextortion_demand", sa.JSON()),
    ("sextortion_details", sa.Text()),
    ("image_origin", sa.String(32)),
    ("shows_sexual_act", sa.String(32)),
    ("immediate_risks", sa.JSON()),
)


def upgrade() -> None:
    for name, kind in _DESCRIBED:
        op.add_column("incident_descriptions", sa.Column(name, kind, nullable=True))
    op.add_column("young_people", sa.Column("has_send", sa.String(32), nullable=True))


def downgrade() -> None:
    from app.record import guard as record_guard

    with op.batch_alter_table("young_people") as batch:
        batch.drop_column("has_send")
    with op.batch_alter_table("incident_descriptions") as batch:
        for name, _kind in reversed(_DESCRIBED):
            batch.drop_column(name)
    # Batch mode rebuilt the tables, which drops their triggers.
    record_guard.create_triggers(op.execute)
