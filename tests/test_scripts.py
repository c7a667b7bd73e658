"""Every script a UK school meets, printed right and searchable.

Names and a child's own words in each script are printed in a real record, an
extract and the audit report; the PDF's text layer (pypdf, as a search or a
copy would read it) must give back the logical text as typed, and every
character must have a glyph in the face chosen to draw it (no empty boxes).
The suite's fontconfig sees only resources/fonts, so nothing comes from the
machine.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
from datetime import datetime
from pathlib import Path

import bidi
import pypdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate

from app.reports import fonts, layout, reading_order, render_case_pdf, scripts
from app.reports.audit_report import render_audit_pdf
from app.reports.text import markup
from app.services import cases
from app.services.audit_view import TrailReport, TrailRow
from app.services.workspace import Workspace
from tests.test_reports import MARKING, MadeCase, make_case

# One name and one sentence of own words per script; the names are the kind a
# DSL types (given name, family name), the words the kind a child says.
SCRIPTS = {
    "European accents": ("Zoë Öztürk-Doğan Łukasz Żółć", "Je n'ai rien dit à personne, ça va."),
    "Vietnamese": ("Nguyễn Thị Hương", "Em không muốn gửi ảnh đó."),
    "Greek": ("Ελένη Παπαδοπούλου", "Δεν ήθελα να το στείλω."),
    "Cyrillic": ("Дмитрий Иванова", "Я не хотел это отправлять."),
    "Arabic": ("محمد علي", "لم أرد أن أرسلها"),
    "Urdu": ("عائشہ خان", "میں نے کسی کو نہیں بتایا"),
    "Persian": ("زینب حسینی", "من نمی‌خواستم آن را بفرستم"),
    "Hebrew": ("שרה כהן", "לא רציתי לשלוח את זה"),
    "Bengali": ("রাহুল দাস", "আমি এটা পাঠাতে চাইনি"),
    "Gurmukhi": ("ਗੁਰਪ੍ਰੀਤ ਸਿੰਘ", "ਮੈਂ ਇਹ ਨਹੀਂ ਭੇਜਣਾ ਚਾਹੁੰਦਾ ਸੀ"),
    "Gujarati": ("પ્રિયા પટેલ", "મારે તે મોકલવું ન હતું"),
    "Devanagari": ("प्रिया शर्मा", "मैं इसे भेजना नहीं चाहती थी"),
    "Tamil": ("தமிழ்ச்செல்வி", "நான் அதை அனுப்ப விரும்பவில்லை"),
    "Chinese": ("王小明", "我不想发给任何人。"),
    "Emoji": ("Mia 😢", "I felt sick 😢😭 and sent 👍🏽 👨‍👩‍👧"),
}

# Marks the extractor may add around right-to-left text, and the joiners and
# selectors that are part of a sequence: neither changes what a reader sees.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def logical(text: str) -> str:
    """Text as a search compares it: invisible marks out, one space between words."""
    return re.sub(r"\s+", " ", _INVISIBLE.sub("", unicodedata.normalize("NFC", text))).strip()


def extracted(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return logical(" ".join(page.extract_text() for page in reader.pages))


def lines(data: bytes) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return [logical(line) for page in reader.pages for line in page.extract_text().splitlines()]


def to_unicode_entries(data: bytes) -> list[tuple[str, str]]:
    """Every ToUnicode (code, text) entry of every font in the PDF, as written."""
    out = []
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            cmap = font.get_object().get("/ToUnicode")
            if cmap is not None:
                text = cmap.get_object().get_data().decode("latin-1")
                for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
                    out += re.findall(r"<([0-9A-Fa-f]+)> <([0-9A-Fa-f]*)>", block)
    return out


@pytest.fixture
def made(ws: Workspace) -> MadeCase:
    return make_case(ws)


def test_every_character_has_a_glyph_in_the_face_chosen_for_it() -> None:
    """Glyph coverage: no script, in any weight or italic, falls through to an empty box."""
    fonts.register()
    for script, (name, words) in SCRIPTS.items():
        for main in (fonts.REGULAR, fonts.BOLD, fonts.ITALIC):
            for char in name + words:
                if char.isspace() or fonts.inherits(char):
                    continue
                face = fonts.face_for(char, main)
                assert fonts.has_glyph(face, char), (script, main, f"U+{ord(char):04X}")


def test_italic_falls_back_to_regular_where_a_script_has_no_italic() -> None:
    fonts.register()
    assert fonts.face_for("م", fonts.ITALIC) == "CasebookArabic"
    assert fonts.face_for("م", fonts.BOLD) == "CasebookArabic-Bold"
    assert fonts.face_for("王", fonts.BOLD) == "CasebookCJK"
    assert fonts.face_for("é", fonts.ITALIC) == fonts.ITALIC


def test_names_and_own_words_in_every_script_read_back_as_typed(
    ws: Workspace, made: MadeCase
) -> None:
    record = cases.load_case(ws, made.reference, audit_view=False)
    people = record.rows("young_people")
    talks = record.rows("conversations")
    assert len(people) >= 4 and len(talks) >= 4
    items = list(SCRIPTS.values())
    # Four children a print; every script goes through all four places in turn.
    for start in range(0, len(items), len(people)):
        batch = items[start : start + len(people)]
        for person, (name, _words) in zip(people, batch, strict=False):
            person.name = name
        by_person = {p.id: words for p, (_n, words) in zip(people, batch, strict=False)}
        for talk in talks:
            talk.own_words = by_person.get(talk.young_person_id, talk.own_words)
        data = render_case_pdf(
            record, school="St Mary's", marking=MARKING, printed_by="Jo Bloggs", training=False
        )
        text = extracted(data)
        read_lines = lines(data)
        for name, words in batch:
            assert logical(name) in text, name
            assert logical(words) in text, words
            # A short name is never broken up: its own line holds it whole.
            assert any(logical(name) in line for line in read_lines), name


def test_an_extract_prints_its_child_in_their_own_script(ws: Workspace, made: MadeCase) -> None:
    record = cases.load_case(ws, made.reference, audit_view=False)
    child = record.rows("young_people")[0]
    for name, words in (SCRIPTS["Arabic"], SCRIPTS["Chinese"], SCRIPTS["Tamil"]):
        child.name = name
        for talk in record.rows("conversations"):
            if talk.young_person_id == child.id:
                talk.own_words = words
        data = render_case_pdf(
            record, school="S", marking=MARKING, printed_by="Jo", training=False, child_id=child.id
        )
        text = extracted(data)
        assert logical(name) in text and logical(words) in text


def test_arabic_is_joined_and_right_to_left_on_the_page() -> None:
    """The glyphs drawn are the joined forms, in right-to-left order, yet read back logically."""
    fonts.register()
    out = io.BytesIO()
    st = layout.styles()
    SimpleDocTemplate(out).build([Paragraph(markup("محمد علي"), st["body"])])
    data = out.getvalue()
    assert extracted(data) == "محمد علي"
    # Joined letters are glyphs of their own (not the isolated letter's), each
    # still read back as its letter: more codes than distinct letters.
    readings = [bytes.fromhex(t).decode("utf-16-be") for _c, t in to_unicode_entries(data) if t]
    arabic = [r for r in readings if any("\u0600" <= c <= "\u06ff" for c in r)]
    assert len(arabic) > len(set("محمدعلي")) - 1
    # Nothing reads back as a presentation form (U+FB50 to U+FEFF) or a private code.
    odd = [c for r in readings for c in r if "\ufb50" <= c <= "\ufeff" or "\ue000" <= c < "\uf900"]
    assert not odd


def test_emoji_map_back_to_their_characters_with_valid_entries() -> None:
    fonts.register()
    out = io.BytesIO()
    st = layout.styles()
    words = "Sad 😢 and 👨‍👩‍👧 family"
    SimpleDocTemplate(out).build([Paragraph(markup(words), st["quote"])])
    data = out.getvalue()
    assert extracted(data) == logical(words)
    entries = to_unicode_entries(data)
    assert entries
    for code, text in entries:
        assert len(code) == 2
        # UTF-16BE: whole 16-bit units, never a bare 5-digit code like <1F622>.
        assert len(text) % 4 == 0, text
        bytes.fromhex(text).decode("utf-16-be")


def test_audit_report_prints_names_in_any_script() -> None:
    fonts.register()
    who = "王小明 · محمد علي · प्रिया"
    report = TrailReport(
        rows=[TrailRow(when="01/02/2026 09:00", who=who, what="Printed", case="2026-1", detail="")],
        total=1,
        filter_text="all",
        chain_text="The audit trail is intact.",
        chain_sound=True,
    )
    data = render_audit_pdf(
        report,
        school="Ysgol Gymraeg",
        marking=MARKING,
        printed_by="Jo",
        printed_at=datetime(2026, 2, 3, 9, 0),
        training=False,
    )
    assert logical(who) in extracted(data)


def test_page_header_and_footer_print_any_script(ws: Workspace, made: MadeCase) -> None:
    """The school's name and the printing member of staff, drawn on every page's furniture."""
    record = cases.load_case(ws, made.reference, audit_view=False)
    school = "Al-Noor مدرسة النور · 光明学校"
    printed_by = "प्रिया शर्मा"
    data = render_case_pdf(
        record, school=school, marking=MARKING, printed_by=printed_by, training=False
    )
    reader = pypdf.PdfReader(io.BytesIO(data))
    for page in reader.pages:
        text = logical(page.extract_text())
        assert logical(school) in text
        assert f"Printed by {printed_by} on" in text


def test_right_to_left_words_over_several_lines_keep_their_order() -> None:
    """Each line is ordered on its own after wrapping: the first words stay on line one."""
    fonts.register()
    words = "لم أرد أن أرسلها. قال إنه سيحذفها. ثم أرسلها إلى الجميع في المدرسة وكنت خائفة جدا"
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, leftMargin=200, rightMargin=200)
    doc.build([Paragraph(markup(words), layout.styles()["quote"])])
    read = [line for line in lines(out.getvalue()) if line]
    assert len(read) >= 2
    assert " ".join(read) == logical(words)
    assert read[0].startswith("لم أرد")


def drawn(data: bytes) -> list[tuple[float, str]]:
    """Each piece of text as drawn, in drawing order (left to right along a line),
    with the x where its line starts on the page."""
    out: list[tuple[float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: object, _size: object) -> None:
        if text.strip():
            out.append((cm[0] * tm[4] + cm[4], logical(text)))

    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        page.extract_text(visitor_text=visit)
    return out


def test_a_mixed_line_reads_left_to_right_as_an_english_document() -> None:
    """Arabic first, then Chinese and Latin: the line is left-to-right, the Arabic run
    right-to-left inside it, and the brackets stay round "dsl" at the right end."""
    fonts.register()
    text = "محمد علي 王小明 (dsl)"
    for style in ("body", "quote"):
        out = io.BytesIO()
        st = layout.styles()[style]
        SimpleDocTemplate(out).build([Paragraph(markup(text), st), Paragraph("Latin", st)])
        data = out.getvalue()
        assert extracted(data) == text + " Latin"
        # Drawn from the left: the Arabic name, then 王小明, then "(dsl)", from the
        # same left edge as a Latin line (a left-to-right paragraph stays left-aligned).
        pieces = drawn(data)
        assert [piece for _x, piece in pieces] == ["محمد علي", "王小明", "(dsl)", "Latin"]
        assert pieces[0][0] == pytest.approx(pieces[-1][0])


def test_wholly_right_to_left_words_read_right_to_left_and_align_right() -> None:
    fonts.register()
    words = "لم أرد أن أرسلها. قال إنه سيحذفها"
    out = io.BytesIO()
    doc = SimpleDocTemplate(out)
    quote = layout.styles()["quote"]
    doc.build([Paragraph(markup(words), quote), Paragraph(markup("I did not."), quote)])
    data = out.getvalue()
    assert extracted(data) == logical(words + " I did not.")
    (arabic_x, arabic), (latin_x, latin) = drawn(data)
    assert (arabic, latin) == (logical(words), "I did not.")
    # Right-aligned: the line ends where a Latin line's room ends (the frame's
    # padding is the same on both sides).
    room = doc.width - 2 * (latin_x - doc.leftMargin)
    assert arabic_x + string_width_of(words) == pytest.approx(latin_x + room, abs=0.5)


def string_width_of(words: str) -> float:
    style = layout.styles()["quote"]
    return scripts.string_width(words, style.fontName, style.fontSize)


def test_own_words_in_arabic_align_right_in_the_quote_box(ws: Workspace, made: MadeCase) -> None:
    record = cases.load_case(ws, made.reference, audit_view=False)
    talks = record.rows("conversations")
    arabic, english = "لم أرد أن أرسلها", "I did not want to send it."
    talks[0].own_words = arabic
    talks[1].own_words = english
    data = render_case_pdf(record, school="S", marking=MARKING, printed_by="Jo", training=False)
    assert logical(arabic) in extracted(data)
    starts = {piece: x for x, piece in drawn(data)}
    # The English quote starts at the box's left; the Arabic one ends at its right.
    assert starts[arabic] > starts[english] + 200


# --- right-to-left text with brackets, digits and punctuation ----------------------
#
# Each line must look right (its glyphs, left to right, in the order python-bidi's
# own full implementation of the Unicode algorithm shows them) and copy back as
# typed (pypdf). pdftotext, where the machine has it, is checked for what it can
# read back: it orders a line by where its glyphs are with a rule of its own that
# takes digits and ". , : /" as left-to-right, so right-to-left lines holding them
# come back out of order from it however they are drawn.

BRACKETS_AND_DIGITS = [
    "لم أرد أن أرسلها (12)",
    "لم أرد أن أرسلها (١٢)",
    "في 12/03/2026 قال إنه سيحذفها",
    "قال: (أنا آسف) 3 مرات",
    "أرسلها 3 مرات، ثم 12 مرة.",
    "الساعة 09:30 يوم 12/03/2026",
    "أرسل 12.5 صورة و 50% منها",
    "ثم قال [لا] و{نعم} مرتين!",
    "قال «لا» ثلاث مرات؟",
    "שרה כהן (12) אמרה: לא!",
    "میں نے ۱۲ بار کہا (سچ)",
    "من ۱۴۰۳/۰۵/۲۱ نمی‌خواستم",
    "قال محمد Jo Bloggs (DSL) أرسلها",
    "Jo said محمد علي (12) then left",
]
ENGLISH = "The young person's own words, as the DSL typed them."


def unicode_maps(page: pypdf.PageObject) -> dict[str, dict[int, str]]:
    """Each font's ToUnicode map: code -> the text it reads back as."""
    maps: dict[str, dict[int, str]] = {}
    for name, font in page["/Resources"]["/Font"].items():
        maps[name] = table = {}
        cmap = font.get_object().get("/ToUnicode")
        if cmap is not None:
            text = cmap.get_object().get_data().decode("latin-1")
            for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
                for code, uni in re.findall(r"<([0-9A-Fa-f]+)> <([0-9A-Fa-f]*)>", block):
                    table[int(code, 16)] = bytes.fromhex(uni).decode("utf-16-be")
    return maps


def shown(data: bytes) -> list[str]:
    """Each line as shown: what its glyphs stand for, left to right by where each piece
    of text starts (each piece of a right-to-left line is placed where it is shown)."""
    out = []
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        maps = unicode_maps(page)
        rows: dict[float, list[tuple[float, int, str]]] = {}
        saved: list[tuple[float, float]] = []
        origin, at, leading, font = (0.0, 0.0), [0.0, 0.0], 0.0, ""
        for operands, op in pypdf.generic.ContentStream(page.get_contents(), page.pdf).operations:
            if op == b"q":
                saved.append(origin)
            elif op == b"Q":
                origin = saved.pop()
            elif op == b"cm":
                origin = (origin[0] + float(operands[4]), origin[1] + float(operands[5]))
            elif op == b"Tm":
                at = [float(operands[4]), float(operands[5])]
            elif op == b"Td":
                at = [at[0] + float(operands[0]), at[1] + float(operands[1])]
            elif op == b"TL":
                leading = float(operands[0])
            elif op == b"T*":
                at[1] -= leading
            elif op == b"Tf":
                font = operands[0]
            elif op in (b"Tj", b"TJ"):
                parts = operands[0] if op == b"TJ" else [operands[0]]
                codes = b"".join(
                    p if isinstance(p, bytes) else p.get_original_bytes()
                    for p in parts
                    if isinstance(p, (bytes, str))
                )
                text = "".join(maps[font].get(c, chr(c)) for c in codes)
                row = rows.setdefault(round(origin[1] + at[1], 1), [])
                row.append((origin[0] + at[0], len(row), text))
        out += ["".join(t for _x, _k, t in sorted(rows[y])) for y in sorted(rows, reverse=True)]
    return [line for line in out if line.strip()]


def shown_by_bidi(text: str) -> str:
    """`text` as python-bidi's full Unicode algorithm shows it (brackets not mirrored:
    a bracket drawn facing the other way reads as the one typed)."""
    return bidi.get_display(text, base_dir="LR"[reading_order.base_level(text)])


def quoted(text: str, style: str = "quote") -> bytes:
    """`text` between two English paragraphs, as the record prints own words."""
    out = io.BytesIO()
    look = layout.styles()
    SimpleDocTemplate(out).build(
        [
            Paragraph(ENGLISH, look["body"]),
            Paragraph(markup(text), look[style]),
            Paragraph(ENGLISH, look["body"]),
        ]
    )
    return out.getvalue()


@pytest.mark.parametrize("text", BRACKETS_AND_DIGITS)
@pytest.mark.parametrize("style", ["quote", "body"])
def test_right_to_left_text_with_brackets_and_digits_looks_right_and_copies_as_typed(
    text: str, style: str
) -> None:
    fonts.register()
    data = quoted(text, style)
    assert extracted(data) == logical(f"{ENGLISH} {text} {ENGLISH}")
    assert shown(data) == [ENGLISH, shown_by_bidi(text), ENGLISH]


def test_arabic_indic_digits_print_left_to_right() -> None:
    """'(١٢)' after Arabic words: one then two, left to right, inside the brackets."""
    fonts.register()
    (line,) = shown(quoted("لم أرد أن أرسلها (١٢)"))[1:2]
    assert line.startswith(")١٢(")
    (line,) = shown(quoted("میں نے ۱۲ بار کہا"))[1:2]
    assert "۱۲" in line and "۲۱" not in line


def test_a_line_with_only_lam_alef_reads_back_in_order() -> None:
    """'لا' is one glyph for two letters; each letter reads back from a glyph of its own."""
    fonts.register()
    for text in ("لا ! ١٢", "لا (12)", "كلا. لا"):
        data = quoted(text)
        assert extracted(data) == logical(f"{ENGLISH} {text} {ENGLISH}"), text
        assert shown(data)[1] == shown_by_bidi(text)


def test_header_and_footer_text_with_brackets_and_digits_copies_as_typed() -> None:
    fonts.register()
    out = io.BytesIO()
    canvas = Canvas(out)
    texts = ["مدرسة النور (2)", "Printed by محمد علي (12) on 12/03/2026", "قال: (أنا آسف) 3 مرات"]
    for k, text in enumerate(texts):
        scripts.draw_string(canvas, 300, 800 - 20 * k, text, fonts.REGULAR, 8, "middle")
    canvas.save()
    assert lines(out.getvalue()) == [logical(t) for t in texts]
    assert shown(out.getvalue()) == [shown_by_bidi(t) for t in texts]


RTL_WORDS = ["محمد", "قال", "لا", "آسف", "مرات", "نمی‌خواستم", "کہا", "שרה", "אמרה"]
OTHERS = ["12", "١٢", "۱۲", "3", "12.5", "50%", "09:30", "12/03/2026", "(", ")", "[", "]",
          "{", "}", "«", "»", ".", ",", ":", "!", "?", "،", "؟", "-", "/", '"', "'"]  # fmt: skip
per_paragraph = settings(
    max_examples=30, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)


@per_paragraph
@given(
    first=st.sampled_from(RTL_WORDS),
    rest=st.lists(st.tuples(st.sampled_from(RTL_WORDS + OTHERS), st.sampled_from(["", " "]))),
)
def test_any_wholly_right_to_left_line_looks_right_and_copies_as_typed(
    first: str, rest: list[tuple[str, str]]
) -> None:
    """Words, digits of three kinds, brackets and punctuation, with or without spaces."""
    fonts.register()
    text = first + "".join(glue + token for token, glue in rest[:8])
    data = quoted(text)
    assert extracted(data) == logical(f"{ENGLISH} {text} {ENGLISH}")
    assert shown(data) == [ENGLISH, shown_by_bidi(text), ENGLISH]


@per_paragraph
@given(tokens=st.lists(st.sampled_from(RTL_WORDS + OTHERS + ["Jo", "Bloggs", "DSL"]), min_size=1))
def test_a_left_to_right_name_among_right_to_left_words_copies_as_typed(tokens: list[str]) -> None:
    """A Latin name makes the line an English one; words apart by spaces come back so.

    (Where a right-to-left run touches a Latin word or digits with no space, pypdf may
    read a space between them: it takes the pen's jump across the run for one.)"""
    fonts.register()
    text = " ".join(["Jo", *tokens[:8]])
    data = quoted(text)
    assert extracted(data) == logical(f"{ENGLISH} {text} {ENGLISH}")
    assert shown(data) == [ENGLISH, shown_by_bidi(text), ENGLISH]


def pdftotext(data: bytes, tmp_path: Path) -> list[str]:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "record.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True)
    return [logical(line) for line in out.stdout.splitlines() if logical(line)]


@pytest.mark.parametrize("text", ["لم أرد أن أرسلها", "لا أعرف", "سلام عليكم يا لا", "לא רציתי"])
def test_pdftotext_reads_right_to_left_words_back_as_typed(text: str, tmp_path: Path) -> None:
    """Words (lam-alef too) come back from pdftotext, on an English page and on one of
    own words alone (it orders a page by its commoner direction)."""
    fonts.register()
    assert logical(text) in pdftotext(quoted(text), tmp_path)
    out = io.BytesIO()
    SimpleDocTemplate(out).build([Paragraph(markup(text), layout.styles()["quote"])])
    assert pdftotext(out.getvalue(), tmp_path) == [logical(text)]
