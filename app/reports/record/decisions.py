"""Section: every decision with its reason."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from app.reports import labels
from app.reports.labels import vocab
from app.reports.layout import ACCENT, CONTENT_WIDTH, QUOTE_SHADE, RULE, SHADE
from app.reports.record.values import fmt_datetime
from app.reports.record.writer import Writer
from app.reports.text import markup

MM = 2.834645669  # points in a millimetre
LABEL = 34 * MM


def decisions(w: Writer) -> list[Flowable]:
    out = w.section("Decisions and the reasons for them")
    shown = [d for d in w.record.rows("decisions") if w.audience.shows_decision(d)]
    shown.sort(key=lambda d: (d.decided_at or datetime.min, d.id))
    if not shown:
        out.append(w.empty("No decision is recorded."))
    for d in shown:
        out.append(KeepTogether([_decision_box(w, d), Spacer(1, 5)]))
    if len(shown) < len(w.record.rows("decisions")):
        out.append(
            w.fixed("Decisions about the other young people are on their own files.", "note")
        )
    return out


def _decision_box(w: Writer, d: Any) -> Table:
    """One decision: its kind, when and by whom, then the decision and the reason for it."""
    kind = labels.DECISION_KINDS.get(d.kind, vocab("", d.kind))
    when = fmt_datetime(d.decided_at) or "date not recorded"
    reason = (
        w.p(d.reason, "reason")
        if d.reason and d.reason.strip()
        else w.fixed("No reason recorded.", "alert")
    )
    head = Paragraph(
        f"<b>{markup(kind.upper())}</b>&nbsp;&nbsp;&nbsp;"
        f"{w.t(f'{when} · decided by {w.staff(d.decided_by_id)}')}",
        w.s["decision_head"],
    )
    rows: list[list[Any]] = [
        [head, ""],
        [w.p("Decision", "label"), w.p(d.decision, "decision")],
        [w.p("Reason", "label"), reason],
    ]
    if d.aid_view:
        rows.append([w.p("Decision aid said", "label"), w.p(d.aid_view, "note")])
    box = Table(rows, colWidths=[LABEL, CONTENT_WIDTH - LABEL - 3], splitInRow=1, hAlign="RIGHT")
    box.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("SPAN", (0, 0), (-1, 0)),
                ("LINEBEFORE", (0, 0), (0, -1), 3, ACCENT),
                ("BOX", (0, 0), (-1, -1), 0.5, RULE),
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("BACKGROUND", (0, 2), (-1, 2), QUOTE_SHADE),
                ("LEFTPADDING", (0, 0), (-1, -1), 7),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ]
        )
    )
    return box
