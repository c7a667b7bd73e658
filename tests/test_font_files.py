"""The bundle's trimmed script faces (installer/font_files.py): every character and
glyph kept, shaped and printed exactly as the face in resources/fonts."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import uharfbuzz
from fontTools import subset
from fontTools.ttLib import TTFont
from reportlab.pdfbase.ttfonts import TTFont as ReportlabFont

from app.resources import path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "installer"))

import font_files  # noqa: E402

# A name in each face checked: joined right to left, conjuncts, and an emoji
# sequence (skin tone, family) from the variable face.
NAMES = {
    "NotoSansArabic-Regular.ttf": "عائشہ خان زینب حسینی",
    "NotoSansDevanagari-Bold.ttf": "प्रिया शर्मा",
    "NotoEmoji-Regular.ttf": "😢 👍🏽 👨‍👩‍👧",
}


def shaped(font_file: Path, text: str) -> list[tuple[int, ...]]:
    font = uharfbuzz.Font(uharfbuzz.Face(uharfbuzz.Blob(font_file.read_bytes())))
    buf = uharfbuzz.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    uharfbuzz.shape(font, buf, {"kern": True, "liga": True})
    return [
        (g.codepoint, g.cluster, p.x_advance, p.y_advance, p.x_offset, p.y_offset)
        for g, p in zip(buf.glyph_infos, buf.glyph_positions, strict=True)
    ]


@pytest.mark.parametrize("name", sorted(NAMES))
def test_a_trimmed_face_is_smaller_and_shapes_a_name_exactly_as_before(
    name: str, tmp_path: Path
) -> None:
    original = path(f"fonts/{name}")
    trimmed = font_files.smaller_font(original, tmp_path)

    assert trimmed.parent == tmp_path
    assert trimmed.stat().st_size < original.stat().st_size * 0.8
    assert font_files.problems(original, trimmed) == []
    assert shaped(trimmed, NAMES[name]) == shaped(original, NAMES[name])
    face = ReportlabFont("Trimmed", str(trimmed)).face  # as the record reads it
    assert face.charToGlyph == ReportlabFont("Original", str(original)).face.charToGlyph
    assert not {"fpgm", "prep", "gvar", "fvar"} & set(TTFont(trimmed).keys())


def test_a_face_that_lost_characters_is_caught(tmp_path: Path) -> None:
    original = path("fonts/NotoSansHebrew-Regular.ttf")
    font = TTFont(original)
    cut = subset.Subsetter(subset.Options())
    cut.populate(unicodes=[ord(c) for c in "שרה"])  # the rest of the alphabet gone
    cut.subset(font)
    damaged = tmp_path / original.name
    font.save(damaged)

    lost = font_files.problems(original, damaged)
    assert "characters" in lost and "glyphs" in lost


def test_the_screens_face_and_the_chinese_face_go_in_as_they_are() -> None:
    fonts = sorted(p.name for p in path("fonts").glob("*.ttf"))
    trimmed = [name for name in fonts if font_files.is_trimmed(name)]
    assert "NotoSansArabic-Bold.ttf" in trimmed and "NotoEmoji-Regular.ttf" in trimmed
    assert not [name for name in trimmed if name.startswith(("DejaVu", "DroidSans"))]
