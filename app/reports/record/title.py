"""The title block: what this printout is, for whom, and the case's status."""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer

from app.models import CaseStatus
from app.reports import labels
from app.reports.labels import vocab
from app.reports.record.values import fmt_date, fmt_datetime
from app.reports.record.writer import Row, Writer
from app.vocabulary import STATUS_WORDS

EXTRACT_NOTE = (
    "This extract is for this young person's own child protection file. "
    "Other young people in the case are shown only by their part and "
    "initials: their names, first names, surnames and nicknames are replaced "
    "wherever they were typed, and what was written about their own "
    "circumstances is left out. Their conversations, their parents' contacts "
    "and the decisions about them are on their own files."
)


def redaction_note(w: Writer) -> str:
    """Who redacted the extract and what was done, in counts: never a name."""
    return f"Redacted by {w.redacted_by}: {w.audience.log.summary()}."


def title_block(w: Writer) -> list[Flowable]:
    c = w.case
    child = w.audience.child
    out: list[Flowable] = [
        w.fixed(
            "Child protection record" if child is None else "Child protection file: extract",
            "title",
        ),
        w.p(f"Sharing nudes and semi-nudes · Case {c.reference}", "subtitle"),
    ]
    if w.training:
        out.append(
            w.fixed(
                "TRAINING DATA: fictional records made for practice. This is not a real case.",
                "training",
            )
        )
    if child is not None:
        out.append(w.p(f"For the file of {child.name}", "for_child"))
        out.append(w.fixed(EXTRACT_NOTE, "note"))
        # The note is made after every section, so its counts are the extract's own.
        out.append(w.fixed(redaction_note(w), "note"))
        out.append(Spacer(1, 6))
    if c.status == CaseStatus.DRAFT:
        out.append(
            w.fixed(
                "DRAFT: the incident wizard has not been finished, so this record is incomplete.",
                "alert",
            )
        )
        out.append(Spacer(1, 6))
    return out + w.fields(case_rows(w))


def case_rows(w: Writer) -> list[Row]:
    c = w.case
    # The reference is in the title above and in every page's heading: not said again.
    return [
        ("Status", STATUS_WORDS.get(c.status, str(c.status))),
        ("Opened", fmt_datetime(c.opened_at)),
        ("Signed off by", _signed_off(w)),
        ("Classification", vocab("classification", c.classification) or None),
        ("Pathway", labels.PATHWAYS.get(c.pathway) if c.pathway else None),
        ("Next review", fmt_date(c.next_review_on)),
        ("Closed", fmt_datetime(c.closed_at)),
    ]


def _signed_off(w: Writer) -> str | None:
    c = w.case
    if not c.signed_off_by_id:
        return None
    who = w.staff_with_role(c.signed_off_by_id)
    when = fmt_datetime(c.signed_off_at)
    return f"{who}, on {when}" if when else who
