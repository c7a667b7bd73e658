"""Governors' figures: anonymised counts, never a name.

Counts are by school year (September to August) and term, by pathway,
classification, whether an adult was involved, and the year groups of the
young people involved. Drafts are
not counted: they are not yet records (nor are discarded drafts).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from app.models import Answer, Case, CaseStatus, YoungPerson
from app.services.workspace import Workspace
from app.vocabulary import CLASSIFICATION_WORDS, NOT_RECORDED, PATHWAY_WORDS

TERMS = ("Autumn", "Spring", "Summer")
PATHWAY_LABELS: dict[str | None, str] = {
    **{p.value: w for p, w in PATHWAY_WORDS.items()},
    None: NOT_RECORDED,
}
ADULT_INVOLVED = "An adult involved"
# "Not known" and "not recorded" stay apart: one is an answer, the other a gap.
ANSWER_LABELS: dict[str | None, str] = {
    Answer.YES.value: "Yes",
    Answer.NO.value: "No",
    Answer.NOT_KNOWN.value: "Not known",
    None: NOT_RECORDED,
}
CLASSIFICATION_LABELS: dict[str | None, str] = {
    **{c.value: w for c, w in CLASSIFICATION_WORDS.items()},
    None: NOT_RECORDED,
}


def school_year(day: date) -> str:
    start = day.year if day.month >= 9 else day.year - 1
    return f"{start}/{(start + 1) % 100:02d}"


def term(day: date) -> str:
    if day.month >= 9:
        return "Autumn"
    return "Spring" if day.month <= 3 else "Summer"


@dataclass
class Figures:
    school_year: str
    cases: int = 0
    by_term: Counter[str] = field(default_factory=Counter)
    by_pathway: Counter[str] = field(default_factory=Counter)
    by_classification: Counter[str] = field(default_factory=Counter)
    by_year_group: Counter[str] = field(default_factory=Counter)  # young people, not cases
    by_adult_involved: Counter[str] = field(default_factory=Counter)  # yes / no / not known
    still_open: int = 0


def school_years(ws: Workspace) -> list[str]:
    with ws.read() as s:
        days = s.execute(select(Case.opened_at).where(Case.opened_at.is_not(None))).scalars()
        return sorted({school_year(d.date()) for d in days if d is not None}, reverse=True)


def figures(ws: Workspace, year: str) -> Figures:
    out = Figures(year)
    with ws.read() as s:
        opened = {
            cid: (when.date(), status, pathway, classification, adult)
            for cid, when, status, pathway, classification, adult in s.execute(
                select(
                    Case.id,
                    Case.opened_at,
                    Case.status,
                    Case.pathway,
                    Case.classification,
                    Case.adults_involved,
                ).where(
                    Case.status.not_in([CaseStatus.DRAFT, CaseStatus.DISCARDED]),
                    Case.opened_at.is_not(None),
                )
            )
            if when is not None and school_year(when.date()) == year
        }
        for _cid, (day, status, pathway, classification, adult) in opened.items():
            out.cases += 1
            out.by_term[term(day)] += 1
            out.by_pathway[PATHWAY_LABELS[pathway.value if pathway else None]] += 1
            out.by_classification[
                CLASSIFICATION_LABELS[classification.value if classification else None]
            ] += 1
            out.by_adult_involved[ANSWER_LABELS[adult.value if adult else None]] += 1
            out.still_open += status in (CaseStatus.OPEN, CaseStatus.MONITORING)
        for cid, year_group in s.execute(select(YoungPerson.case_id, YoungPerson.year_group)):
            if cid in opened:
                out.by_year_group[year_group or "Not recorded"] += 1
    return out
