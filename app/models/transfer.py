"""Child protection files sent to, and received from, another school.

Neither table holds a foreign key to a case: a transfer's record (the school,
the dates, the pack's hash) outlives a case destroyed under the retention rules,
as a retention decision does.
"""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, now

# An imported file is kept as it came, until the DSL destroys it under the retention
# rules (the one path that puts a 'retention' row in write_permits, app.record.guard);
# a sent file's record only takes its receipt, once. Created by migration 0008_transfer,
# the delete rule by 0009_received_retention; `casebook verify` reports one missing or
# altered.
TRIGGERS: dict[str, str] = {
    "transfers_in_no_update": (
        "CREATE TRIGGER transfers_in_no_update BEFORE UPDATE ON transfers_in "
        "BEGIN SELECT RAISE(ABORT, 'a transferred-in file is kept as it came'); END"
    ),
    "transfers_in_no_delete": (
        "CREATE TRIGGER transfers_in_no_delete BEFORE DELETE ON transfers_in "
        "WHEN NOT EXISTS (SELECT 1 FROM write_permits WHERE purpose = 'retention') "
        "BEGIN SELECT RAISE(ABORT, 'a transferred-in file is kept as it came'); END"
    ),
    "transfers_out_no_delete": (
        "CREATE TRIGGER transfers_out_no_delete BEFORE DELETE ON transfers_out "
        "BEGIN SELECT RAISE(ABORT, 'the record of a transfer is kept'); END"
    ),
    # Only the receipt may be added, once; nothing else about a transfer changes.
    "transfers_out_receipt_only": (
        "CREATE TRIGGER transfers_out_receipt_only BEFORE UPDATE ON transfers_out "
        "WHEN OLD.received_at IS NOT NULL OR NEW.received_at IS NULL "
        "OR NEW.pack_id IS NOT OLD.pack_id OR NEW.case_reference IS NOT OLD.case_reference "
        "OR NEW.young_person_id IS NOT OLD.young_person_id OR NEW.to_school IS NOT OLD.to_school "
        "OR NEW.sent_at IS NOT OLD.sent_at OR NEW.sent_by_id IS NOT OLD.sent_by_id "
        "OR NEW.pack_sha256 IS NOT OLD.pack_sha256 OR NEW.receipt_check IS NOT OLD.receipt_check "
        "OR NEW.receipt_due_on IS NOT OLD.receipt_due_on "
        "OR NEW.case_references IS NOT OLD.case_references "
        "BEGIN SELECT RAISE(ABORT, 'a transfer only takes its receipt, once'); END"
    ),
}


class TransferOut(Base):
    """A pack made for one child at this school, and the receipt the new school read back."""

    __tablename__ = "transfers_out"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pack_id: Mapped[str] = mapped_column(String(36), unique=True)
    case_reference: Mapped[str] = mapped_column(String(16), index=True)
    young_person_id: Mapped[int] = mapped_column(Integer)
    to_school: Mapped[str] = mapped_column(Text)
    sent_at: Mapped[datetime] = mapped_column(DateTime, default=now)
    sent_by_id: Mapped[int] = mapped_column(ForeignKey("staff_accounts.id"))
    pack_sha256: Mapped[str] = mapped_column(String(64))
    # The receipt code's SHA-256 with the pack's id: the code itself is not kept.
    receipt_check: Mapped[str] = mapped_column(String(64))
    receipt_due_on: Mapped[date] = mapped_column(Date)
    received_at: Mapped[datetime | None] = mapped_column(DateTime)
    received_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_accounts.id"))
    # The other cases the pack held (their references, comma-separated).
    case_references: Mapped[str] = mapped_column(Text, default="")


class TransferIn(Base):
    """A child's file imported from another school: read-only, as it came, until it is
    destroyed under the retention rules (app.services.retention)."""

    __tablename__ = "transfers_in"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pack_id: Mapped[str] = mapped_column(String(36), unique=True)
    pack_sha256: Mapped[str] = mapped_column(String(64))
    schema_version: Mapped[int] = mapped_column(Integer)
    from_school: Mapped[str] = mapped_column(Text)
    sent_at: Mapped[str] = mapped_column(String(32))  # UTC, ISO 8601, as the pack says
    imported_at: Mapped[datetime] = mapped_column(DateTime, default=now)
    imported_by_id: Mapped[int] = mapped_column(ForeignKey("staff_accounts.id"))
    child_name: Mapped[str] = mapped_column(Text)
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    receipt_code: Mapped[str] = mapped_column(String(16))
    # The child's part of every case, as child.json held it, and the extract PDF.
    part: Mapped[dict[str, Any]] = mapped_column(JSON)
    extract_pdf: Mapped[bytes] = mapped_column(LargeBinary)
    training: Mapped[bool] = mapped_column(Boolean, default=False)
    # Linked to a young person in a case here, or None: a young person new to this school.
    linked_young_person_id: Mapped[int | None] = mapped_column(Integer)
    linked_case_reference: Mapped[str | None] = mapped_column(String(16))
