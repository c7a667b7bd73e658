"""The words a printed record uses for fields and coded answers.

Field labels and table titles are declared once, in `app.record.schema`.

Coded answers (roles, image assessment, places, agencies...) are worded as in
the wizard's own vocabularies (resources/wizard/pages.json), so a school that
rewords a choice sees the same words on paper.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from app.models import DecisionKind, ReferralQuestion, StaffRole
from app.record import schema as record_schema
from app.vocabulary import PATHWAY_WORDS
from app.wizard import spec


def table_title(table: str) -> str:
    return record_schema.title(table)


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

# A staff member's role in full, for readers outside the school (the app says "DSL").
STAFF_ROLES: dict[str, str] = {
    StaffRole.DSL: "Designated Safeguarding Lead",
    StaffRole.DEPUTY: "Deputy Designated Safeguarding Lead",
}

MASH = "Children's social care (MASH)"


def field_label(table: str, field: str) -> str:
    """The field's label, as declared once in `app.record.schema`."""
    return record_schema.label(table, field)


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
