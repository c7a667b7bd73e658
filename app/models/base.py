"""Declarative base, naming convention and the vocabularies the record uses."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Enum, ForeignKey, Integer, MetaData
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Named constraints let Alembic's batch mode rebuild SQLite tables safely.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def now() -> datetime:
    """Local wall-clock time to the second: what a DSL writes on a paper record."""
    return datetime.now().replace(microsecond=0)


def enum_column(enum: type[StrEnum]) -> Enum:
    # Stored as text so a school can read a decrypted export without a lookup table.
    return Enum(enum, native_enum=False, length=32, values_callable=lambda e: [m.value for m in e])


class CaseContent:
    """Mixin for every row that belongs to one case.

    Rows with this mixin are covered by the amendment rule: once the case has left
    draft, a change keeps the earlier value with who, when and why.
    """

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)


class CaseStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    MONITORING = "monitoring"
    CLOSED = "closed"
    DISCARDED = "discarded"  # a draft started by mistake: its reference stays taken


class Classification(StrEnum):
    AGGRAVATED = "aggravated"
    EXPERIMENTAL = "experimental"


class Pathway(StrEnum):
    POLICE = "police"
    SOCIAL_CARE = "social_care"
    IN_SCHOOL = "in_school"


class Role(StrEnum):
    """How a young person is involved. A child may hold several roles."""

    PICTURED = "pictured"
    CREATED = "created"
    SENT = "sent"
    RECEIVED = "received"
    SHARED_FURTHER = "shared_further"
    DISCLOSED = "disclosed"


class Answer(StrEnum):
    YES = "yes"
    NO = "no"
    NOT_KNOWN = "not_known"


class ReferralQuestion(StrEnum):
    """The five immediate-referral questions, in the guidance's order."""

    ADULT_INVOLVED = "adult_involved"
    COERCION_OR_CAPACITY = "coercion_or_capacity"
    UNUSUAL_OR_VIOLENT = "unusual_or_violent"
    UNDER_13_SEXUAL_ACTS = "under_13_sexual_acts"
    IMMEDIATE_RISK = "immediate_risk"


class ImageAssessment(StrEnum):
    POTENTIALLY_ILLEGAL = "potentially_illegal"
    INAPPROPRIATE = "inappropriate"
    NOT_KNOWN = "not_known"


class SharingPlace(StrEnum):
    DEVICE = "device"
    CLOUD = "cloud"
    APP = "app"
    WEBSITE = "website"
    OTHER = "other"


class Agency(StrEnum):
    MASH = "mash"  # children's social care via the Multi-Agency Safeguarding Hub
    CAMHS = "camhs"
    SCHOOL_NURSE = "school_nurse"
    EARLY_HELP = "early_help"
    CEOP = "ceop"
    LADO = "lado"
    OTHER_SCHOOL = "other_school"
    OTHER = "other"


class StaffRole(StrEnum):
    DSL = "dsl"
    DEPUTY = "deputy"


class DecisionKind(StrEnum):
    IMMEDIATE_REFERRAL = "immediate_referral"
    HANDLE_IN_SCHOOL = "handle_in_school"
    POLICE = "police"
    SOCIAL_CARE = "social_care"
    OTHER_AGENCY = "other_agency"
    PARENTS = "parents"
    VIEWING = "viewing"
    DELETION = "deletion"
    CLASSIFICATION = "classification"
    CLOSING = "closing"
    REOPENING = "reopening"
    OTHER = "other"


class ChronologySource(StrEnum):
    MANUAL = "manual"
    RECORD = "record"
