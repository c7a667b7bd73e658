"""Amendment history and the audit trail."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, now


class Amendment(Base):
    """The earlier value of one field, kept when a record is amended."""

    __tablename__ = "amendments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    table_name: Mapped[str] = mapped_column(String(64))
    row_id: Mapped[int] = mapped_column(Integer)
    field: Mapped[str] = mapped_column(String(64))
    old_value: Mapped[Any] = mapped_column(JSON)
    new_value: Mapped[Any] = mapped_column(JSON)
    changed_by_id: Mapped[int] = mapped_column(ForeignKey("staff_accounts.id"))
    changed_at: Mapped[datetime] = mapped_column(DateTime, default=now)
    reason: Mapped[str] = mapped_column(Text)


class AuditEntry(Base):
    """One link of the append-only, hash-chained audit trail.

    Holds who did what to which case and when; never names or notes, so the
    trail can be shown to an auditor without showing a child's record.
    """

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[str] = mapped_column(String(32))  # UTC, ISO 8601, as hashed
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    target: Mapped[str] = mapped_column(String(64))
    detail: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The digest of the row seals written with this entry (app.services.seal); "" if none.
    content_digest: Mapped[str] = mapped_column(String(64), default="", server_default="")


class AuditHead(Base):
    """The newest link and the count, so deleting the tail of the trail is detectable."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))


class WritePermit(Base):
    """Present only inside the one flush that may change a non-draft case's rows.

    See `app.record.guard`: the database's triggers refuse such changes unless a
    row is here, and the sanctioned paths remove it before they commit.
    """

    __tablename__ = "write_permits"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    purpose: Mapped[str] = mapped_column(String(16))


class RowSeal(Base):
    """The digest of one row's content as a committed change left it (or "deleted").

    Append-only (triggers); see `app.services.seal`. Names a case by reference only.
    """

    __tablename__ = "row_seals"
    __table_args__ = {"sqlite_with_rowid": False}

    table_name: Mapped[str] = mapped_column(String(64), primary_key=True)
    row_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    entry_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    digest: Mapped[str] = mapped_column(String(32))
    case_ref: Mapped[str] = mapped_column(String(16), default="", server_default="")


class RetentionDecision(Base):
    """A decision at the end of the retention period. It outlives a destroyed case."""

    __tablename__ = "retention_decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(16), index=True)
    decision: Mapped[str] = mapped_column(String(16))  # "keep" or "destroy"
    reason: Mapped[str] = mapped_column(Text)
    review_again_on: Mapped[date | None] = mapped_column(Date)
    decided_by_id: Mapped[int] = mapped_column(ForeignKey("staff_accounts.id"))
    decided_at: Mapped[datetime] = mapped_column(DateTime, default=now)
