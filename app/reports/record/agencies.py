"""Section: other agencies, and parents and carers."""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer

from app.reports import labels
from app.reports.record.values import FieldLabels, fmt_date, fmt_datetime, yes_no
from app.reports.record.writer import Row, Writer
from app.vocabulary import NOT_RECORDED


def agencies_and_parents(w: Writer) -> list[Flowable]:
    out = w.section("Other agencies, and parents and carers")
    f = FieldLabels("agency_referrals")
    referrals = [
        r for r in w.record.rows("agency_referrals") if w.audience.shows_row_of(r.young_person_id)
    ]
    if not referrals:
        out.append(w.empty("No agency referral is recorded."))
    for r in referrals:
        why = "Why" if r.referred else "Why not"
        title = labels.agency(r.agency, r.agency_name)
        if r.young_person_id is not None:
            title = f"{title}: {w.person_name(r.young_person_id)}"
        block: list[Flowable] = [w.h3(title)]
        block += w.fields(
            [
                (f["referred"], yes_no(r.referred)),
                (f["referred_on"], fmt_date(r.referred_on)),
                (f["reference"], r.reference),
                (why, r.reason or NOT_RECORDED),
                (f["outcome"], r.outcome),
            ]
        )
        out += block
    out.append(w.h3("Parents and carers"))
    return out + _parents(w)


NOT_YET = "Not yet: planned"
DECIDED_NOT = "No: decided not to tell them"


def _parents(w: Writer) -> list[Flowable]:
    out: list[Flowable] = []
    pf = FieldLabels("parent_carer_contacts")
    contacts = [
        c
        for c in w.record.rows("parent_carer_contacts")
        if w.audience.shows_row_of(c.young_person_id)
    ]
    if not contacts:
        out.append(w.empty("Nothing about parents or carers is recorded."))
    # Those who were told: one line each, in a table.
    told = [c for c in contacts if c.informed]
    if told:
        out += w.grid(
            ["Parents or carers of", "Told", pf["who"], pf["informed_at"], pf["how"]],
            [
                [
                    w.person_name(c.young_person_id),
                    "Yes",
                    c.who or NOT_RECORDED,
                    fmt_datetime(c.informed_at) or NOT_RECORDED,
                    c.how or NOT_RECORDED,
                ]
                for c in told
            ],
            [30, 8, 20, 18, 24],
        )
        out.append(Spacer(1, 3))
    for c in contacts:
        if c.informed:
            continue
        block: list[Flowable] = [
            w.p(f"Parents or carers of {w.person_name(c.young_person_id)}", "h4")
        ]
        rows: list[Row]
        if c.planned_on is not None and not c.reason_not_informed:
            rows = [
                (pf["informed"], NOT_YET),
                (pf["planned_on"], fmt_date(c.planned_on)),
            ]
        else:
            rows = [
                (pf["informed"], DECIDED_NOT),
                (pf["reason_not_informed"], c.reason_not_informed or NOT_RECORDED),
                (pf["revisit_on"], fmt_date(c.revisit_on)),
                (pf["planned_on"], fmt_date(c.planned_on)),
            ]
        block += w.fields(rows)
        block.append(Spacer(1, 3))
        out += block
    return out
