"""Governors' figures as plain data: counts by term, pathway, classification,
whether an adult was involved, and year group; never a name.

Counted by `app.services.figures`, shown by the Governors' figures dialog and
printed by `app.reports.figures_report`; both take their sections and the
order of each section's labels from `Figures.sections()`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from app.models import Answer
from app.vocabulary import CLASSIFICATION_WORDS, NOT_RECORDED, PATHWAY_WORDS

TERMS = ("Autumn", "Spring", "Summer")
PATHWAY_LABELS: dict[str | None, str] = {
    **{p.value: w for p, w in PATHWAY_WORDS.items()},
    None: NOT_RECORDED,
}
ADULT_INVOLVED = "An adult involved"
SEXTORTION = "Sextortion"  # a threat to share an image unless paid or sent more
IMAGE_ORIGIN = "Real, or made with AI"
# The sections every view of the figures shows, in this order.
SECTION_TITLES = (
    "By term",
    "By pathway",
    "By classification",
    ADULT_INVOLVED,
    "Young people by year group",
    SEXTORTION,
    IMAGE_ORIGIN,
)
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
# Short words for a chart's label (the wizard's own are sentences).
IMAGE_ORIGIN_LABELS: dict[str | None, str] = {
    "real": "Real",
    "ai_altered": "AI-made or altered",
    "not_known": "Not known",
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
    by_sextortion: Counter[str] = field(default_factory=Counter)  # yes / no / not known
    by_image_origin: Counter[str] = field(default_factory=Counter)  # real / AI / not known
    still_open: int = 0

    def sections(self, *, every_label: bool = False) -> dict[str, list[tuple[str, int]]]:
        """Each section's title and its (label, count) rows, in the order they are read.

        Terms, pathways, classifications and answers are in their own (the
        vocabulary's) order on screen and on paper alike. With `every_label` (the
        dialog's charts) each known label is shown, 0 where nothing was counted, and
        numbered year groups before the others; without it (the printed report) only
        counted labels, the rest naturally sorted (Year 7 before Year 10).
        """
        pathways = [v for k, v in PATHWAY_LABELS.items() if k is not None]
        classes = [v for k, v in CLASSIFICATION_LABELS.items() if k is not None]
        year_key: Callable[[str], Any] = _year_group_key if every_label else _natural
        answers = list(ANSWER_LABELS.values())

        def rows(counts: Counter[str], first: Sequence[str]) -> list[tuple[str, int]]:
            return _in_order(counts, first, every_label=every_label)

        counted = (
            rows(self.by_term, TERMS),
            rows(self.by_pathway, pathways),
            rows(self.by_classification, classes),
            rows(self.by_adult_involved, answers),
            sorted(self.by_year_group.items(), key=lambda kv: year_key(kv[0])),
            rows(self.by_sextortion, answers),
            rows(self.by_image_origin, list(IMAGE_ORIGIN_LABELS.values())),
        )
        return dict(zip(SECTION_TITLES, counted, strict=True))


def _in_order(
    counts: Counter[str], first: Sequence[str], *, every_label: bool
) -> list[tuple[str, int]]:
    """The labels in `first` in that order, then any other counted label, naturally sorted."""
    head = [(label, counts.get(label, 0)) for label in first if every_label or label in counts]
    rest = [(label, n) for label, n in counts.items() if label not in first]
    return head + sorted(rest, key=lambda kv: _natural(kv[0]))


def _natural(label: str) -> list[int | str]:
    # Numbers compared as numbers, so Year 7 comes before Year 10.
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", label)]


def _year_group_key(label: str) -> tuple[int, int, str]:
    """Numbered year groups by their number, then any others (Not recorded) by name."""
    match = re.search(r"(\d+)", label)
    if match:
        return (0, int(match.group(1)), label)
    return (1, 0, label)
