"""Section: police."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Spacer

from app.reports.labels import vocab
from app.reports.record.values import FieldLabels, fmt_datetime, yes_no
from app.reports.record.writer import Writer
from app.vocabulary import NOT_RECORDED

NOT_KNOWN_YET = "Not known yet"


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
                # One outcome for the whole case, as recorded before they were per child.
                (f["outcome_code"], vocab("outcome_code", pc.outcome_code) or None),
                (f["outcome_notes"], pc.outcome_notes),
                (f["vulnerability_notes"], pc.vulnerability_notes),
            ]
        )
    return out + _outcomes(w)


def _outcomes(w: Writer) -> list[Flowable]:
    """The police outcome for each young person: it can differ between them."""
    f = FieldLabels("police_outcomes")
    rows = [
        r for r in w.record.rows("police_outcomes") if w.audience.shows_row_of(r.young_person_id)
    ]
    if not rows:
        return []
    out: list[Flowable] = [w.h3("The outcome for each young person")]
    for r in rows:
        block: list[Flowable] = [w.p(w.person_name(r.young_person_id), "h4")]
        block += w.fields(
            [
                (f["outcome_code"], vocab("outcome_code", r.outcome_code) or NOT_KNOWN_YET),
                (f["crime_reference"], r.crime_reference),
                (f["outcome_notes"], r.outcome_notes),
            ]
        )
        block.append(Spacer(1, 4))
        out.append(KeepTogether(block))
    return out
