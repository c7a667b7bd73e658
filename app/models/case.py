"""A case and the young people in it."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.ext.mutable import MutableList
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import (
    Answer,
    Base,
    CaseContent,
    CaseStatus,
    Classification,
    Pathway,
    enum_column,
    now,
)


class Case(Base):
    """One incident of sharing nudes or semi-nudes, from disclosure to closing."""

    __tablename__ = "cases"
    __table_args__ = (Index("ix_cases_status_next_review", "status", "next_review_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)  # e.g. 2026-0007
    status: Mapped[CaseStatus] = mapped_column(enum_column(CaseStatus), default=CaseStatus.DRAFT)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("staff_accounts.id"))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=now)
    opened_at: Mapped[datetime | None] = mapped_column(DateTime)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)

    # How it came to light.
    came_to_light_at: Mapped[datetime | None] = mapped_column(DateTime)
    came_to_light_how: Mapped[str | None] = mapped_column(Text)
    reported_by: Mapped[str | None] = mapped_column(Text)
    summary: Mapped[str | None] = mapped_column(Text)
    adults_involved: Mapped[Answer | None] = mapped_column(enum_column(Answer))
    adults_involved_details: Mapped[str | None] = mapped_column(Text)
    existing_concerns: Mapped[str | None] = mapped_column(Text)

    classification: Mapped[Classification | None] = mapped_column(enum_column(Classification))
    classification_reason: Mapped[str | None] = mapped_column(Text)
    pathway: Mapped[Pathway | None] = mapped_column(enum_column(Pathway))

    # Kept on the case so the open-case list needs no join; services update it
    # whenever a review is recorded.
    next_review_on: Mapped[date | None] = mapped_column(Date)
    closing_summary: Mapped[str | None] = mapped_column(Text)

    signed_off_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_accounts.id"))
    signed_off_at: Mapped[datetime | None] = mapped_column(DateTime)

    # A draft started by mistake and discarded: who, when and why are kept here (never
    # in the audit trail, which holds no notes); its reference stays taken.
    discarded_at: Mapped[datetime | None] = mapped_column(DateTime)
    discarded_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_accounts.id"))
    discard_reason: Mapped[str | None] = mapped_column(Text)


class YoungPerson(CaseContent, Base):
    """A child or young person involved in a case, with their role(s)."""

    __tablename__ = "young_people"

    name: Mapped[str] = mapped_column(Text)
    # Nicknames, separated by commas: an extract for another child's file redacts them too.
    known_as: Mapped[str | None] = mapped_column(Text)
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    age_years: Mapped[int | None] = mapped_column(Integer)  # when the date of birth is not known
    year_group: Mapped[str | None] = mapped_column(String(32))
    # Mutable so that appending a role in place is saved (and amended) like any change.
    roles: Mapped[list[str]] = mapped_column(MutableList.as_mutable(JSON), default=list)
    # Special educational needs and disabilities: yes / no / not known, and the details.
    has_send: Mapped[Answer | None] = mapped_column(enum_column(Answer))
    send: Mapped[str | None] = mapped_column(Text)
    other_vulnerabilities: Mapped[str | None] = mapped_column(Text)
    existing_concerns: Mapped[str | None] = mapped_column(Text)
    earlier_mash_referral: Mapped[bool | None] = mapped_column(Boolean)
    known_to_social_care: Mapped[bool | None] = mapped_column(Boolean)
    looked_after: Mapped[bool | None] = mapped_column(Boolean)
    school_if_elsewhere: Mapped[str | None] = mapped_column(Text)


class DraftPage(CaseContent, Base):
    """What the DSL has typed on one wizard page, exactly as typed.

    Autosave writes here every few seconds, valid or not, so nothing typed is
    lost; Finish turns the pages into the structured record.
    """

    __tablename__ = "draft_pages"

    page: Mapped[str] = mapped_column(String(64))
    fields: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    saved_at: Mapped[datetime] = mapped_column(DateTime, default=now)
    saved_by_id: Mapped[int] = mapped_column(ForeignKey("staff_accounts.id"))
    # The pages.json format the page was typed on (app.wizard.draft_format upgrades it).
    format_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __table_args__ = (Index("uq_draft_pages_case_page", "case_id", "page", unique=True),)
