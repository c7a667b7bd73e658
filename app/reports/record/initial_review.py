"""Section: the initial review and the five immediate-referral questions."""

from __future__ import annotations

from reportlab.platypus import Flowable

from app.models import Answer, ReferralQuestion
from app.reports import labels
from app.reports.record.values import FieldLabels, answer, fmt_datetime
from app.reports.record.writer import Writer
from app.vocabulary import NOT_RECORDED


def initial_review(w: Writer) -> list[Flowable]:
    out = w.section("Initial review and the immediate-referral check")
    f = FieldLabels("initial_reviews")
    reviews = w.record.rows("initial_reviews")
    if not reviews:
        out.append(w.empty("No initial review is recorded."))
    for r in reviews:
        out += w.fields(
            [
                (f["held_at"], fmt_datetime(r.held_at) or NOT_RECORDED),
                (f["attendees"], r.attendees or NOT_RECORDED),
                (f["more_information_needed"], r.more_information_needed),
                (f["other_school_contact"], r.other_school_contact),
                (f["notes"], r.notes),
            ]
        )
    out.append(w.h3("The five immediate-referral questions"))
    out.append(
        w.fixed(
            "A yes to any question means a referral to the police and/or "
            "children's social care at once.",
            "intro",
        )
    )
    answers = {a.question: a for a in w.record.rows("referral_answers")}
    rows = []
    for q in ReferralQuestion:
        a = answers.get(q)
        given = a.answer if a is not None else None
        style = "td_alert" if given == Answer.YES else "td_strong"
        rows.append(
            [
                w.p(labels.question(q), "td"),
                w.p(answer(given) or "Not answered", style),
                w.p(a.note if a is not None else "", "td"),
            ]
        )
    out += w.grid(["Question", "Answer", "Note"], rows, [60, 13, 27])
    return out
