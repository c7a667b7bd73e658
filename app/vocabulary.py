"""The words for a case's status, pathway and classification, and a staff member's role,
said the same everywhere:
on the dashboard, in the case file, on the printed record and in the governors' figures."""

from __future__ import annotations

from app.models import CaseStatus, Classification, Pathway, StaffRole

NOT_RECORDED = "Not recorded"

STATUS_WORDS = {
    CaseStatus.OPEN: "Open",
    CaseStatus.MONITORING: "Monitoring",
    CaseStatus.CLOSED: "Closed",
    CaseStatus.DRAFT: "Draft",
    CaseStatus.DISCARDED: "Discarded",
}
PATHWAY_WORDS = {
    Pathway.POLICE: "Police",
    Pathway.SOCIAL_CARE: "Children's social care",
    Pathway.IN_SCHOOL: "In school",
}
CLASSIFICATION_WORDS = {
    Classification.AGGRAVATED: "Aggravated",
    Classification.EXPERIMENTAL: "Experimental",
}
# StaffRole is a StrEnum, so the stored "dsl" / "deputy" find their words too.
ROLE_WORDS: dict[str, str] = {StaffRole.DSL: "DSL", StaffRole.DEPUTY: "Deputy DSL"}
