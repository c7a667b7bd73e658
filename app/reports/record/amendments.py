"""Section: the amendment history (records are amended, never overwritten)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from reportlab.platypus import Flowable

from app.dates import format_date, format_datetime
from app.record import schema as record_schema
from app.record.schema import Kind
from app.record.snapshot import HistoryLine
from app.reports import labels
from app.reports.labels import field_label, vocab
from app.reports.record.audience import PER_CHILD_TABLES
from app.reports.record.values import fmt_datetime
from app.reports.record.writer import Writer

INTRO = (
    "Records are amended, never overwritten: each change keeps the earlier "
    "value, with who changed it, when and why."
)


def amendments(w: Writer, history: list[HistoryLine]) -> list[Flowable]:
    out = w.section("Amendment history")
    out.append(w.fixed(INTRO, "intro"))
    rows = []
    for line in history:
        if not w.audience.shows_history(line, w.record):
            continue
        what = f"{_part_changed(w, line)}: {field_label(line.table, line.field)}"
        rows.append(
            [
                w.p(f"{fmt_datetime(line.changed_at)}\n{line.changed_by}", "td"),
                w.p(what, "td_strong"),
                history_value(line.table, line.field, line.old_value),
                history_value(line.table, line.field, line.new_value),
                line.reason,
            ]
        )
    if not rows:
        out.append(w.empty("No amendments have been made."))
        return out
    out += w.grid(
        ["When and who", "What", "Earlier value", "New value", "Reason"],
        rows,
        [17, 18, 22, 22, 21],
    )
    return out


def _part_changed(w: Writer, line: HistoryLine) -> str:
    """Which part of the record changed, naming the child where it is theirs."""
    title = labels.table_title(line.table)
    owner: int | None = None
    if line.table == "young_people":
        owner = line.row_id
    elif line.table in PER_CHILD_TABLES:
        row = next((r for r in w.record.rows(line.table) if r.id == line.row_id), None)
        owner = row.young_person_id if row is not None else None
    if owner is None or all(p.id != owner for p in w.audience.people):
        return title
    return f"{title} ({w.person_name(owner)})"


def history_value(table: str, field: str, value: Any) -> str:
    """An earlier or new value as the record would print it, worded by the field's kind."""
    if value is None or value == "":
        return "(blank)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    spec = record_schema.field(table, field)
    kind = spec.kind if spec else None
    coded = spec.vocabulary if spec else ""
    if isinstance(value, list):
        words = [vocab(coded, v) if coded else str(v) for v in value]
        return ", ".join(words) or "(none)"
    if coded == "pathway" and isinstance(value, str):
        return next((w for p, w in labels.PATHWAYS.items() if p.value == value), value)
    if coded and isinstance(value, str):
        return labels.agency(value) if coded == "agency" else vocab(coded, value)
    if isinstance(value, str) and kind in (Kind.DATE, Kind.DATETIME):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return value
        return format_date(parsed) if kind == Kind.DATE else format_datetime(parsed)
    return str(value)
