"""Section: every decision with its reason."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from app.record.chronology import DECISION_WORDS
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
    w.decisions_section = w.section_number
    shown = [d for d in w.record.rows("decisions") if w.audience.shows_decision(d)]
    shown.sort(key=lambda d: (d.decided_at or datetime.min, d.id))
    if not shown:
        out.append(w.empty("No decision is recorded."))
    said: list[Flowable] = []
    # Who decided and when, said once where every decision was made together.
    said_once = len(shown) > 1 and len({(d.decided_at, d.decided_by_id) for d in shown}) == 1
    if said_once:
        first = shown[0]
        when = fmt_datetime(first.decided_at)
        who = w.staff_with_role(first.decided_by_id)
        together = f"on {when} by {who}" if when else f"by {who} (date not recorded)"
        said.append(
            Paragraph(f"{markup('Each decision below was made')} {w.t(together)}.", w.s["note"])
        )
    # The decision aid's view, said once for all the decisions it was the same for.
    asked: dict[str, list[Any]] = {}
    for d in shown:
        if d.aid_view and d.aid_view.strip():
            asked.setdefault(d.aid_view, []).append(d)
    shared = {view for view, ds in asked.items() if len(ds) > 1}
    for view in sorted(shared, key=lambda v: shown.index(asked[v][0])):
        kinds = list(dict.fromkeys(DECISION_WORDS[d.kind] for d in asked[view]))
        about = ", ".join(kinds[:-1]) + f" and {kinds[-1]}" if len(kinds) > 1 else kinds[0]
        said.append(
            Paragraph(
                f"<b>{markup('Decision aid said')}</b> "
                f"{markup(f'(for the {about} decisions):')} {w.t(view)}",
                w.s["note"],
            )
        )
    if said:
        said.append(Spacer(1, 3))
    for k, d in enumerate(shown):
        # What the aid said stays on the page with the first decision it speaks of.
        out.append(
            KeepTogether(
                [*(said if k == 0 else []), _decision_box(w, d, shared, said_once), Spacer(1, 5)]
            )
        )
    if len(shown) < len(w.record.rows("decisions")):
        out.append(
            w.fixed("Decisions about the other young people are on their own files.", "note")
        )
    return out


def _decision_box(w: Writer, d: Any, shared: set[str], said_once: bool) -> Table:
    """One decision: its kind and the decision (when and by whom, unless said once above
    for every decision), then the reason for it."""
    kind = labels.DECISION_KINDS.get(d.kind, vocab("", d.kind))
    reason = (
        w.p(d.reason, "reason")
        if d.reason and d.reason.strip()
        else w.fixed("No reason recorded.", "alert")
    )
    look = w.s["decision_head"]
    muted = f'<font size="{look.fontSize}" color="#{look.textColor.hexval()[2:]}">'
    text = f"{muted}<b>{markup(kind.upper())}</b></font>&nbsp;&nbsp;&nbsp;<b>{w.t(d.decision)}</b>"
    if not said_once:
        text += f"{muted}&nbsp;&nbsp;&nbsp;{w.t(_when_by(w, d))}</font>"
    rows: list[list[Any]] = [
        [Paragraph(text, w.s["decision"]), ""],
        [w.p("Reason", "label"), reason],
    ]
    if d.aid_view and d.aid_view.strip() and d.aid_view not in shared:
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
                ("BACKGROUND", (0, 1), (-1, 1), QUOTE_SHADE),
                ("LEFTPADDING", (0, 0), (-1, -1), 7),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ]
        )
    )
    return box


def _when_by(w: Writer, d: Any) -> str:
    when = fmt_datetime(d.decided_at) or "date not recorded"
    return f"{when} · decided by {w.staff_with_role(d.decided_by_id)}"
