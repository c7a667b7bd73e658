"""Section: the closing summary."""

from __future__ import annotations

from reportlab.platypus import Flowable

from app.models import CaseStatus
from app.reports.record.values import FieldLabels
from app.reports.record.writer import Writer
from app.vocabulary import NOT_RECORDED


def closing(w: Writer) -> list[Flowable]:
    out = w.section("Closing summary")
    c = w.case
    if c.status != CaseStatus.CLOSED and not c.closing_summary:
        out.append(w.empty("The case is not closed."))
        return out
    # When it was closed is in the title block at the top ("Closed"): not said twice.
    out += w.fields([(FieldLabels("cases")["closing_summary"], c.closing_summary or NOT_RECORDED)])
    return out
