"""A paragraph is broken into lines once for each width, however often it is measured.

reportlab measures a table cell's paragraph again and again at the same width:
for the row heights, again when the table splits at a page end, and again as
each cell is drawn. Breaking the lines is the dearest part of that, and the
record is mostly tables: two measurements in three repeat an earlier one.
The lines depend only on the width (the style and text do not change once
the paragraph is made; a split makes new paragraphs), so the first answer is
kept and given again, with the lines and sizes it set.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from reportlab.platypus import paragraph

_KEPT = "_casebook_lines_at_width"  # (width, size, what measuring it set)
# What measuring a paragraph sets on it (Paragraph.wrap and breakLines).
_SET = ("width", "height", "blPara", "_wrapWidths", "_width_max")


@cache
def install() -> None:
    """Keep each paragraph's lines per width (once per process: app.reports.fonts.register
    calls it, under its lock)."""
    measure = paragraph.Paragraph.wrap
    too_narrow: float = paragraph._FUZZ  # type: ignore[attr-defined]

    def wrap_once(self: Any, avail_width: float, avail_height: float) -> Any:
        kept = self.__dict__.get(_KEPT)
        if kept is not None and kept[0] == avail_width:
            self.__dict__.update(kept[2])
            return kept[1]
        size = measure(self, avail_width, avail_height)
        if avail_width >= too_narrow:  # narrower, no lines are made: nothing to keep
            state = self.__dict__
            made = {k: state[k] for k in _SET if k in state}
            state[_KEPT] = (avail_width, size, made)
        return size

    paragraph.Paragraph.wrap = wrap_once  # type: ignore[method-assign, assignment]
