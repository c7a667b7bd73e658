"""One line of mixed-direction text: the order it is shown in, and the order it is drawn in.

Shown: a line holding right-to-left text is displayed by the Unicode bidirectional
algorithm (python-bidi's levels, rule L2 here), character by character, so "(12)"
and "١٢" inside Arabic read the right way round.

Drawn: a PDF reader that copies or searches the text does not see the display; it
takes the pieces of text in the order they are drawn and turns each right-to-left
stretch inside a piece back around (pypdf does this; so do viewers that copy text
the same way). A line drawn left to right in one go therefore reads back scrambled
wherever digits or brackets sit among right-to-left words. So a line is drawn as
`pieces()`: each piece in logical order, placed where it is shown, and cut so that a
reader gets it right whatever came before it:

- a right-to-left piece (drawn backwards) ends, logically, with a right-to-left
  letter: the reader meets that letter first and turns the whole piece around;
- a left-to-right piece begins with a left-to-right letter or a digit 0-9;
- anything else on its own (a bracket, a space or a full stop at the edge of a
  piece, an Arabic-Indic digit): one character reads the same either way round.

Two limits are the readers' own. pypdf reads a space where the pen jumps right
across a right-to-left run, so "محمد (12)." in an English line may copy back as
"محمد (12) .". pdftotext ignores the drawing order: it orders a line by where
its glyphs are, with a rule that takes digits and ". , : /" as left-to-right, so
right-to-left lines holding them come back from it out of order however drawn.

Plain Python: no reportlab here; app/reports/scripts.py makes the cells and draws.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from bidi import algorithm as bidi_algorithm
from bidi.mirror import MIRRORED

_RTL_TYPES = frozenset({"R", "AL", "RLE", "RLO", "RLI"})


def base_level(text: str) -> int:
    """A paragraph's direction: 1 (right to left) only when `text` is wholly right-to-left.

    Wholly means it has right-to-left letters and no left-to-right letter; digits,
    punctuation and emoji do not count either way. Anything else is 0, left to
    right, as an English document reads ("محمد علي 王小明 (dsl)" included).
    """
    rtl = False
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("L", "LRE", "LRO", "LRI"):
            return 0
        rtl = rtl or kind in _RTL_TYPES
    return 1 if rtl else 0


def has_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(c) in _RTL_TYPES for c in text)


def levels(text: str, base: int | None = None) -> list[int]:
    """The resolved bidi embedding level of each character (UAX #9, rules P to I, and L1)."""
    storage = bidi_algorithm.get_empty_storage()
    if base is None:
        base = bidi_algorithm.get_base_level(text)
    storage["base_level"] = base
    storage["base_dir"] = ("L", "R")[base]
    bidi_algorithm.get_embedding_levels(text, storage)
    bidi_algorithm.explicit_embed_and_overrides(storage)
    bidi_algorithm.resolve_weak_types(storage)
    _resolve_brackets(storage)
    bidi_algorithm.resolve_neutral_types(storage, False)
    bidi_algorithm.resolve_implicit_levels(storage, False)
    # X9 took out the embedding controls and boundary neutrals (joiners): each takes
    # the level of the character before it.
    kept = iter(c["level"] for c in storage["chars"])
    out: list[int] = []
    for char in text:
        removed = unicodedata.bidirectional(char) in bidi_algorithm.X9_REMOVED
        out.append((out[-1] if out else base) if removed else next(kept, base))
    # L1: trailing whitespace takes the paragraph level.
    for i in range(len(text) - 1, -1, -1):
        if not text[i].isspace():
            break
        out[i] = base
    return out


def _strong(kind: str) -> str | None:
    """A resolved type as rule N0 counts it: numbers count as right-to-left."""
    return "L" if kind == "L" else "R" if kind in ("R", "AL", "EN", "AN") else None


def _pairs(chars: Sequence[dict[str, Any]]) -> list[tuple[int, int]]:
    """UAX #9 BD16: the bracket pairs among a level run's characters, by opening."""
    pairs = []
    stack: list[tuple[str, int]] = []
    for i, char in enumerate(chars):
        ch, kind = char["ch"], char["type"]
        if kind != "ON" or ch not in MIRRORED:
            continue
        category = unicodedata.category(ch)
        if category == "Ps":
            if len(stack) == 63:
                break
            stack.append((MIRRORED[ch], i))
        elif category == "Pe":
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == ch:
                    pairs.append((stack[depth][1], i))
                    del stack[depth:]
                    break
    return sorted(pairs)


def _resolve_brackets(storage: dict[str, Any]) -> None:
    """UAX #9 rule N0, which python-bidi's algorithm leaves out: a bracket pair takes the
    direction of what it holds ("(12)" after Arabic in an English line stays with the
    Arabic), or of what comes before where that is the other way."""
    for run in storage["runs"]:
        chars = storage["chars"][run["start"] : run["start"] + run["length"]]
        way = "R" if chars and chars[0]["level"] % 2 else "L"
        for opening, closing in _pairs(chars):
            held = {_strong(c["type"]) for c in chars[opening + 1 : closing]} - {None}
            if not held:
                continue
            if way not in held:
                before = (_strong(c["type"]) for c in reversed(chars[:opening]))
                context = next((kind for kind in before if kind), run["sor"])
                way_here = context if context != way else way
            else:
                way_here = way
            for at in (opening, closing):
                chars[at]["type"] = way_here
                for follower in chars[at + 1 :]:  # marks on a bracket go with it
                    if follower["orig"] != "NSM":
                        break
                    follower["type"] = way_here


def shown_order(line_levels: Sequence[int]) -> list[int]:
    """UAX #9 rule L2: the indices of a line's units, left to right as shown."""
    order = list(range(len(line_levels)))
    if not order:
        return order
    top = max(line_levels)
    lowest_odd = min((v for v in line_levels if v % 2), default=top + 1)
    for level in range(top, lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if line_levels[order[i]] >= level:
                j = i
                while j < len(order) and line_levels[order[j]] >= level:
                    j += 1
                order[i:j] = order[i:j][::-1]
                i = j
            else:
                i += 1
    return order


@dataclass(frozen=True)
class Cell:
    """One glyph of a line, in logical order."""

    reading: str  # the text it stands for ("" for the second glyph of a cluster)
    level: int  # its bidi embedding level
    advance: float  # how far it moves the pen, in points
    together: Hashable  # cells share a piece only where this is the same (fragment, subset)


@dataclass(frozen=True)
class Piece:
    """Cells drawn together, left to right, starting `x` points from the line's left edge."""

    cells: tuple[int, ...]  # indices into the line's cells, left to right as shown
    x: float
    shown: int  # where its first cell comes among the line's cells as shown


@lru_cache(maxsize=4096)
def _taken_as(reading: str) -> str:
    """How a reader that turns right-to-left stretches around takes one cell's text:
    "rtl", "ltr", "neutral" (goes the way of what is before it) or "either" (some
    readers take "[" or "«" as left-to-right, others as neutral).

    The ranges are the readers' own, by Unicode block rather than bidi class.
    """
    if len(reading) != 1 or reading.isspace():
        return "neutral"  # a code that reads as several characters is kept whole
    code = ord(reading)
    if (
        0x21 <= code <= 0x2F
        or 0x3A <= code <= 0x40
        or 0x2000 <= code <= 0x206F
        or 0x0660 <= code <= 0x066D  # Arabic-Indic digits and separators
        or 0x06F0 <= code <= 0x06F9  # the Persian and Urdu digits
    ):
        return "neutral"
    if 0x0590 <= code <= 0x08FF or 0xFB1D <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF:
        return "rtl"
    if unicodedata.bidirectional(reading) == "L" or 0x30 <= code <= 0x39:
        return "ltr"
    return "either"


def _stretches(cells: Sequence[Cell]) -> Iterator[list[int]]:
    """Logical runs of cells that may be drawn as one piece before cutting."""
    run: list[int] = []
    for i, cell in enumerate(cells):
        barred = "ltr" if cell.level % 2 else "rtl"
        kind = _taken_as(cell.reading)
        alone = kind == barred or (cell.level % 2 and kind == "either")
        if run and not alone:
            first = cells[run[0]]
            if first.level == cell.level and first.together == cell.together:
                run.append(i)
                continue
        if run:
            yield run
        run = [i]
        if alone:
            yield run
            run = []
    if run:
        yield run


def _cut(run: list[int], cells: Sequence[Cell], reader: str | None) -> Iterator[list[int]]:
    """A run cut into pieces each reader takes the right way round (see the module).

    `reader` is the way the reader is going after the pieces before ("rtl", "ltr",
    None: not known, as at the start of a line): going this run's way already, it
    reads neutral characters at the run's edge the same way. A run with no letter
    is drawn a character at a time: some readers take such a piece as it is drawn.
    """
    kinds = [_taken_as(cells[i].reading) for i in run]
    way = "rtl" if cells[run[0]].level % 2 else "ltr"
    if way not in kinds:
        yield from ([i] for i in run)
    elif reader == way:
        yield run
    elif way == "rtl":  # drawn backwards: the reader must meet a right-to-left letter first
        last = max(k for k, kind in enumerate(kinds) if kind == way)
        yield run[: last + 1]
        yield from ([i] for i in run[last + 1 :])
    else:
        first = kinds.index(way)
        yield from ([i] for i in run[:first])
        yield run[first:]


def _going(piece: Sequence[int], cells: Sequence[Cell], reader: str | None) -> str | None:
    """The way a reader is going after a piece (its cells as drawn, left to right)."""
    for i in piece:
        kind = _taken_as(cells[i].reading)
        if kind != "neutral":
            reader = None if kind == "either" else kind
    return reader


def pieces(cells: Sequence[Cell]) -> list[Piece]:
    """A line's pieces in the order to draw them (logical), each placed where it is shown."""
    shown = shown_order([c.level for c in cells])
    place: dict[int, int] = {i: k for k, i in enumerate(shown)}
    x_of: dict[int, float] = {}
    x = 0.0
    for i in shown:
        x_of[i] = x
        x += cells[i].advance
    out = []
    reader: str | None = None
    # Without a right-to-left character no reader turns anything around: a run is a piece.
    turned = any(_taken_as(c.reading) == "rtl" for c in cells)
    for run in _stretches(cells):
        for piece in list(_cut(run, cells, reader)) if turned else [run]:
            ordered = tuple(sorted(piece, key=place.__getitem__))
            out.append(Piece(ordered, x_of[ordered[0]], place[ordered[0]]))
            reader = _going(ordered, cells, reader)
    return out
