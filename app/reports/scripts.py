"""Every script printed right: font runs, right-to-left order, shaping, and a text layer
that gives back what was typed.

reportlab sets a paragraph in the fonts its markup names; this module, installed
once by `fonts.register()`, teaches it three things every paragraph then gets,
whoever builds it:

1. **Font runs.** After reportlab parses a paragraph, each piece of text set in
   the main family is split into runs, each drawn by the face that has its
   letters (`fonts.face_for`): Arabic in Noto Sans Arabic, Chinese in Droid Sans
   Fallback, 😢 in Noto Emoji, in the weight the style asks for.
2. **Order.** Where a line holds right-to-left text, its glyphs are shown in
   display order (the Unicode bidirectional algorithm, from python-bidi, glyph by
   glyph: "(12)" and "١٢" inside Arabic read the right way round), and drawn as
   pieces in logical order, each where it is shown, so that a reader copying the
   text gets it back as typed (app/reports/reading_order.py says how). The
   record is an English document, so a paragraph reads left to right unless its
   text is wholly right-to-left (no left-to-right letter in it): then it reads
   right to left and, where its style is left-aligned, is aligned right
   (`base_level`).
3. **Shaping, and a faithful text layer.** Words in a script face are shaped by
   HarfBuzz (Arabic letters joined, Indic clusters formed). Each glyph drawn is
   given a code whose ToUnicode entry is the text it stands for (a bracket drawn
   facing the other way in right-to-left text reads as the bracket typed), so
   copying or searching the PDF gives back the logical text; characters beyond
   the Basic Multilingual Plane (emoji) are written as UTF-16 pairs, which
   reportlab's own CMap gets wrong.

Text in the main family is left as reportlab sets it (no shaping), so Latin text
lays out exactly as before.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

import uharfbuzz
from bidi.mirror import MIRRORED
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import ShapeData, ShapedStr, makeShapedFragWord
from reportlab.platypus import paragraph, paraparser

from app.reports import fonts, reading_order
from app.reports.reading_order import base_level, levels

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
    # Display order is set line by line when the paragraph is drawn (_line_pieces).
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


def _has_rtl(lines: list[Any]) -> bool:
    return any(
        getattr(frag, "fontName", "") in _RTL_FACES
        for line in lines
        for frag in getattr(line, "words", [])
    )


def _glyphs(frag: Any) -> list[tuple[str, ShapeData | None]]:
    """A fragment's codes in logical order, each with its shaping data (None: unshaped)."""
    text = frag.text
    if not isinstance(text, ShapedStr):
        return [(code, None) for code in text]
    data: list[ShapeData] = text.__shapeData__  # type: ignore[attr-defined]
    glyphs: list[tuple[str, ShapeData | None]] = list(zip(text, data, strict=True))
    if frag.fontName not in _RTL_FACES:
        return glyphs
    # Shaped right to left, word by word: each word's glyphs backwards are its logical order.
    out: list[tuple[str, ShapeData | None]] = []
    word: list[tuple[str, ShapeData | None]] = []
    for glyph in glyphs:
        if _private_text.get(ord(glyph[0]), glyph[0]).isspace():
            out += word[::-1] + [glyph]
            word = []
        else:
            word.append(glyph)
    return out + word[::-1]


def _advance(
    face: Any, code: str, shape: ShapeData | None, size: float, word_space: float
) -> float:
    """How far drawing `code` moves the pen: its width in the PDF, as shaped, plus any
    word spacing (reportlab writes a no-break space as a space)."""
    width = face.charWidths.get(ord(code), face.defaultWidth)
    if shape is not None:
        width += shape.x_advance - shape.width
    return width * size / 1000 + (word_space if code in " \xa0" else 0.0)


def _subset(font: Any, code: str, doc: Any) -> int:
    """The font subset `code` is written in (reportlab keeps them per document)."""
    state = font.state.get(doc)
    n = state.assignments.get(32 if code == "\xa0" else ord(code)) if state else None
    return font.splitString(code, doc)[0][0] if n is None else n >> 8


@dataclass(frozen=True, slots=True)
class _Drawn:
    """One piece of a line: a fragment holding the piece's codes, where it starts (points
    from the line's left edge), and its place among the line's pieces as shown."""

    frag: Any
    x: float
    shown: int


def _line_pieces(
    frags: list[Any], base: int, doc: Any = None, word_space: float = 0.0
) -> tuple[list[_Drawn], float]:
    """One line's fragments (logical order) as the pieces to draw, in the order to draw
    them (reading_order.pieces), and the line's width. `doc` keeps each piece within
    one font subset: a reader takes a new subset as a new piece."""
    glyphs = [(frag, *glyph) for frag in frags if frag.text for glyph in _glyphs(frag)]
    readings = [_private_text.get(ord(code), code) for _f, code, _s in glyphs]
    char_levels = levels("".join(readings), base)
    cells: list[reading_order.Cell] = []
    codes: list[str] = []
    pos = 0
    for (frag, code, shape), reading in zip(glyphs, readings, strict=True):
        level = char_levels[pos] if reading else (cells[-1].level if cells else base)
        pos += len(reading)
        if level % 2 and frag.fontName in fonts.MAIN_FACES:
            code = _mirrored(code, frag.fontName)
        elif not level % 2 and frag.fontName in _RTL_FACES and reading in MIRRORED:
            # "»" after Arabic in an English line: shaped right to left, so turned round.
            code = reading
        font = fonts.ttf(frag.fontName)
        together = (id(frag), None if doc is None else _subset(font, code, doc))
        advance = _advance(font.face, code, shape, frag.fontSize, word_space)
        cells.append(reading_order.Cell(reading, level, advance, together))
        codes.append(code)
    out = []
    for piece in reading_order.pieces(cells):
        frag = glyphs[piece.cells[0]][0]
        text: str = "".join(codes[i] for i in piece.cells)
        if isinstance(frag.text, ShapedStr):
            text = ShapedStr(text, shapeData=[glyphs[i][2] for i in piece.cells])  # type: ignore[arg-type]
        out.append(_Drawn(frag.clone(text=text), piece.x, piece.shown))
    return out, sum(cell.advance for cell in cells)


def _as_shown(drawn: list[_Drawn]) -> list[Any]:
    return [d.frag for d in sorted(drawn, key=lambda d: d.shown)]


def _decorated(frag: Any) -> bool:
    """Whether reportlab draws more than text for `frag` (underline, link, background,
    rise), placed as it goes: such a line is drawn left to right as shown."""
    return bool(
        getattr(frag, "us_lines", None)
        or getattr(frag, "link", None)
        or getattr(frag, "backColor", None)
        or getattr(frag, "rise", 0)
    )


def _put_in_reading_order(
    put_line: Any, drawn: list[_Drawn], cur_x: Any, tx: Any, line: Any, *args: Any
) -> Any:
    """reportlab's line drawing with the pieces' text written in logical order.

    reportlab draws `line.words` (the pieces as shown) left to right; each piece's
    text operator is kept aside instead, and then all are written in drawing order,
    each moved to where it is shown and starting with its own font (a reader takes
    each as a piece of its own) and colour.
    """
    xs = tx.XtraState
    shown = line.words
    written: dict[int, str] = {}
    ends_line = False
    colour = xs.textColor  # what the page has now

    def keep(text: str, t_star: int = 0) -> None:
        nonlocal ends_line
        frag = shown[len(written)]
        tx._curSubset = -1  # its font is set again: the piece starts a piece for readers
        written[id(frag)] = tx._formatText(text)
        ends_line = ends_line or bool(t_star)
        if len(written) < len(shown):
            xs.textColor = shown[len(written)].textColor  # its colour is written below

    xs.textColor = shown[0].textColor
    tx._textOut = keep
    try:
        result = put_line(cur_x, tx, line, *args)
    finally:
        del tx._textOut
    at = 0.0
    for piece in drawn:
        if piece.x != at:
            tx._code.append(f"{fp_str(piece.x - at)} 0 Td")
            at = piece.x
        if piece.frag.textColor != colour:
            colour = piece.frag.textColor
            tx.setFillColor(colour)
        tx._code.append(written[id(piece.frag)])
    back = [f"{fp_str(-at)} 0 Td"] if at else []  # to the line's start, for the next line
    tx._code.append(" ".join(back + (["T*"] if ends_line else [])))
    xs.textColor = colour
    tx._curSubset = -1  # the next line sets its font: the last piece written was not the last shown
    return result


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
    if font_name in _RTL_FACES:
        # Digits and punctuation in a right-to-left face belong to its words: shaped
        # right to left like them, so that every word's glyphs backwards read logically.
        buf.direction = "rtl"
    uharfbuzz.shape(hb, buf, {"kern": True, "liga": True})
    infos, positions = buf.glyph_infos, buf.glyph_positions
    rtl = buf.direction == "rtl"
    starts = sorted({info.cluster for info in infos})
    end_of = dict(zip(starts, [*starts[1:], len(text)], strict=True))
    members: dict[int, list[int]] = {}
    for k, info in enumerate(infos):
        members.setdefault(info.cluster, []).append(k)
    reading: dict[int, str] = {}
    carried: dict[int, str] = {}  # glyph -> the letters its carriers stand for
    for cluster, glyphs in members.items():
        order = glyphs[::-1] if rtl else glyphs
        cluster_text = text[cluster : end_of[cluster]]
        if rtl and len(cluster_text) > len(glyphs):
            # A right-to-left ligature (lam-alef): each letter beyond its glyphs is read
            # from a carrier, a blank glyph of no width to the ligature's right, so that
            # every glyph stands for one letter and readers turn them around as letters.
            carried[glyphs[-1]], cluster_text = (
                cluster_text[: -len(glyphs)],
                cluster_text[-len(glyphs) :],
            )
        for k, chunk in zip(order, _chunks(cluster_text, len(glyphs)), strict=True):
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
        for letter in carried.get(k, "")[::-1]:  # shown right to left: the first at the right
            chars.append(chr(_code_for(font_name, font.face.charToGlyph[32], letter, 0)))
            data.append(ShapeData(info.cluster, 0, 0, 0, 0, 0))
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
            if (
                base is None
                or not _has_rtl([line])
                or any(hasattr(f, "cbDefn") for f in line.words)
            ):
                # No right-to-left text here, or an image or anchor: as reportlab draws it.
                return put_line(cur_x, tx, line, *args)
            logical = line.words
            word_space = getattr(tx, "_wordSpace", 0)
            drawn = _line_pieces(logical, base, tx._canvas._doc, word_space)[0]
            line.words = _as_shown(drawn)
            try:
                if any(_decorated(f) for f in logical):
                    return put_line(cur_x, tx, line, *args)  # drawn as shown, left to right
                return _put_in_reading_order(put_line, drawn, cur_x, tx, line, *args)
            finally:
                line.words = logical

        paragraph.Paragraph.drawPara = draw_para_in_order  # type: ignore[method-assign]
        paragraph._putFragLine = put_line_in_order  # type: ignore[attr-defined]


# --- text drawn straight on the canvas (page header and footer) ------------------


def _canvas_line(
    text: str, font_name: str, size: float, doc: Any = None
) -> tuple[list[_Drawn], float]:
    """One line of `text` as pieces to draw, in the order to draw them (as in a paragraph)."""
    fonts.register()
    frag = paraparser.ParaFrag(fontName=font_name, fontSize=size, text=text)
    frags = []
    for piece in _split_fonts([frag]):
        if piece.fontName in fonts.SCRIPT_FACES:
            # Word by word, as in a paragraph.
            words = [w for w in re.split(r"(\s+)", piece.text) if w]
            shaped = [_shape(word, piece.fontName)[0] for word in words]
            joined = shaped[0]
            for more in shaped[1:]:
                joined = joined + more
            piece = piece.clone(text=joined)
        frags.append(piece)
    return _line_pieces(frags, base_level(text), doc)


def string_width(text: str, font_name: str, size: float) -> float:
    """The width of one line of `text` as `draw_string` draws it."""
    return _canvas_line(text, font_name, size)[1]


def draw_string(
    canvas: Any, x: float, y: float, text: str, font_name: str, size: float, anchor: str = "start"
) -> None:
    """Draw one line in any script: `anchor` is "start" (x is the left), "end" or "middle".

    One text object, its pieces in logical order each where it is shown, each
    starting with its font (as in a paragraph) and none moving to a new line."""
    drawn, total = _canvas_line(text, font_name, size, canvas._doc)
    x -= {"start": 0.0, "middle": total / 2, "end": total}[anchor]
    line = canvas.beginText()
    for piece in drawn:
        line.setTextOrigin(x + piece.x, y)
        line.setFont(piece.frag.fontName, size)
        line.textOut(piece.frag.text)
    canvas.drawText(line)
    canvas.setFont(font_name, size)
