"""The case chronology: everything that happened, in time order.

Built from the record (actions, reviews, decisions, the entries the wizard
seeded) and the DSL's own entries. Each line says when it happened and when it
was written down; a line written down later than the day it happened is marked
as back-dated, so a reader knows it was recorded after the event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from app.models import DecisionKind
from app.record.snapshot import CaseRecord

BACKDATED_AFTER = timedelta(hours=24)
DECISION_WORDS = {k: k.value.replace("_", " ") for k in DecisionKind}


@dataclass(frozen=True)
class TimelineEntry:
    happened_at: datetime
    recorded_at: datetime
    recorded_by: str
    text: str
    source: str  # "manual", "record", "action", "review", "decision"

    @property
    def backdated(self) -> bool:
        return self.recorded_at - self.happened_at > BACKDATED_AFTER


def timeline(record: CaseRecord) -> list[TimelineEntry]:
    who = record.staff_names
    out = [
        TimelineEntry(
            e.happened_at, e.recorded_at, who.get(e.recorded_by_id, "?"), e.entry, e.source.value
        )
        for e in record.rows("chronology")
    ]
    for a in record.rows("actions"):
        out.append(
            TimelineEntry(
                a.created_at,
                a.created_at,
                who.get(a.created_by_id, "?"),
                f"Action set: {a.description}",
                "action",
            )
        )
        if a.done_at is not None:
            out.append(
                TimelineEntry(
                    a.done_at,
                    a.done_at,
                    who.get(a.created_by_id, "?"),
                    f"Action done: {a.description}. {a.done_note or ''}".strip(),
                    "action",
                )
            )
    for r in record.rows("reviews"):
        out.append(
            TimelineEntry(
                datetime.combine(r.held_on, time(12)),
                r.recorded_at,
                who.get(r.reviewed_by_id, "?"),
                f"Review: {r.notes}",
                "review",
            )
        )
    for d in record.rows("decisions"):
        out.append(
            TimelineEntry(
                d.decided_at,
                d.decided_at,
                who.get(d.decided_by_id, "?"),
                f"Decision ({DECISION_WORDS[d.kind]}): {d.decision}. Reason: {d.reason}",
                "decision",
            )
        )
    return sorted(out, key=lambda e: (e.happened_at, e.recorded_at))
