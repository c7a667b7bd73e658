"""Typed SQLAlchemy models for everything a case record holds.

The model modules leave out `from __future__ import annotations`: with it every
`Mapped[...]` is a string that SQLAlchemy parses and evaluates back, a third of
the time these modules take to load, and they load while the key is derived.
Their annotations need nothing defined later (there are no relationships).
"""

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
from app.models.history import (
    Amendment,
    AuditEntry,
    AuditHead,
    RetentionDecision,
    RowSeal,
    WritePermit,
)
from app.models.referrals import (
    AgencyReferral,
    ParentCarerContact,
    PoliceContact,
    PoliceOutcome,
)
from app.models.staff import Setting, StaffAccount
from app.models.transfer import TransferIn, TransferOut

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
    "PoliceOutcome",
    "ReferralAnswer",
    "ReferralQuestion",
    "RetentionDecision",
    "RowSeal",
    "Review",
    "Role",
    "Setting",
    "SharingLocation",
    "SharingPlace",
    "StaffAccount",
    "StaffRole",
    "TransferIn",
    "TransferOut",
    "ViewingLogEntry",
    "WritePermit",
    "YoungPerson",
]
