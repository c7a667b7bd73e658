"""Section: the chronology, as the case file shows it."""

from __future__ import annotations

from reportlab.platypus import Flowable

from app.record.chronology import timeline
from app.record.snapshot import CaseRecord
from app.reports.record.values import fmt_datetime
from app.reports.record.writer import Writer
from app.vocabulary import NOT_RECORDED

# How a chronology line came about, where it is not the record's own entry.
SOURCE_WORDS = {"manual": "entry added by hand"}


def chronology(w: Writer) -> list[Flowable]:
    """The timeline the app shows: entries, actions, reviews and decisions in time order."""
    out = w.section("Chronology")
    shown = CaseRecord(
        case=w.case,
        sections={
            **w.record.sections,
            "decisions": [d for d in w.record.rows("decisions") if w.audience.shows_decision(d)],
        },
        staff_names=w.record.staff_names,
    )
    rows = []
    for e in timeline(shown):
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
    out += w.grid(["When", "What happened", "Recorded by"], rows, [19, 61, 20])
    return out
