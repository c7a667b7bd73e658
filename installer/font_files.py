"""The bundle's script faces without what nothing here reads (used by installer/casebook.spec).

The Noto faces carry TrueType hinting (instructions that snap outlines to the
pixel grid of small screens; Noto is made to be read without it, and reportlab
never embeds it in a PDF) and Noto Emoji is a variable font whose weight axis
(its Light and Bold outlines) the record never draws: the app's emoji are its
regular weight, bold text prints them regular, as for Chinese. Both are taken
out with fontTools (the `dist` extra); every glyph, every character of the
character map, the shaping tables (GSUB, GPOS) and the names stay, and the
build stops if a trimmed face lost one. DejaVu keeps its hinting: every screen
is drawn in it. Without fontTools the faces go in as they are.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

# The faces trimmed: the script and emoji faces. (DejaVu is the screens'; Droid
# Sans Fallback, for Chinese, has neither hinting nor variations.)
TRIMMED = ("Noto",)
# A variable face's default outlines (Noto Emoji's regular weight) are its glyf
# table; these tables only move them along the axis, to the other weights.
VARIATION_TABLES = ("fvar", "gvar", "avar", "cvar", "HVAR", "VVAR", "MVAR")
HINTING_TABLES = ("fpgm", "prep", "cvt ", "hdmx", "VDMX", "LTSH")
KEPT_TABLES = ("cmap", "glyf", "GSUB", "GPOS", "GDEF", "name", "OS/2", "post", "hmtx")


def is_trimmed(name: str) -> bool:
    return name.startswith(TRIMMED) and name.endswith(".ttf")


def _options() -> Any:
    from fontTools import subset

    options = subset.Options()
    options.hinting = False
    # Everything else as it is: every shaping feature, name, glyph name and legacy table.
    options.layout_features = ["*"]
    options.layout_scripts = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.name_legacy = True
    options.glyph_names = True
    options.legacy_kern = True
    options.symbol_cmap = True
    options.notdef_glyph = True
    options.notdef_outline = True
    options.prune_unicode_ranges = False
    options.prune_codepage_ranges = False
    options.recalc_timestamp = False
    options.passthrough_tables = True
    return options


def trimmed_font(original: Path, out: Path) -> None:
    """Write `original` to `out` without hinting and variations; every glyph kept."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    logging.getLogger("fontTools").setLevel(logging.WARNING)  # a line per table otherwise
    font = TTFont(original)
    for tag in VARIATION_TABLES:
        if tag in font:
            del font[tag]
    subsetter = subset.Subsetter(_options())
    subsetter.populate(glyphs=font.getGlyphOrder())
    subsetter.subset(font)
    font.save(out)


def _outlines(font: Any) -> list[Any]:
    """Every glyph's points (components resolved), contour ends and advance, in glyph order."""
    glyf, hmtx = font["glyf"], font["hmtx"]
    drawn = []
    for name in font.getGlyphOrder():
        points, ends, flags = glyf[name].getCoordinates(glyf)
        drawn.append((list(points), list(ends), [f & 1 for f in flags], hmtx[name]))
    return drawn


def problems(original: Path, trimmed: Path) -> list[str]:
    """What `trimmed` lost of `original` that a reader could see (empty when nothing)."""
    from fontTools.ttLib import TTFont

    before, after = TTFont(original), TTFont(trimmed)
    found = []
    if after.getGlyphOrder() != before.getGlyphOrder():
        found.append("glyphs")
    elif _outlines(after) != _outlines(before):
        found.append("outlines")
    if after.getBestCmap() != before.getBestCmap():
        found.append("characters")
    found += [t for t in KEPT_TABLES if t in before and t not in after]
    if any(t in after for t in (*HINTING_TABLES, *VARIATION_TABLES)):
        found.append("hinting or variations left in")
    return found


def smaller_font(original: Path, workdir: Path) -> Path:
    """The trimmed copy of `original` in `workdir`, or `original` without fontTools."""
    try:
        import fontTools  # noqa: F401
    except ImportError:
        print(f"font_files: keeping {original.name} whole (fontTools is not installed)")
        return original
    workdir.mkdir(parents=True, exist_ok=True)
    out = workdir / original.name
    trimmed_font(original, out)
    lost = problems(original, out)
    if lost:
        raise SystemExit(f"font_files: trimming {original.name} lost {', '.join(lost)}")
    return out
