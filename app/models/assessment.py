"""The initial review, the conversations and the incident as described."""

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.ext.mutable import MutableList
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import (
    Answer,
    Base,
    CaseContent,
    ImageAssessment,
    ReferralQuestion,
    SharingPlace,
    enum_column,
)


class InitialReview(CaseContent, Base):
    __tablename__ = "initial_reviews"
    __table_args__ = (UniqueConstraint("case_id"),)  # one per case

    held_at: Mapped[datetime | None] = mapped_column(DateTime)
    attendees: Mapped[str | None] = mapped_column(Text)
    more_information_needed: Mapped[str | None] = mapped_column(Text)
    other_school_contact: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)


class ReferralAnswer(CaseContent, Base):
    """One of the five immediate-referral questions, answered at the initial review."""

    __tablename__ = "referral_answers"
    __table_args__ = (UniqueConstraint("case_id", "question"),)

    question: Mapped[ReferralQuestion] = mapped_column(enum_column(ReferralQuestion))
    answer: Mapped[Answer] = mapped_column(enum_column(Answer))
    note: Mapped[str | None] = mapped_column(Text)


class Conversation(CaseContent, Base):
    """The conversation with one young person, their account in their own words."""

    __tablename__ = "conversations"

    young_person_id: Mapped[int] = mapped_column(ForeignKey("young_people.id"), index=True)
    held: Mapped[bool] = mapped_column(Boolean, default=True)
    not_held_reason: Mapped[str | None] = mapped_column(Text)  # and when it will happen
    held_at: Mapped[datetime | None] = mapped_column(DateTime)
    present: Mapped[str | None] = mapped_column(Text)
    confidentiality_explained: Mapped[bool] = mapped_column(Boolean, default=False)
    own_words: Mapped[str | None] = mapped_column(Text)
    impact: Mapped[str | None] = mapped_column(Text)
    risk_to_child: Mapped[str | None] = mapped_column(Text)
    risk_to_others: Mapped[str | None] = mapped_column(Text)
    support_needed: Mapped[str | None] = mapped_column(Text)
    image_still_on_phone: Mapped[Answer | None] = mapped_column(enum_column(Answer))
    who_has_it: Mapped[str | None] = mapped_column(Text)
    next_steps: Mapped[str | None] = mapped_column(Text)


class IncidentDescription(CaseContent, Base):
    """The image as described to the DSL. Casebook never stores the image itself."""

    __tablename__ = "incident_descriptions"
    __table_args__ = (UniqueConstraint("case_id"),)

    description: Mapped[str | None] = mapped_column(Text)
    assessment: Mapped[ImageAssessment | None] = mapped_column(enum_column(ImageAssessment))
    explicitness: Mapped[str | None] = mapped_column(Text)
    coercion_or_threats: Mapped[Answer | None] = mapped_column(enum_column(Answer))
    coercion_details: Mapped[str | None] = mapped_column(Text)
    how_widely_shared: Mapped[str | None] = mapped_column(Text)
    was_viewed: Mapped[bool | None] = mapped_column(Boolean)
    immediate_support_needed: Mapped[str | None] = mapped_column(Text)
    other_children_involved: Mapped[str | None] = mapped_column(Text)
    deletion: Mapped[str | None] = mapped_column(Text)
    # The facts the decision aid reads, asked once (migration 0005_aid). Lists hold codes
    # of the wizard's vocabularies ("sharing", "sextortion_demand", "immediate_risk").
    sharing: Mapped[list[str] | None] = mapped_column(MutableList.as_mutable(JSON))
    sextortion: Mapped[Answer | None] = mapped_column(enum_column(Answer))
    sextortion_demand: Mapped[list[str] | None] = mapped_column(MutableList.as_mutable(JSON))
    sextortion_details: Mapped[str | None] = mapped_column(Text)
    image_origin: Mapped[str | None] = mapped_column(String(32))  # real / ai_altered / not_known
    shows_sexual_act: Mapped[Answer | None] = mapped_column(enum_column(Answer))
    immediate_risks: Mapped[list[str] | None] = mapped_column(MutableList.as_mutable(JSON))


class SharingLocation(CaseContent, Base):
    """Somewhere the image is or may be: a device, a cloud account, an app, a site."""

    __tablename__ = "sharing_locations"

    place: Mapped[SharingPlace] = mapped_column(enum_column(SharingPlace))
    details: Mapped[str] = mapped_column(Text)
    removal_requested: Mapped[str | None] = mapped_column(Text)


class Device(CaseContent, Base):
    """A device in the school's possession and its chain of custody."""

    __tablename__ = "devices"

    description: Mapped[str] = mapped_column(Text)
    belongs_to: Mapped[str | None] = mapped_column(Text)
    taken_at: Mapped[datetime | None] = mapped_column(DateTime)
    taken_by: Mapped[str | None] = mapped_column(Text)
    switched_off: Mapped[bool | None] = mapped_column(Boolean)
    stored_where: Mapped[str | None] = mapped_column(Text)
    handed_to: Mapped[str | None] = mapped_column(Text)
    handed_over_at: Mapped[datetime | None] = mapped_column(DateTime)
    # What became of it: kept by the school, handed to the police, or returned (codes of
    # pages.json's "custody"). Blank in records made before it was asked: kept.
    custody: Mapped[str | None] = mapped_column(String(32))
    police_reference: Mapped[str | None] = mapped_column(String(100))
    returned_at: Mapped[datetime | None] = mapped_column(DateTime)
    returned_to: Mapped[str | None] = mapped_column(Text)


class ViewingLogEntry(CaseContent, Base):
    """Each time anyone viewed the image: only when unavoidable, with the head's agreement."""

    __tablename__ = "viewing_log"

    viewed_at: Mapped[datetime] = mapped_column(DateTime)
    viewed_by: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    others_present: Mapped[str | None] = mapped_column(Text)
    # True: the head agreed beforehand. False: it was not possible beforehand, and
    # `head_name` names who was told afterwards, at `head_told_at`.
    head_agreed: Mapped[bool] = mapped_column(Boolean, default=False)
    head_name: Mapped[str | None] = mapped_column(String(200))
    head_told_at: Mapped[datetime | None] = mapped_column(DateTime)
    outcome: Mapped[str | None] = mapped_column(Text)
