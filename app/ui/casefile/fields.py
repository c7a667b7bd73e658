"""What each field of a case record is, in words and in kind, for the case file.

Label, kind, vocabulary and whether a DSL may amend a field all come from the
record's one schema (`app.record.schema`), so the screen, the Amend dialog,
`cases.amend` and the printed record agree. Values are shown here both as the
record holds them and as the amendment history stores them (ISO dates, enum
codes), which look the same once shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import Any

from sqlalchemy import Enum as SAEnum

from app.dates import format_date, format_datetime
from app.models import CaseStatus, ChronologySource, DecisionKind, Pathway, ReferralQuestion
from app.record import schema as record_schema
from app.record.schema import Kind
from app.reports import labels
from app.services.cases import CASE_TABLES
from app.vocabulary import NOT_RECORDED, PATHWAY_WORDS, STATUS_WORDS
from app.wizard import spec as wizard_spec

__all__ = ["NOT_RECORDED", "PATHWAY_WORDS", "STATUS_WORDS", "FieldInfo", "field_info", "show"]

BLANK = "(blank)"

# The editor each kind of field gets in the Amend dialog.
EDITOR_KINDS = {
    Kind.TEXT: "text",
    Kind.LINE: "line",
    Kind.DATE: "date",
    Kind.DATETIME: "datetime",
    Kind.NUMBER: "int",
    Kind.YES_NO: "bool",
    Kind.ANSWER: "enum",
    Kind.CODE: "enum",
    Kind.CHOICE: "choice",
    Kind.ROLES: "roles",
    Kind.STAFF: "staff",
    Kind.CHILD: "int",
}


@dataclass(frozen=True)
class FieldInfo:
    table: str
    field: str
    label: str
    kind: str  # text, line, date, datetime, bool, int, enum, choice, roles, staff
    required: bool
    choices: tuple[tuple[str, str], ...] = ()  # (stored code, words) for enum/choice/roles
    amendable: bool = False

    def words_for(self, code: str) -> str:
        return dict(self.choices).get(code, code.replace("_", " ").capitalize() if code else "")


def _vocab_choices(name: str) -> tuple[tuple[str, str], ...]:
    return tuple(wizard_spec.load().vocabularies.get(name, {}).items())


def _choices(vocabulary: str, enum_class: type[Enum] | None) -> tuple[tuple[str, str], ...]:
    if vocabulary == "agency" and enum_class is not None:
        return tuple((m.value, labels.agency(m.value)) for m in enum_class)
    if vocabulary == "pathway":
        return tuple((p.value, PATHWAY_WORDS[p]) for p in Pathway)
    if vocabulary == "question":
        return tuple((q.value, labels.question(q.value)) for q in ReferralQuestion)
    if vocabulary == "decision_kind":
        return tuple((k.value, labels.DECISION_KINDS[k]) for k in DecisionKind)
    if vocabulary == "status":
        return tuple((s.value, STATUS_WORDS[s]) for s in CaseStatus)
    if vocabulary == "source":
        return ((ChronologySource.MANUAL.value, "Written by hand"), ("record", "From the record"))
    if enum_class is not None:  # coded answers worded as in the wizard's own lists
        return tuple((str(m.value), labels.vocab(vocabulary, m.value)) for m in enum_class)
    return _vocab_choices(vocabulary)


@cache
def field_info(table: str, field: str) -> FieldInfo:
    spec = record_schema.table(table).field(field)
    column = CASE_TABLES[table].__table__.c[field]
    enum_class = column.type.enum_class if isinstance(column.type, SAEnum) else None
    return FieldInfo(
        table,
        field,
        spec.label,
        EDITOR_KINDS[spec.kind],
        required=not column.nullable,
        choices=_choices(spec.vocabulary, enum_class) if spec.vocabulary else (),
        amendable=spec.amendable,
    )


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
    return record_schema.title(table)
