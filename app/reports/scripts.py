"""Every script printed right: font runs, right-to-left order, shaping, and a text layer
that gives back what was typed.

reportlab sets a paragraph in the fonts its markup names; this module, installed
once by `fonts.register()`, teaches it three things every paragraph then gets,
whoever builds it:

1. **Font runs.** After reportlab parses a paragraph, each piece of text set in
   the main family is split into runs, each drawn by the face that has its
   letters (`fonts.face_for`): Arabic in Noto Sans Arabic, Chinese in Droid Sans
   Fallback, 😢 in Noto Emoji, in the weight the style asks for.
2. **Order.** Where a paragraph holds right-to-left text, its words are put in
   display order (the Unicode bidirectional algorithm, from python-bidi, at word
   level: each word's own letters are ordered by the shaper). The record is an
   English document, so a paragraph reads left to right unless its text is
   wholly right-to-left (no left-to-right letter in it): then it reads right to
   left and, where its style is left-aligned, is aligned right (`base_level`).
3. **Shaping, and a faithful text layer.** Words in a script face are shaped by
   HarfBuzz (Arabic letters joined, Indic clusters formed). Each glyph drawn is
   given a code whose ToUnicode entry is the text it stands for, so copying or
   searching the PDF gives back the logical text; characters beyond the Basic
   Multilingual Plane (emoji) are written as UTF-16 pairs, which reportlab's own
   CMap gets wrong.

Text in the main family is left as reportlab sets it (no shaping), so Latin text
lays out exactly as before.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import cache, lru_cache
from typing import Any

import uharfbuzz
from bidi import algorithm as bidi_algorithm
from bidi.mirror import MIRRORED
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import ShapeData, ShapedStr, makeShapedFragWord
from reportlab.platypus import paragraph, paraparser

from app.reports import fonts

_RTL_FACES = frozenset(
    name
    for face in fonts.SCRIPTS
    if face.name in ("CasebookArabic", "CasebookHebrew")
    for name in (face.name, face.bold_name)
)
_lock = threading.Lock()
# Private codes (planes 15 and 16) for glyphs that stand for something other
# than their character: a joined Arabic form, a conjunct, an emoji sequence.
_PRIVATE_FIRST = 0xF0000
_next_private = _PRIVATE_FIRST
_private: dict[tuple[str, int, str], int] = {}  # (font, glyph, text) -> code
_private_text: dict[int, str] = {}  # code -> the text it stands for

_RTL_TYPES = frozenset({"R", "AL", "RLE", "RLO", "RLI"})
_RTL_NEUTRALS = frozenset({"ON", "CS", "ES", "ET"})
# Faces that also draw the spaces between their words, so a right-to-left run
# is one piece of text that a PDF reader turns back into logical order. (Not
# emoji or Chinese: their faces' spaces are wide.)
_SPACED = frozenset(
    name
    for face in fonts.SCRIPTS
    if face.ranges and face.name != "CasebookEmoji"
    for name in (face.name, face.bold_name)
)


# --- 1. font runs ----------------------------------------------------------------


def _runs(text: str, main: str) -> list[tuple[str, str]]:
    """`text` cut into (font, run) pieces; marks and joiners stay with their letter."""
    out: list[tuple[str, str]] = []
    font = ""
    for char in text:
        if font and (
            fonts.inherits(char)
            or (char.isspace() and font in _SPACED)
            # Punctuation after right-to-left letters stays in their face: one
            # run, which a PDF reader reads back in order.
            or (
                font in _RTL_FACES
                and unicodedata.bidirectional(char) in _RTL_NEUTRALS
                and fonts.has_glyph(font, char)
            )
        ):
            if not fonts.has_glyph(font, char) and font in fonts.MAIN_FACES:
                continue  # an invisible control the main face cannot draw: leave it out
            chosen = font
        else:
            chosen = fonts.face_for(char, main)
        if out and out[-1][0] == chosen:
            out[-1] = (chosen, out[-1][1] + char)
        else:
            out.append((chosen, char))
        font = chosen
    # Spaces belong to a script face only between its own words: one at the end
    # of a run goes back to the main face (a reader would move it otherwise).
    spaced: list[tuple[str, str]] = []
    for face, run in out:
        body = run.rstrip()
        if face in _SPACED and body != run:
            spaced.append((face, body))
            spaced.append((main, run[len(body) :]))
        else:
            spaced.append((face, run))
    return [piece for piece in spaced if piece[1]]


def _split_fonts(frags: list[Any]) -> list[Any]:
    out = []
    for frag in frags:
        text = getattr(frag, "text", "")
        if (
            not text
            or frag.fontName not in fonts.MAIN_FACES
            or hasattr(frag, "cbDefn")
            or all(ord(c) < 0x0250 for c in text)
        ):
            out.append(frag)
            continue
        runs = _runs(text, frag.fontName)
        if len(runs) == 1 and runs[0][0] == frag.fontName:
            out.append(frag)
            continue
        out.extend(frag.clone(fontName=font, text=run) for font, run in runs)
    return out


# --- 2. order --------------------------------------------------------------------


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


def _levels(text: str, base: int | None = None) -> list[int]:
    """The resolved bidi embedding level of each character (UAX #9, rules P to I)."""
    storage = bidi_algorithm.get_empty_storage()
    if base is None:
        base = bidi_algorithm.get_base_level(text)
    storage["base_level"] = base
    storage["base_dir"] = ("L", "R")[base]
    bidi_algorithm.get_embedding_levels(text, storage)
    bidi_algorithm.explicit_embed_and_overrides(storage)
    bidi_algorithm.resolve_weak_types(storage)
    bidi_algorithm.resolve_neutral_types(storage, False)
    bidi_algorithm.resolve_implicit_levels(storage, False)
    # X9 took out the embedding controls and boundary neutrals (joiners): each takes
    # the level of the character before it.
    kept = iter(c["level"] for c in storage["chars"])
    levels: list[int] = []
    for char in text:
        removed = unicodedata.bidirectional(char) in bidi_algorithm.X9_REMOVED
        levels.append((levels[-1] if levels else base) if removed else next(kept, base))
    # L1: trailing whitespace takes the paragraph level.
    for i in range(len(text) - 1, -1, -1):
        if not text[i].isspace():
            break
        levels[i] = base
    return levels


def _reorder(units: list[tuple[Any, str, int]]) -> list[tuple[Any, str, int]]:
    """UAX #9 rule L2 on word-sized units: reverse runs at each level, highest first."""
    if not units:
        return units
    top = max(u[2] for u in units)
    lowest_odd = min((u[2] for u in units if u[2] % 2), default=top + 1)
    for level in range(top, lowest_odd - 1, -1):
        i = 0
        while i < len(units):
            if units[i][2] >= level:
                j = i
                while j < len(units) and units[j][2] >= level:
                    j += 1
                units[i:j] = units[i:j][::-1]
                i = j
            else:
                i += 1
    return units


def _order_line(frags: list[Any]) -> list[Any]:
    text = "".join(getattr(f, "text", "") for f in frags)
    if not any(unicodedata.bidirectional(c) in _RTL_TYPES for c in text):
        return frags
    levels = _levels(text, base_level(text))
    units: list[tuple[Any, str, int]] = []
    pos = 0
    for frag in frags:
        piece = getattr(frag, "text", "")
        if not piece:
            units.append((frag, "", levels[pos - 1] if pos else 0))
            continue
        start = 0
        for k in range(1, len(piece) + 1):
            here, there = pos + k - 1, pos + k
            cut = k == len(piece) or (
                piece[k - 1].isspace() != piece[k].isspace() or levels[here] != levels[there]
            )
            if cut:
                units.append((frag, piece[start:k], levels[pos + start]))
                start = k
        pos += len(piece)
    return _in_visual_order(units)


def _mirrored(piece: str, font_name: str) -> str:
    """Brackets in right-to-left text drawn facing the other way, still read as typed."""
    if not any(c in MIRRORED for c in piece):
        return piece
    face = fonts.ttf(font_name).face
    out = []
    for char in piece:
        other = MIRRORED.get(char)
        gid = face.charToGlyph.get(ord(other)) if other else None
        if gid is None:
            out.append(char)
            continue
        out.append(chr(_code_for(font_name, gid, char, face.charWidths.get(ord(other), 0))))
    return "".join(out)


def _order(frags: list[Any]) -> list[Any]:
    """Frags in display order, each line between <br/>s its own bidi paragraph."""
    out: list[Any] = []
    line: list[Any] = []
    for frag in frags:
        if getattr(frag, "lineBreak", False) or hasattr(frag, "cbDefn"):
            out.extend(_order_line(line))
            out.append(frag)
            line = []
        else:
            line.append(frag)
    out.extend(_order_line(line))
    return out


def _derived(style: Any, kind: str, **changes: Any) -> Any:
    """`style` with `changes`, made once per style and kept on it.

    A style made with a parent copies the parent's attributes, so a kept style
    is only used when it was made from this very style.
    """
    key = f"_casebook_{kind}"
    made = style.__dict__.get(key)
    if made is None or made.parent is not style:
        made = ParagraphStyle(f"{style.name}-{kind}", parent=style, **changes)
        style.__dict__[key] = made
    return made


def _shaping(style: Any) -> Any:
    """`style` with HarfBuzz shaping on (reportlab shapes only where a style asks)."""
    return style if style.shaping else _derived(style, "shaped", shaping=1)


def _complete(frags: list[Any]) -> list[Any]:
    # Display order is set line by line when the paragraph is drawn (_visual_words).
    return _split_fonts(frags)


_drawing = threading.local()  # the base level of the paragraph being drawn


def _reading(piece: str, font_name: str) -> str:
    """The logical text a drawn piece stands for (right-to-left words read backwards)."""
    text = "".join(_private_text.get(ord(c), c) for c in piece)
    return text[::-1] if font_name in _RTL_FACES else text


def _paragraph_base(lines: list[Any]) -> int:
    return base_level(
        "".join(
            _reading(text, frag.fontName)
            for line in lines
            for frag in getattr(line, "words", [])
            if (text := getattr(frag, "text", "")) and not hasattr(frag, "cbDefn")
        )
    )


def _right_aligned(style: Any) -> Any:
    """`style` aligned right, for a wholly right-to-left paragraph (a left-aligned one only)."""
    if style.alignment != TA_LEFT:
        return style
    return _derived(style, "right", alignment=TA_RIGHT)


def _visual_words(words: list[Any], base: int) -> list[Any]:
    """One wrapped line's frags in display order (UAX #9 rule L2, word by word)."""
    units: list[tuple[Any, str]] = []
    for frag in words:
        text = getattr(frag, "text", "")
        if not text or hasattr(frag, "cbDefn"):
            units.append((frag, ""))
            continue
        start = 0
        for k in range(1, len(text) + 1):
            if k == len(text) or text[k - 1].isspace() != text[k].isspace():
                units.append((frag, text[start:k]))
                start = k
    readings = [_reading(piece, frag.fontName) if piece else "" for frag, piece in units]
    joined = "".join(readings)
    levels = _levels(joined, base) if joined else []
    ranked: list[tuple[Any, str, int]] = []
    pos = 0
    for (frag, piece), reading in zip(units, readings, strict=True):
        if not reading:
            ranked.append((frag, piece, ranked[-1][2] if ranked else base))
            continue
        if frag.fontName in fonts.MAIN_FACES and len(piece) == len(reading):
            # Unshaped text: cut where the level changes ("(12)" after Arabic).
            start = 0
            for k in range(1, len(piece) + 1):
                if k == len(piece) or levels[pos + k] != levels[pos + k - 1]:
                    ranked.append((frag, piece[start:k], levels[pos + start]))
                    start = k
        else:
            ranked.append((frag, piece, levels[pos]))
        pos += len(reading)
    return _in_visual_order(ranked)


def _in_visual_order(units: list[tuple[Any, str, int]]) -> list[Any]:
    """Pieces of fragments with their bidi levels, as fragments in the order drawn:
    right-to-left pieces of the main faces mirrored ("(" drawn as ")"), and
    neighbouring pieces of one fragment joined again."""
    merged: list[Any] = []
    last: Any = None
    for frag, piece, level in _reorder(units):
        if level % 2 and frag.fontName in fonts.MAIN_FACES and piece:
            piece = _mirrored(piece, frag.fontName)
        if not piece:
            merged.append(frag)
            last = None
        elif last is frag:
            merged[-1] = merged[-1].clone(text=merged[-1].text + piece)
        else:
            merged.append(frag.clone(text=piece))
            last = frag
    return merged


def _has_rtl(lines: list[Any]) -> bool:
    return any(
        getattr(frag, "fontName", "") in _RTL_FACES
        for line in lines
        for frag in getattr(line, "words", [])
    )


# --- 3. shaping and the text layer -------------------------------------------------


@cache
def _hb_font(font_name: str) -> Any:
    font = fonts.ttf(font_name)
    return uharfbuzz.Font(uharfbuzz.Face(uharfbuzz.Blob(font.face._ttf_data)))


def _code_for(font_name: str, gid: int, text: str, advance: float) -> int:
    """The character code that draws glyph `gid` and reads back as `text`."""
    global _next_private
    face = fonts.ttf(font_name).face
    if len(text) == 1 and face.charToGlyph.get(ord(text)) == gid:
        return ord(text)
    key = (font_name, gid, text)
    with _lock:
        code = _private.get(key)
        if code is None:
            code = _next_private
            _next_private += 1
            _private[key] = code
            _private_text[code] = text
            face.charToGlyph[code] = gid
            face.charWidths[code] = advance
        return code


def _chunks(text: str, n: int) -> list[str]:
    """Share a cluster's text among its n glyphs so that, read in order, they spell it."""
    if n == 1:
        return [text]
    if len(text) >= n:
        return [text[j] for j in range(n - 1)] + [text[n - 1 :]]
    return [text] + [""] * (n - 1)


@lru_cache(maxsize=65536)  # words recur (names, labels); the cache stays bounded
def _shape(text: str, font_name: str) -> tuple[ShapedStr, float]:
    """`text` shaped in `font_name`: a ShapedStr for reportlab, and its width per point."""
    font = fonts.ttf(font_name)
    hb = _hb_font(font_name)
    buf = uharfbuzz.Buffer()
    buf.cluster_level = uharfbuzz.BufferClusterLevel.MONOTONE_CHARACTERS
    buf.add_str(text)
    buf.guess_segment_properties()
    uharfbuzz.shape(hb, buf, {"kern": True, "liga": True})
    infos, positions = buf.glyph_infos, buf.glyph_positions
    rtl = buf.direction == "rtl"
    starts = sorted({info.cluster for info in infos})
    end_of = dict(zip(starts, [*starts[1:], len(text)], strict=True))
    members: dict[int, list[int]] = {}
    for k, info in enumerate(infos):
        members.setdefault(info.cluster, []).append(k)
    reading: dict[int, str] = {}
    for cluster, glyphs in members.items():
        order = glyphs[::-1] if rtl else glyphs
        chunks = _chunks(text[cluster : end_of[cluster]], len(glyphs))
        for k, chunk in zip(order, chunks, strict=True):
            reading[k] = chunk
    chars = []
    data = []
    width = 0.0
    for k, (info, pos) in enumerate(zip(infos, positions, strict=True)):
        advance = font.pdfScale(hb.get_glyph_h_advance(info.codepoint))
        code = _code_for(font_name, info.codepoint, reading[k], advance)
        x_advance = font.pdfScale(pos.x_advance)
        chars.append(chr(code))
        data.append(
            ShapeData(
                info.cluster,
                x_advance,
                font.pdfScale(pos.y_advance),
                font.pdfScale(pos.x_offset),
                font.pdfScale(pos.y_offset),
                font.face.charWidths[code],
            )
        )
        width += x_advance / 1000
    return ShapedStr("".join(chars), shapeData=data), width  # type: ignore[arg-type]


def _shape_frag_word(w: Any, *args: Any, **kw: Any) -> Any:
    """reportlab's shapeFragWord, for our faces: shape the script runs, leave the rest."""
    if isinstance(w, ttfonts.ShapedFragWord):
        return w
    pieces = w[1:]
    if not any(
        not hasattr(f, "cbDefn") and f.fontName in fonts.SCRIPT_FACES and s for f, s in pieces
    ):
        return w  # the main family is set as reportlab always set it: unshaped
    new = makeShapedFragWord(w)([])
    width = w[0]
    for f, s in pieces:
        if hasattr(f, "cbDefn") or f.fontName not in fonts.SCRIPT_FACES or not s:
            new.append((f, s))
            continue
        shaped, per_point = _shape(str(s), f.fontName)
        width += per_point * f.fontSize - pdfmetrics.stringWidth(s, f.fontName, f.fontSize)
        new.append((f, shaped))
    new.insert(0, width)
    return new


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap, with each code read back as the text it stands for."""
    entries = []
    for i, code in enumerate(subset):
        text = _private_text.get(code)
        if text is None:
            text = chr(code)
        entries.append(f"<{i:02X}> <{text.encode('utf-16-be').hex().upper()}>")
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo",
            f"<< /Registry ({fontname})",
            f"/Ordering ({fontname})",
            "/Supplement 0",
            ">> def",
            f"/CMapName /{fontname} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            f"{len(subset)} beginbfchar",
            *entries,
            "endbfchar",
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


_installed = False


def install() -> None:
    """Teach reportlab the three things above (once per process)."""
    global _installed
    with _lock:
        if _installed:
            return
        _installed = True
        paragraph.shapeFragWord = _shape_frag_word  # type: ignore[attr-defined]
        ttfonts.makeToUnicodeCMap = _to_unicode_cmap
        parse = paraparser.ParaParser.parse

        def parse_with_scripts(self: Any, text: str, style: Any) -> Any:
            result = parse(self, text, style)
            if result is None:
                return result
            style, frags, bullet_frags = result
            if not frags:
                return result
            frags = _complete(frags)
            if any(getattr(f, "fontName", "") in _RTL_FACES for f in frags) and base_level(
                "".join(getattr(f, "text", "") for f in frags if not hasattr(f, "cbDefn"))
            ):
                style = _right_aligned(style)  # the child's own words in Arabic, say
            if any(getattr(f, "fontName", "") in fonts.SCRIPT_FACES for f in frags):
                style = _shaping(style)  # only paragraphs that need it take the slower path
            return style, frags, bullet_frags

        paraparser.ParaParser.parse = parse_with_scripts  # type: ignore[method-assign]

        draw_para = paragraph.Paragraph.drawPara
        put_line = paragraph._putFragLine  # type: ignore[attr-defined]

        def draw_para_in_order(self: Any, debug: int = 0) -> Any:
            lines = getattr(getattr(self, "blPara", None), "lines", None)
            if getattr(self.blPara, "kind", 0) != 1 or not lines or not _has_rtl(lines):
                return draw_para(self, debug)
            _drawing.base = _paragraph_base(lines)
            try:
                return draw_para(self, debug)
            finally:
                _drawing.base = None

        def put_line_in_order(cur_x: Any, tx: Any, line: Any, *args: Any) -> Any:
            base = getattr(_drawing, "base", None)
            if base is None or not _has_rtl([line]):
                return put_line(cur_x, tx, line, *args)
            logical = line.words
            line.words = _visual_words(logical, base)
            try:
                return put_line(cur_x, tx, line, *args)
            finally:
                line.words = logical

        paragraph.Paragraph.drawPara = draw_para_in_order  # type: ignore[method-assign]
        paragraph._putFragLine = put_line_in_order  # type: ignore[attr-defined]


# --- text drawn straight on the canvas (page header and footer) ------------------


def _pieces(text: str, font_name: str, size: float) -> list[tuple[str, str, float]]:
    """One line of `text` as (font, drawable text, width) pieces in display order."""
    fonts.register()
    frag = paraparser.ParaFrag(fontName=font_name, fontSize=size, text=text)
    out: list[tuple[str, str, float]] = []
    for piece in _order(_split_fonts([frag])):
        if piece.fontName in fonts.SCRIPT_FACES:
            # Word by word, as in a paragraph: the words are already in display order.
            words = [w for w in re.split(r"(\s+)", piece.text) if w]
            shaped = [_shape(word, piece.fontName) for word in words]
            text = shaped[0][0]
            for more, _width in shaped[1:]:
                text = text + more
            out.append((piece.fontName, text, sum(w for _s, w in shaped) * size))
        else:
            width = pdfmetrics.stringWidth(piece.text, piece.fontName, size)
            out.append((piece.fontName, piece.text, width))
    return out


def string_width(text: str, font_name: str, size: float) -> float:
    """The width of one line of `text` as `draw_string` draws it."""
    return sum(width for _f, _t, width in _pieces(text, font_name, size))


def draw_string(
    canvas: Any, x: float, y: float, text: str, font_name: str, size: float, anchor: str = "start"
) -> None:
    """Draw one line in any script: `anchor` is "start" (x is the left), "end" or "middle"."""
    pieces = _pieces(text, font_name, size)
    total = sum(width for _f, _t, width in pieces)
    x -= {"start": 0.0, "middle": total / 2, "end": total}[anchor]
    for font, piece, width in pieces:
        canvas.setFont(font, size)
        canvas.drawString(x, y, piece)
        x += width
    canvas.setFont(font_name, size)
