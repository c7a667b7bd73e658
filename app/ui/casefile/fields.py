"""What each field of a case record is, in words and in kind.

The kind (text, date, yes/no, a choice...) comes from the model's own column
types, so a new column needs no code here; the words come from
`app.reports.labels`, so the screen and the printed record say the same thing.
Values are shown here both as the record holds them and as the amendment
history stores them (ISO dates, enum codes), which look the same once shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Integer, String, Text
from sqlalchemy import Enum as SAEnum

from app.models import (
    Agency,
    Answer,
    CaseStatus,
    ChronologySource,
    Classification,
    DecisionKind,
    ImageAssessment,
    Pathway,
    ReferralQuestion,
    SharingPlace,
)
from app.reports import labels
from app.services.cases import CASE_TABLES, NOT_AMENDABLE
from app.vocabulary import PATHWAY_WORDS, STATUS_WORDS
from app.wizard import spec as wizard_spec
from app.wizard.values import format_date, format_datetime

NOT_RECORDED = "Not recorded"
BLANK = "(blank)"


# Short text kept on one line when amended; every other text column gets a box.
LINE_FIELDS = frozenset(
    {
        ("cases", "reported_by"),
        ("young_people", "name"),
        ("young_people", "school_if_elsewhere"),
        ("conversations", "present"),
        ("sharing_locations", "details"),
        ("devices", "description"),
        ("devices", "belongs_to"),
        ("devices", "taken_by"),
        ("devices", "stored_where"),
        ("devices", "handed_to"),
        ("viewing_log", "viewed_by"),
        ("viewing_log", "others_present"),
        ("parent_carer_contacts", "who"),
        ("parent_carer_contacts", "how"),
    }
)
# Stored as text, chosen from one of the wizard's lists.
CHOICE_FIELDS = {
    ("young_people", "year_group"): "year_group",
    ("police_contacts", "outcome_code"): "outcome_code",
}
ENUM_VOCAB = {
    Answer: "answer",
    ImageAssessment: "assessment",
    SharingPlace: "place",
    Classification: "classification",
}
# Kept by the app as the record is written: shown, never amended by hand.
BOOKKEEPING = frozenset(
    {
        "opened_at",
        "closed_at",
        "signed_off_at",
        "signed_off_by_id",
        "created_by_id",
        "recorded_at",
        "recorded_by_id",
        "reviewed_by_id",
        "decided_by_id",
        "decided_at",
        "done_at",
        "young_person_id",
        "source",
        "kind",
        "question",
        "aid_view",
        "subject",
        "owner_id",
    }
)


@dataclass(frozen=True)
class FieldInfo:
    table: str
    field: str
    label: str
    kind: str  # text, line, date, datetime, bool, int, enum, choice, roles, staff
    required: bool
    choices: tuple[tuple[str, str], ...] = ()  # (stored code, words) for enum/choice/roles
    enum_class: type[Enum] | None = None

    @property
    def amendable(self) -> bool:
        return (
            self.field not in NOT_AMENDABLE
            and self.field not in BOOKKEEPING
            and self.kind != "staff"
        )

    def words_for(self, code: str) -> str:
        return dict(self.choices).get(code, code.replace("_", " ").capitalize() if code else "")


def _enum_words(enum_class: type[Enum]) -> tuple[tuple[str, str], ...]:
    codes = [str(m.value) for m in enum_class]
    if enum_class in ENUM_VOCAB:
        return tuple((c, labels.vocab(ENUM_VOCAB[enum_class], c)) for c in codes)
    if enum_class is Agency:
        return tuple((c, labels.agency(c)) for c in codes)
    if enum_class is Pathway:
        return tuple((p.value, PATHWAY_WORDS[p]) for p in Pathway)
    if enum_class is ReferralQuestion:
        return tuple((c, labels.question(c)) for c in codes)
    if enum_class is DecisionKind:
        return tuple((k.value, labels.DECISION_KINDS[k]) for k in DecisionKind)
    if enum_class is CaseStatus:
        return tuple((s.value, STATUS_WORDS[s]) for s in CaseStatus)
    if enum_class is ChronologySource:
        return (("manual", "Written by hand"), ("record", "From the record"))
    return tuple((c, c.replace("_", " ").capitalize()) for c in codes)


def _vocab_choices(name: str) -> tuple[tuple[str, str], ...]:
    return tuple(wizard_spec.load().vocabularies.get(name, {}).items())


@cache
def field_info(table: str, field: str) -> FieldInfo:
    model = CASE_TABLES[table]
    column = model.__table__.c[field]
    label = labels.field_label(table, field)
    required = not column.nullable
    kind = "text"
    choices: tuple[tuple[str, str], ...] = ()
    enum_class: type[Enum] | None = None
    col_type = column.type
    if field.endswith("_by_id") or field == "owner_id":
        kind = "staff"
    elif (table, field) in CHOICE_FIELDS:
        kind, choices = "choice", _vocab_choices(CHOICE_FIELDS[(table, field)])
    elif isinstance(col_type, SAEnum):
        enum_class = col_type.enum_class
        kind = "enum"
        choices = _enum_words(enum_class) if enum_class is not None else ()
    elif isinstance(col_type, Boolean):
        kind = "bool"
    elif isinstance(col_type, DateTime):
        kind = "datetime"
    elif isinstance(col_type, Date):
        kind = "date"
    elif isinstance(col_type, Integer):
        kind = "int"
    elif isinstance(col_type, JSON):
        kind, choices = "roles", _vocab_choices("roles")
    elif (table, field) in LINE_FIELDS or (
        isinstance(col_type, String) and not isinstance(col_type, Text)
    ):
        kind = "line"
    return FieldInfo(table, field, label, kind, required, choices, enum_class)


def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def _as_datetime(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def show(info: FieldInfo, value: Any, staff: dict[int, str] | None = None) -> str:
    """The value in words; "" when there is nothing recorded."""
    if value is None or value == "" or value == []:
        return ""
    kind = info.kind
    if kind == "bool" or isinstance(value, bool):
        return "Yes" if value else "No"
    if kind == "date":
        day = _as_date(value)
        return format_date(day) if day else str(value)
    if kind == "datetime":
        moment = _as_datetime(value)
        return format_datetime(moment) if moment else str(value)
    if kind in ("enum", "choice"):
        return info.words_for(str(getattr(value, "value", value)))
    if kind == "roles":
        items = value if isinstance(value, list | tuple) else [value]
        return "; ".join(info.words_for(str(v)) for v in items)
    if kind == "staff":
        try:
            return (staff or {}).get(int(value), "Someone no longer listed")
        except (TypeError, ValueError):
            return str(value)
    return str(value)


def show_or_not_recorded(info: FieldInfo, value: Any, staff: dict[int, str] | None = None) -> str:
    return show(info, value, staff) or NOT_RECORDED


def table_title(table: str) -> str:
    return labels.TABLE_TITLES.get(table, table.replace("_", " ").capitalize())
