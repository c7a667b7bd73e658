"""The plan, actions, reviews, chronology and decisions."""

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import (
    Answer,
    Base,
    CaseContent,
    ChronologySource,
    DecisionKind,
    enum_column,
    now,
)


class Plan(CaseContent, Base):
    """Other things to consider: bullying, restorative work, support, removal, prevention."""

    __tablename__ = "plans"
    __table_args__ = (UniqueConstraint("case_id"),)

    bullying: Mapped[str | None] = mapped_column(Text)
    restorative_appropriate: Mapped[Answer | None] = mapped_column(enum_column(Answer))
    restorative_notes: Mapped[str | None] = mapped_column(Text)
    work_with_others: Mapped[str | None] = mapped_column(Text)
    follow_up_support: Mapped[str | None] = mapped_column(Text)
    removal: Mapped[str | None] = mapped_column(Text)  # Report Remove, Take It Down, platforms
    preventative_work: Mapped[str | None] = mapped_column(Text)


class FollowUpAction(CaseContent, Base):
    __tablename__ = "actions"
    __table_args__ = (Index("ix_actions_open_due", "done_at", "due_on"),)

    description: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("staff_accounts.id"))
    owner_name: Mapped[str | None] = mapped_column(String(200))  # someone without an account
    due_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("staff_accounts.id"))
    done_at: Mapped[datetime | None] = mapped_column(DateTime)
    done_note: Mapped[str | None] = mapped_column(Text)


class Review(CaseContent, Base):
    __tablename__ = "reviews"

    held_on: Mapped[date] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text)
    risk_still_present: Mapped[Answer | None] = mapped_column(enum_column(Answer))
    next_review_on: Mapped[date | None] = mapped_column(Date)
    propose_closing: Mapped[bool] = mapped_column(Boolean, default=False)
    reviewed_by_id: Mapped[int] = mapped_column(ForeignKey("staff_accounts.id"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=now)


class ChronologyEntry(CaseContent, Base):
    """Something that happened; back-dated entries show both times."""

    __tablename__ = "chronology"

    happened_at: Mapped[datetime] = mapped_column(DateTime)
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=now)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("staff_accounts.id"))
    entry: Mapped[str] = mapped_column(Text)
    source: Mapped[ChronologySource] = mapped_column(
        enum_column(ChronologySource), default=ChronologySource.MANUAL
    )


class Decision(CaseContent, Base):
    """A decision the DSL made, always with its reason and what the decision aid suggested."""

    __tablename__ = "decisions"

    kind: Mapped[DecisionKind] = mapped_column(enum_column(DecisionKind))
    decision: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    aid_view: Mapped[str | None] = mapped_column(Text)
    decided_by_id: Mapped[int] = mapped_column(ForeignKey("staff_accounts.id"))
    decided_at: Mapped[datetime] = mapped_column(DateTime, default=now)
    subject: Mapped[str | None] = mapped_column(String(64))  # e.g. a young person's id
