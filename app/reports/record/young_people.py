"""Section: the young people; an extract shows its child in full, others by part and initials."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable

from app.dates import age_on
from app.reports.record.values import FieldLabels, answer, fmt_date, yes_no
from app.reports.record.writer import Row, Writer


def _child_rows(w: Writer, p: Any) -> list[Row]:
    f = FieldLabels("young_people")
    when = w.case.came_to_light_at.date() if w.case.came_to_light_at else None
    if p.date_of_birth:
        dob = fmt_date(p.date_of_birth)
        if when:
            dob = f"{dob} (aged {age_on(p.date_of_birth, when)} when it came to light)"
    else:
        dob = None
    return [
        (f["name"], p.name),
        (f["known_as"], getattr(p, "known_as", None)),
        (f["date_of_birth"], dob),
        (f["age_years"], str(p.age_years) if p.age_years is not None else None),
        (f["year_group"], p.year_group),
        (f["roles"], w.roles(p)),
        (f["has_send"], answer(p.has_send)),
        (f["send"], p.send),
        (f["other_vulnerabilities"], p.other_vulnerabilities),
        (f["existing_concerns"], p.existing_concerns),
        (f["earlier_mash_referral"], yes_no(p.earlier_mash_referral)),
        (f["known_to_social_care"], yes_no(p.known_to_social_care)),
        (f["looked_after"], yes_no(p.looked_after)),
        (f["school_if_elsewhere"], p.school_if_elsewhere),
    ]


def young_people(w: Writer) -> list[Flowable]:
    out = w.section("The young people")
    if not w.audience.people:
        return [*out, w.empty("No young people are recorded.")]
    if w.audience.child is not None:
        out.append(w.h3(w.audience.child.name))
        out += w.fields(_child_rows(w, w.audience.child))
        out.append(w.h3("Other young people in this case"))
        if not w.audience.others:
            out.append(w.empty("No other young people are recorded."))
        for other in w.audience.others:
            out.append(w.p(f"•  {w.by_role(other)}"))
        return out
    for i, person in enumerate(w.audience.people, start=1):
        block: list[Flowable] = [w.h3(f"Young person {i}: {person.name}")]
        block += w.fields(_child_rows(w, person))
        out += block
    return out
