"""A paragraph measured again gives the lines of its own width, never another's: the
record's tables measure each cell at several widths (a column, a split, a page)."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.platypus import Paragraph

from app.reports.layout import styles
from app.reports.text import markup

TEXTS = [
    "Zoë said <b>he sent it on</b> & then deleted it.",
    "The pupil's own words: «لقد أرسلها إلى المجموعة» and then 😀 nothing more.",
    "田中さんは画像を受け取りました。" * 3,
    "A very long note " * 40,
]


def lines(paragraph: Paragraph) -> list[str]:
    """Each line's text, spaces left out: a paragraph measured before holds its words
    as pieces (reportlab's own doing), which may be cut up differently."""
    para: Any = getattr(paragraph, "blPara")  # noqa: B009 (set by wrap; unknown to the stubs)
    if para.kind == 1:
        texts = ["".join(getattr(w, "text", "") for w in line.words) for line in para.lines]
    else:
        texts = ["".join(words) for _, words in para.lines]
    return ["".join(t.split()) for t in texts]


def fresh(text: str, width: float) -> tuple[tuple[float, float], list[str]]:
    p = Paragraph(markup(text), styles()["body"])
    size = p.wrap(width, 10_000)
    return size, lines(p)


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(TEXTS),
    st.lists(st.sampled_from([40.0, 120.0, 250.5, 480.0]), min_size=2, max_size=6),
)
def test_measuring_again_at_any_width_gives_that_widths_lines(
    text: str, widths: list[float]
) -> None:
    p = Paragraph(markup(text), styles()["body"])
    for width in widths:
        size = p.wrap(width, 10_000)
        assert (size, lines(p)) == fresh(text, width)
        assert (p.width, p.height) == size


def test_a_width_too_narrow_for_any_text_is_not_kept_for_a_wider_one() -> None:
    p = Paragraph(markup(TEXTS[0]), styles()["body"])
    assert p.wrap(0, 10_000) == (0, 0x7FFFFFFF)
    assert (p.wrap(200, 10_000), lines(p)) == fresh(TEXTS[0], 200)
