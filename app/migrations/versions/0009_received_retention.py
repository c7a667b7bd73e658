"""received files under the retention rules: the DSL's destroy decision may remove one

The trigger that keeps a received file as it came refused every removal, so a
file received from another school was kept past its retention date for good. It
now lets a row go only while the retention path's write permit is present (the
`write_permits` row that `amendments.sanctioned_removal` puts in and takes out
within one transaction, as for a case destroyed); anything else is still refused,
and updates stay refused. No table changes and no row is touched.

Revision ID: 0009_received_retention
Revises: 0008_transfer
Create Date: 2026-12-02
"""

from __future__ import annotations

from alembic import op

from app.models.transfer import TRIGGERS

revision = "0009_received_retention"
down_revision = "0008_transfer"
branch_labels = None
depends_on = None

NAME = "transfers_in_no_delete"
# As 0008_transfer made it: no removal at all.
KEPT_FOR_GOOD = (
    "CREATE TRIGGER transfers_in_no_delete BEFORE DELETE ON transfers_in "
    "BEGIN SELECT RAISE(ABORT, 'a transferred-in file is kept as it came'); END"
)


def upgrade() -> None:
    op.execute(f"DROP TRIGGER IF EXISTS {NAME}")
    op.execute(TRIGGERS[NAME])


def downgrade() -> None:
    op.execute(f"DROP TRIGGER IF EXISTS {NAME}")
    op.execute(KEPT_FOR_GOOD)
