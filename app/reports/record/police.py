"""Section: police."""

from __future__ import annotations

from reportlab.platypus import Flowable

from app.reports.labels import vocab
from app.reports.record.values import FieldLabels, fmt_datetime, yes_no
from app.reports.record.writer import Writer
from app.vocabulary import NOT_RECORDED


def police(w: Writer) -> list[Flowable]:
    out = w.section("Police")
    f = FieldLabels("police_contacts")
    contacts = w.record.rows("police_contacts")
    if not contacts:
        out.append(w.empty("Nothing about the police is recorded."))
    for pc in contacts:
        why = "Why it was reported" if pc.reported else "Why it was not reported"
        out += w.fields(
            [
                (f["reported"], yes_no(pc.reported) or NOT_RECORDED),
                (why, pc.reason or NOT_RECORDED),
                (f["reported_at"], fmt_datetime(pc.reported_at)),
                (f["force"], pc.force),
                (f["officer"], pc.officer),
                (f["crime_reference"], pc.crime_reference),
                (f["response"], pc.response),
                (f["outcome_code"], vocab("outcome_code", pc.outcome_code) or None),
                (f["outcome_notes"], pc.outcome_notes),
                (f["vulnerability_notes"], pc.vulnerability_notes),
            ]
        )
    return out
