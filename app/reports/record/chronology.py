"""Section: the chronology, as the case file shows it."""

from __future__ import annotations

from reportlab.platypus import Flowable

from app.record.chronology import DECISION_WORDS, TimelineEntry, timeline
from app.record.snapshot import CaseRecord
from app.reports.record.values import fmt_datetime
from app.reports.record.writer import Writer
from app.vocabulary import NOT_RECORDED

# How a chronology line came about, where it is not the record's own entry.
SOURCE_WORDS = {"manual": "entry added by hand"}


def chronology(w: Writer) -> list[Flowable]:
    """The timeline the app shows: entries, actions, reviews and decisions in time order.

    A decision is named here, when and by whom; its reason is printed once, in the
    decisions section, which the column's heading points to (not said twice).
    """
    out = w.section("Chronology")
    decided = [d for d in w.record.rows("decisions") if w.audience.shows_decision(d)]
    shown = CaseRecord(
        case=w.case,
        sections={**w.record.sections, "decisions": []},
        staff_names=w.record.staff_names,
    )
    where = f"section {w.decisions_section}" if w.decisions_section else "the decisions"
    entries = timeline(shown) + [
        TimelineEntry(
            d.decided_at,
            d.decided_at,
            w.record.staff_names.get(d.decided_by_id, "?"),
            f"Decision ({DECISION_WORDS[d.kind]}): {d.decision}",
            "decision",
        )
        for d in decided
    ]
    rows = []
    for e in sorted(entries, key=lambda e: (e.happened_at, e.recorded_at)):
        by = e.recorded_by
        if e.backdated:
            by = f"{by}\nBack-dated: written {fmt_datetime(e.recorded_at)}"
        kind = SOURCE_WORDS.get(e.source)
        rows.append(
            [
                w.p(fmt_datetime(e.happened_at) or NOT_RECORDED, "td_strong"),
                w.p(f"{e.text} ({kind})" if kind else e.text, "td"),
                w.p(by, "td"),
            ]
        )
    what = f"What happened (each decision's reason is in {where})" if decided else "What happened"
    out += w.grid(["When", what, "Recorded by"], rows, [19, 65, 16])
    return out
