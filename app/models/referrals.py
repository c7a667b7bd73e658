"""Police, other agencies, and parents and carers."""

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Agency, Base, CaseContent, enum_column


class PoliceContact(CaseContent, Base):
    __tablename__ = "police_contacts"
    __table_args__ = (UniqueConstraint("case_id"),)

    vulnerability_notes: Mapped[str | None] = mapped_column(Text)
    reported: Mapped[bool | None] = mapped_column(Boolean)
    reason: Mapped[str | None] = mapped_column(Text)  # why reported, or why not
    reported_at: Mapped[datetime | None] = mapped_column(DateTime)
    force: Mapped[str | None] = mapped_column(String(200))
    officer: Mapped[str | None] = mapped_column(String(200))
    crime_reference: Mapped[str | None] = mapped_column(String(100))
    response: Mapped[str | None] = mapped_column(Text)
    outcome_code: Mapped[str | None] = mapped_column(String(100))  # e.g. "Outcome 21"
    outcome_notes: Mapped[str | None] = mapped_column(Text)


class PoliceOutcome(CaseContent, Base):
    """What the police decided about one young person: it can differ between children."""

    __tablename__ = "police_outcomes"

    young_person_id: Mapped[int] = mapped_column(ForeignKey("young_people.id"), index=True)
    crime_reference: Mapped[str | None] = mapped_column(String(100))
    outcome_code: Mapped[str | None] = mapped_column(String(100))
    outcome_notes: Mapped[str | None] = mapped_column(Text)


class AgencyReferral(CaseContent, Base):
    """A referral to MASH / children's social care or another agency, or why not.

    A MASH referral names the young person it is about; one recorded before referrals
    were made per child (or a decision not to refer) is about the whole case.
    """

    __tablename__ = "agency_referrals"

    agency: Mapped[Agency] = mapped_column(enum_column(Agency))
    agency_name: Mapped[str | None] = mapped_column(String(200))  # for "other"
    referred: Mapped[bool] = mapped_column(Boolean)
    referred_on: Mapped[date | None] = mapped_column(Date)
    reference: Mapped[str | None] = mapped_column(String(100))
    outcome: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)  # why referred, or why not
    young_person_id: Mapped[int | None] = mapped_column(ForeignKey("young_people.id"))


class ParentCarerContact(CaseContent, Base):
    """Whether one child's parents or carers were told, or why not (and when to revisit)."""

    __tablename__ = "parent_carer_contacts"

    young_person_id: Mapped[int] = mapped_column(ForeignKey("young_people.id"), index=True)
    informed: Mapped[bool] = mapped_column(Boolean)
    who: Mapped[str | None] = mapped_column(Text)
    informed_at: Mapped[datetime | None] = mapped_column(DateTime)
    how: Mapped[str | None] = mapped_column(Text)
    reason_not_informed: Mapped[str | None] = mapped_column(Text)
    revisit_on: Mapped[date | None] = mapped_column(Date)
    # Not told yet, but planned for this day: distinct from deciding not to tell them.
    planned_on: Mapped[date | None] = mapped_column(Date)
