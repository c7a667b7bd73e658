"""Governors' figures as plain data: counts by term, pathway, classification,
whether an adult was involved, and year group; never a name.

Counted by `app.services.figures`, shown by the Governors' figures dialog and
printed by `app.reports.figures_report`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from app.models import Answer
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
