"""Section: the incident, as it came to light."""

from __future__ import annotations

from reportlab.platypus import Flowable

from app.reports.record.values import FieldLabels, answer, fmt_datetime
from app.reports.record.writer import Writer
from app.vocabulary import NOT_RECORDED


def incident(w: Writer) -> list[Flowable]:
    c = w.case
    f = FieldLabels("cases")
    out = w.section("The incident")
    out += w.fields(
        [
            (f["came_to_light_at"], fmt_datetime(c.came_to_light_at) or NOT_RECORDED),
            (f["came_to_light_how"], c.came_to_light_how or NOT_RECORDED),
            (f["reported_by"], c.reported_by),
            (f["summary"], c.summary or NOT_RECORDED),
            (f["adults_involved"], answer(c.adults_involved) or NOT_RECORDED),
            (f["adults_involved_details"], c.adults_involved_details),
            (f["existing_concerns"], c.existing_concerns),
            (f["classification_reason"], c.classification_reason),
        ]
    )
    return out
