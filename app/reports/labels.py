"""The words a printed record uses for fields and coded answers.

Coded answers (roles, image assessment, places, agencies...) are worded as in
the wizard's own vocabularies (resources/wizard/pages.json), so a school that
rewords a choice sees the same words on paper.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from app.models import DecisionKind, ReferralQuestion
from app.vocabulary import PATHWAY_WORDS
from app.wizard import spec

NOT_RECORDED = "Not recorded"

TABLE_TITLES = {
    "cases": "The incident",
    "young_people": "Young person",
    "initial_reviews": "Initial review",
    "referral_answers": "Immediate-referral question",
    "conversations": "Conversation",
    "incident_descriptions": "The incident as described",
    "sharing_locations": "Where the image is",
    "devices": "Device",
    "viewing_log": "Viewing log",
    "police_contacts": "Police",
    "agency_referrals": "Agency",
    "parent_carer_contacts": "Parents or carers",
    "plans": "The plan",
    "actions": "Action",
    "reviews": "Review",
    "chronology": "Chronology",
    "decisions": "Decision",
}

# Field labels, by table: used in the record and in its amendment history.
FIELD_LABELS: dict[str, dict[str, str]] = {
    "cases": {
        "came_to_light_at": "Came to light",
        "came_to_light_how": "How it came to light",
        "reported_by": "Reported to the DSL by",
        "summary": "Summary",
        "adults_involved": "An adult (18 or over) involved",
        "adults_involved_details": "About the adult",
        "existing_concerns": "Existing concerns or earlier referrals",
        "classification": "Classification",
        "classification_reason": "Reason for the classification",
        "pathway": "Pathway",
        "next_review_on": "Next review",
        "closing_summary": "Closing summary",
        "opened_at": "Opened",
        "closed_at": "Closed",
        "signed_off_by_id": "Signed off by",
        "signed_off_at": "Signed off",
    },
    "young_people": {
        "name": "Full name",
        "date_of_birth": "Date of birth",
        "age_years": "Age",
        "year_group": "Year group",
        "roles": "Their part",
        "send": "SEND",
        "other_vulnerabilities": "Other vulnerabilities",
        "existing_concerns": "Existing safeguarding concerns",
        "earlier_mash_referral": "Earlier MASH referral",
        "known_to_social_care": "Known to children's social care",
        "looked_after": "Looked-after child",
        "school_if_elsewhere": "School (if not this one)",
    },
    "initial_reviews": {
        "held_at": "Met",
        "attendees": "Who met",
        "more_information_needed": "Still to find out",
        "other_school_contact": "Another school to be told",
        "notes": "Notes",
    },
    "referral_answers": {"question": "Question", "answer": "Answer", "note": "Note"},
    "conversations": {
        "held": "Conversation held",
        "not_held_reason": "Why not yet, and when it will happen",
        "held_at": "When",
        "present": "Present",
        "confidentiality_explained": "Confidentiality and the need to share explained",
        "own_words": "Their account, in their own words",
        "impact": "Impact on them",
        "risk_to_child": "Safeguarding risk to this young person",
        "risk_to_others": "Safeguarding risk to others",
        "support_needed": "Support they need",
        "image_still_on_phone": "Image still on their phone",
        "who_has_it": "Who else has it, as far as they know",
        "next_steps": "Next steps agreed with them",
    },
    "incident_descriptions": {
        "description": "The image, as described",
        "assessment": "What sort of image",
        "explicitness": "How explicit, as described",
        "coercion_or_threats": "Coercion or threats involved",
        "coercion_details": "About the coercion or threats",
        "how_widely_shared": "How widely shared",
        "was_viewed": "Viewed by anyone at school",
        "immediate_support_needed": "Support or protection needed now",
        "other_children_involved": "Other young people involved",
        "deletion": "Deleting the image",
    },
    "sharing_locations": {
        "place": "Where",
        "details": "Details",
        "removal_requested": "Removal requested",
    },
    "devices": {
        "description": "Device",
        "belongs_to": "Whose it is",
        "taken_at": "Taken",
        "taken_by": "Taken by",
        "switched_off": "Switched off",
        "stored_where": "Kept now",
        "handed_to": "Handed to",
        "handed_over_at": "Handed over",
    },
    "viewing_log": {
        "viewed_at": "When",
        "viewed_by": "Viewed by",
        "reason": "Why it was unavoidable",
        "others_present": "Also present",
        "head_agreed": "The head agreed beforehand",
        "head_name": "Head's name",
        "outcome": "What was decided as a result",
    },
    "police_contacts": {
        "reported": "Reported to the police",
        "reason": "Why",
        "reported_at": "Reported",
        "force": "Police force",
        "officer": "Officer",
        "crime_reference": "Crime reference",
        "response": "Police response",
        "outcome_code": "Outcome",
        "outcome_notes": "About the outcome",
        "vulnerability_notes": "Vulnerability, and how each has been affected",
    },
    "agency_referrals": {
        "agency": "Agency",
        "agency_name": "Name or contact",
        "referred": "Referred",
        "referred_on": "Date",
        "reference": "Their reference",
        "reason": "Why",
        "outcome": "Outcome",
    },
    "parent_carer_contacts": {
        "informed": "Parents or carers told",
        "who": "Who was told",
        "informed_at": "When",
        "how": "How",
        "reason_not_informed": "Why not",
        "revisit_on": "Look at this decision again on",
    },
    "plans": {
        "bullying": "Bullying, and the work to address it",
        "restorative_appropriate": "Restorative approach appropriate",
        "restorative_notes": "About the restorative approach",
        "work_with_others": "Work with other young people affected",
        "follow_up_support": "Follow-up support and education",
        "removal": "Removal (Report Remove, Take It Down, platforms)",
        "preventative_work": "Preventative work",
    },
    "actions": {
        "description": "What needs doing",
        "owner_id": "Who",
        "owner_name": "Who",
        "due_on": "Due",
        "done_at": "Done",
        "done_note": "What was done",
    },
    "reviews": {
        "held_on": "Held on",
        "notes": "Notes",
        "risk_still_present": "Risk still present",
        "next_review_on": "Next review",
        "propose_closing": "Proposed closing the case",
    },
    "chronology": {"happened_at": "When", "entry": "What happened"},
    "decisions": {
        "kind": "Kind",
        "decision": "Decision",
        "reason": "Reason",
        "aid_view": "The decision aid's view",
        "decided_at": "Decided",
        "subject": "About",
    },
}

DECISION_KINDS = {
    DecisionKind.IMMEDIATE_REFERRAL: "Immediate referral",
    DecisionKind.HANDLE_IN_SCHOOL: "Handle in school",
    DecisionKind.POLICE: "Police",
    DecisionKind.SOCIAL_CARE: "Children's social care",
    DecisionKind.OTHER_AGENCY: "Other agency",
    DecisionKind.PARENTS: "Parents and carers",
    DecisionKind.VIEWING: "Viewing the image",
    DecisionKind.DELETION: "Deleting the image",
    DecisionKind.CLASSIFICATION: "Classification",
    DecisionKind.CLOSING: "Closing the case",
    DecisionKind.REOPENING: "Reopening the case",
    DecisionKind.OTHER: "Other decision",
}

PATHWAYS = PATHWAY_WORDS

MASH = "Children's social care (MASH)"


def field_label(table: str, field: str) -> str:
    return FIELD_LABELS.get(table, {}).get(field) or field.replace("_", " ").capitalize()


def _value(member: Any) -> str:
    return str(getattr(member, "value", member))


@cache
def _vocabularies() -> dict[str, dict[str, str]]:
    return spec.load().vocabularies


@cache
def _questions() -> dict[str, str]:
    page = spec.load().page("initial_review")
    out = {}
    for q in ReferralQuestion:
        try:
            out[q.value] = page.field(f"q_{q.value}").label
        except KeyError:
            out[q.value] = q.value.replace("_", " ").capitalize()
    return out


def vocab(name: str, member: Any) -> str:
    """A coded answer in the wizard's words ('received' -> 'Received it')."""
    if member is None:
        return ""
    code = _value(member)
    return _vocabularies().get(name, {}).get(code) or code.replace("_", " ").capitalize()


def question(member: Any) -> str:
    return _questions().get(_value(member), _value(member))


def agency(member: Any, name: str | None = None) -> str:
    code = _value(member)
    if code == "mash":
        return MASH
    label = vocab("agency", code)
    return f"{label}: {name}" if name and code in ("other", "other_school") else label
