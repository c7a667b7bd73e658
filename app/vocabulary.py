"""The words for a case's status, pathway and classification, said the same everywhere:
on the dashboard, in the case file, on the printed record and in the governors' figures."""

from __future__ import annotations

from app.models import CaseStatus, Classification, Pathway

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
