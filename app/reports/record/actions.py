"""Section: actions."""

from __future__ import annotations

from reportlab.platypus import Flowable

from app.reports.record.values import fmt_date, fmt_datetime
from app.reports.record.writer import Writer
from app.vocabulary import NOT_RECORDED


def actions(w: Writer) -> list[Flowable]:
    out = w.section("Actions")
    rows = []
    for a in w.record.rows("actions"):
        owner = a.owner_name or (w.staff(a.owner_id) if a.owner_id else NOT_RECORDED)
        if a.done_at:
            done = w.p(f"Done {fmt_datetime(a.done_at)}. {a.done_note or ''}".strip(), "td")
        else:
            done = w.p("Still open", "td_alert")
        rows.append([a.description, owner, fmt_date(a.due_on) or "No date", done])
    out += w.grid(["What needs doing", "Who", "Due", "Done"], rows, [38, 20, 13, 29])
    return out
