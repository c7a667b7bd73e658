"""The embedded fonts: one face for each script a UK school meets, from resources/fonts.

Embedding our own fonts means a name prints the same on every computer and in
every PDF reader. DejaVu Sans is the main face (Latin with every European
accent, Vietnamese, Greek, Cyrillic); each other script has its own Noto face,
Chinese has Droid Sans Fallback and emoji have Noto Emoji (outlines, so they
print and copy like letters). Their licences sit beside them and are listed in
the About box.

`face_for()` says which face draws a character in a given style; the paragraph
machinery in app/reports/scripts.py uses it to split text into runs, so the
record's styles only ever name the main family (REGULAR, BOLD, ITALIC). A
script with no italic (or no bold) falls back to its regular face.
"""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.reports import wrap_once
from app.resources import path

REGULAR = "CasebookSans"
BOLD = "CasebookSans-Bold"
ITALIC = "CasebookSans-Oblique"

FILES = {
    REGULAR: "fonts/DejaVuSans.ttf",
    BOLD: "fonts/DejaVuSans-Bold.ttf",
    ITALIC: "fonts/DejaVuSans-Oblique.ttf",
}


@dataclass(frozen=True)
class ScriptFace:
    """A face for one script: its files, and the characters it must draw."""

    name: str  # the reportlab font name of the regular face
    regular: str
    bold: str | None
    # Code point ranges (inclusive) this face always draws, even where the
    # main face has a glyph: DejaVu's Arabic and Hebrew are partial and unjoined.
    ranges: tuple[tuple[int, int], ...] = ()

    @property
    def bold_name(self) -> str:
        return f"{self.name}-Bold" if self.bold else self.name


SCRIPTS: tuple[ScriptFace, ...] = (
    ScriptFace(
        "CasebookArabic",
        "fonts/NotoSansArabic-Regular.ttf",
        "fonts/NotoSansArabic-Bold.ttf",
        ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)),
    ),
    ScriptFace(
        "CasebookHebrew",
        "fonts/NotoSansHebrew-Regular.ttf",
        "fonts/NotoSansHebrew-Bold.ttf",
        ((0x0590, 0x05FF), (0xFB1D, 0xFB4F)),
    ),
    ScriptFace(
        "CasebookDevanagari",
        "fonts/NotoSansDevanagari-Regular.ttf",
        "fonts/NotoSansDevanagari-Bold.ttf",
        ((0x0900, 0x097F), (0xA8E0, 0xA8FF)),
    ),
    ScriptFace(
        "CasebookBengali",
        "fonts/NotoSansBengali-Regular.ttf",
        "fonts/NotoSansBengali-Bold.ttf",
        ((0x0980, 0x09FF),),
    ),
    ScriptFace(
        "CasebookGurmukhi",
        "fonts/NotoSansGurmukhi-Regular.ttf",
        "fonts/NotoSansGurmukhi-Bold.ttf",
        ((0x0A00, 0x0A7F),),
    ),
    ScriptFace(
        "CasebookGujarati",
        "fonts/NotoSansGujarati-Regular.ttf",
        "fonts/NotoSansGujarati-Bold.ttf",
        ((0x0A80, 0x0AFF),),
    ),
    ScriptFace(
        "CasebookTamil",
        "fonts/NotoSansTamil-Regular.ttf",
        "fonts/NotoSansTamil-Bold.ttf",
        ((0x0B80, 0x0BFF), (0x11FC0, 0x11FFF)),
    ),
    # Chinese (and Japanese kana, Korean hangul): no bold face, so bold prints regular.
    ScriptFace("CasebookCJK", "fonts/DroidSansFallbackFull.ttf", None),
    # Emoji as outlines: pictographs beyond the Basic Multilingual Plane always come from here.
    ScriptFace("CasebookEmoji", "fonts/NotoEmoji-Regular.ttf", None, ((0x1F000, 0x1FAFF),)),
)

MAIN_FACES = frozenset(FILES)
# Every face the record may draw with, main and script faces, regular and bold.
ALL_FACES = MAIN_FACES | {s.name for s in SCRIPTS} | {s.bold_name for s in SCRIPTS}
SCRIPT_FACES = ALL_FACES - MAIN_FACES

_lock = threading.RLock()


@cache
def register() -> None:
    """Register every face with reportlab once per process, and the script machinery."""
    with _lock:
        for name, file in FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(path(file))))
        addMapping(REGULAR, 0, 0, REGULAR)
        addMapping(REGULAR, 1, 0, BOLD)
        addMapping(REGULAR, 0, 1, ITALIC)
        addMapping(REGULAR, 1, 1, BOLD)
        for face in SCRIPTS:
            # A script has no italic: italic text in it prints upright. (Each
            # face is read from disk the first time a character needs it.)
            addMapping(face.name, 0, 0, face.name)
            addMapping(face.name, 1, 0, face.bold_name)
            addMapping(face.name, 0, 1, face.name)
            addMapping(face.name, 1, 1, face.bold_name)
        wrap_once.install()  # lines broken once per width
    from app.reports import scripts  # the paragraph machinery that uses these faces

    scripts.install()


def ttf(font_name: str) -> Any:
    """A registered TrueType face (reportlab's stubs know only its base class)."""
    return pdfmetrics.getFont(font_name)


_FILE_OF = {f.name: f.regular for f in SCRIPTS} | {f.bold_name: f.bold for f in SCRIPTS if f.bold}


def loaded(font_name: str) -> str:
    """`font_name`, its face read and registered with reportlab if it was not yet."""
    if font_name in _FILE_OF and font_name not in pdfmetrics.getRegisteredFontNames():
        with _lock:
            if font_name not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont(font_name, str(path(_FILE_OF[font_name]))))
    return font_name


def _covers(font_name: str, code: int) -> bool:
    return code in ttf(loaded(font_name)).face.charToGlyph


@cache
def _forced(code: int) -> ScriptFace | None:
    for face in SCRIPTS:
        if any(low <= code <= high for low, high in face.ranges):
            return face
    return None


def _weight(main: str) -> tuple[bool, bool]:
    return main == BOLD, main == ITALIC


@cache
def face_for(char: str, main: str) -> str:
    """The font that draws `char` in text set in `main` (REGULAR, BOLD or ITALIC).

    The main face where it has the character (italic falling back to regular),
    else the script's face in the same weight, else the first face that has it.
    A character no face has is left to the main face (it prints as a box, and
    the scripts test catches it).
    """
    code = ord(char)
    bold, _italic = _weight(main)
    forced = _forced(code)
    if forced is not None and _covers(forced.name, code):
        return loaded(forced.bold_name if bold else forced.name)
    if _covers(main, code):
        return main
    if main == ITALIC and _covers(REGULAR, code):
        return REGULAR
    # The faces for all of a script's range were asked above; the others
    # (Chinese, emoji) are tried for what no face claims.
    for face in sorted(SCRIPTS, key=lambda f: bool(f.ranges) and f.name != "CasebookEmoji"):
        if _covers(face.name, code):
            return loaded(face.bold_name if bold else face.name)
    return main


def inherits(char: str) -> bool:
    """Characters drawn in the face of the one before: marks, joiners, selectors."""
    code = ord(char)
    if 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF or 0x1F3FB <= code <= 0x1F3FF:
        return True
    return unicodedata.category(char) in ("Mn", "Me", "Mc", "Cf")


def has_glyph(font_name: str, char: str) -> bool:
    """Whether `font_name` draws `char` (tests compare glyph coverage with this)."""
    return _covers(font_name, ord(char))
