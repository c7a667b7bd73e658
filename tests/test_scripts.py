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
import unicodedata
from datetime import datetime

import pypdf
import pytest
from reportlab.platypus import Paragraph, SimpleDocTemplate

from app.reports import fonts, layout, render_case_pdf, scripts
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
