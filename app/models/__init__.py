"""Typed SQLAlchemy models for everything a case record holds."""

from app.models.assessment import (
    Conversation,
    Device,
    IncidentDescription,
    InitialReview,
    ReferralAnswer,
    SharingLocation,
    ViewingLogEntry,
)
from app.models.base import (
    Agency,
    Answer,
    Base,
    CaseContent,
    CaseStatus,
    ChronologySource,
    Classification,
    DecisionKind,
    ImageAssessment,
    Pathway,
    ReferralQuestion,
    Role,
    SharingPlace,
    StaffRole,
)
from app.models.case import Case, DraftPage, YoungPerson
from app.models.followup import ChronologyEntry, Decision, FollowUpAction, Plan, Review
from app.models.history import Amendment, AuditEntry, AuditHead, RetentionDecision, WritePermit
from app.models.referrals import AgencyReferral, ParentCarerContact, PoliceContact
from app.models.staff import Setting, StaffAccount

__all__ = [
    "Agency",
    "AgencyReferral",
    "Amendment",
    "Answer",
    "AuditEntry",
    "AuditHead",
    "Base",
    "Case",
    "CaseContent",
    "CaseStatus",
    "ChronologyEntry",
    "ChronologySource",
    "Classification",
    "Conversation",
    "Decision",
    "DecisionKind",
    "Device",
    "DraftPage",
    "FollowUpAction",
    "ImageAssessment",
    "IncidentDescription",
    "InitialReview",
    "ParentCarerContact",
    "Pathway",
    "Plan",
    "PoliceContact",
    "ReferralAnswer",
    "ReferralQuestion",
    "RetentionDecision",
    "Review",
    "Role",
    "Setting",
    "SharingLocation",
    "SharingPlace",
    "StaffAccount",
    "StaffRole",
    "ViewingLogEntry",
    "WritePermit",
    "YoungPerson",
]
