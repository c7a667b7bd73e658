"""Section: reviews."""

from __future__ import annotations

from reportlab.platypus import Flowable

from app.reports.record.values import FieldLabels, answer, fmt_date
from app.reports.record.writer import Writer
from app.vocabulary import NOT_RECORDED


def reviews(w: Writer) -> list[Flowable]:
    out = w.section("Reviews")
    f = FieldLabels("reviews")
    reviews = sorted(w.record.rows("reviews"), key=lambda r: (r.held_on, r.id))
    if not reviews:
        out.append(w.empty("No review has been held yet."))
    for r in reviews:
        block: list[Flowable] = [w.h3(f"Review on {fmt_date(r.held_on)}")]
        block += w.fields(
            [
                ("Reviewed by", w.staff_with_role(r.reviewed_by_id)),
                (f["notes"], r.notes or NOT_RECORDED),
                (f["risk_still_present"], answer(r.risk_still_present)),
                (f["next_review_on"], fmt_date(r.next_review_on)),
                (f["propose_closing"], "Yes" if r.propose_closing else None),
            ]
        )
        out += block
    return out
