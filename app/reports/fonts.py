"""The embedded font: DejaVu Sans (Latin, Greek, Cyrillic and more), from resources/fonts.

Embedding our own font means a name prints the same on every computer and in
every PDF reader; its licence sits beside it (LICENSE-DejaVu.txt).
"""

from __future__ import annotations

from functools import cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.resources import path

REGULAR = "CasebookSans"
BOLD = "CasebookSans-Bold"
ITALIC = "CasebookSans-Oblique"

FILES = {
    REGULAR: "fonts/DejaVuSans.ttf",
    BOLD: "fonts/DejaVuSans-Bold.ttf",
    ITALIC: "fonts/DejaVuSans-Oblique.ttf",
}


@cache
def register() -> None:
    """Register the font family with reportlab once per process."""
    for name, file in FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(path(file))))
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, ITALIC)
    addMapping(REGULAR, 1, 1, BOLD)
