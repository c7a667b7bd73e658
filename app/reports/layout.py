"""Page furniture shared by printed records: paragraph styles, header, footer,
the training watermark and "Page X of Y".

The header and footer are drawn by the page template's `onPage` hook (before
the page's content, so the watermark sits beneath the text); "Page X of Y" is
added by a two-pass canvas that holds every page until the total is known.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageBreak, PageTemplate, Table

from app.reports import fonts
from app.reports.scripts import draw_string, string_width
from app.reports.text import plain

PAGE_WIDTH, PAGE_HEIGHT = A4
LEFT = RIGHT = 18 * mm
TOP = 27 * mm
BOTTOM = 24 * mm
CONTENT_WIDTH = PAGE_WIDTH - LEFT - RIGHT

INK = colors.HexColor("#1b1b1b")
ACCENT = colors.HexColor("#1f3a5f")  # dark navy: headings and rules
MUTED = colors.HexColor("#505a5f")  # labels and notes, 7:1 on white
RULE = colors.HexColor("#c8ccd0")
SHADE = colors.HexColor("#f1f3f5")
QUOTE_SHADE = colors.HexColor("#f6f1e3")
QUOTE_BAR = colors.HexColor("#8a6d1f")
ALERT = colors.HexColor("#a4262c")
WATERMARK = colors.HexColor("#c0392b")

TRAINING_MARK = "TRAINING DATA"


def styles() -> dict[str, ParagraphStyle]:
    """The record's named paragraph styles (long because it is one table of them, not logic)."""
    fonts.register()
    regular, bold, italic = fonts.REGULAR, fonts.BOLD, fonts.ITALIC
    base = ParagraphStyle("body", fontName=regular, fontSize=9.5, leading=13, textColor=INK)

    def style(name: str, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    return {
        "body": base,
        "title": style("title", fontName=bold, fontSize=18, leading=22, textColor=ACCENT),
        "subtitle": style("subtitle", fontSize=11, leading=15, textColor=MUTED, spaceAfter=4),
        "for_child": style("for_child", fontName=bold, fontSize=13, leading=17, spaceBefore=4),
        "h2": style(
            "h2",
            fontName=bold,
            fontSize=12.5,
            leading=16,
            textColor=colors.white,
            backColor=ACCENT,
            borderPadding=(4, 5, 4, 5),
            leftIndent=5,
            rightIndent=5,
            spaceBefore=16,
            spaceAfter=9,
            keepWithNext=1,
        ),
        "h3": style(
            "h3",
            fontName=bold,
            fontSize=10.5,
            leading=14,
            textColor=ACCENT,
            spaceBefore=9,
            spaceAfter=3,
            keepWithNext=1,
        ),
        "h4": style("h4", fontName=bold, fontSize=8.5, leading=12, textColor=MUTED, keepWithNext=1),
        "label": style("label", fontName=bold, fontSize=8.5, leading=12, textColor=MUTED),
        "value": base,
        "quote_label": style(
            "quote_label", fontName=bold, fontSize=8.5, leading=12, textColor=QUOTE_BAR
        ),
        "quote": style("quote", fontName=italic, fontSize=10.5, leading=15),
        "note": style("note", fontSize=8.5, leading=12, textColor=MUTED),
        "intro": style(
            "intro", fontSize=8.5, leading=12, textColor=MUTED, spaceAfter=4, keepWithNext=1
        ),
        "empty": style("empty", fontName=italic, textColor=MUTED),
        "alert": style("alert", fontName=bold, textColor=ALERT),
        "th": style("th", fontName=bold, fontSize=8.5, leading=11, textColor=colors.white),
        "td": style("td", fontSize=8.5, leading=11.5),
        "td_strong": style("td_strong", fontName=bold, fontSize=8.5, leading=11.5),
        "td_alert": style("td_alert", fontName=bold, fontSize=8.5, leading=11.5, textColor=ALERT),
        "decision": style("decision", fontName=bold, fontSize=10, leading=13.5),
        "decision_head": style("decision_head", fontSize=8.5, leading=12, textColor=MUTED),
        "reason": style("reason", fontSize=10, leading=14),
        "training": style(
            "training",
            fontName=bold,
            fontSize=10,
            leading=14,
            textColor=WATERMARK,
            alignment=TA_CENTER,
            borderColor=WATERMARK,
            borderWidth=1,
            borderPadding=6,
            spaceBefore=6,
            spaceAfter=10,
        ),
        "end": style("end", fontSize=8.5, textColor=MUTED, alignment=TA_CENTER, spaceBefore=18),
    }


@dataclass(frozen=True)
class PageFurniture:
    """What every page carries, whatever is on it."""

    marking: str
    school: str
    reference_line: str
    printed_by: str
    printed_at: datetime
    training: bool
    seal: str = ""  # the record's seal when printed (app.services.seal), checked by verify


def _fit(text: str, font: str, size: float, width: float) -> str:
    """Cut text that would run past `width`, ending it with an ellipsis."""
    if string_width(text, font, size) <= width:
        return text
    while text and string_width(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _centred_fitting(canvas: Canvas, text: str, y: float, font: str, size: float) -> None:
    # The marking must be whole on every page: shrink it rather than cut it.
    while size > 5 and string_width(text, font, size) > CONTENT_WIDTH:
        size -= 0.5
    fitted = _fit(text, font, size, CONTENT_WIDTH)
    draw_string(canvas, PAGE_WIDTH / 2, y, fitted, font, size, "middle")


def draw_page(canvas: Canvas, furniture: PageFurniture) -> None:
    """Header, footer and (on training data) the watermark; called before the content."""
    fonts.register()
    canvas.saveState()
    marking = plain(furniture.marking).replace("\n", " ").strip()
    top = PAGE_HEIGHT - 10 * mm
    if furniture.training:
        canvas.saveState()
        canvas.setFillColor(WATERMARK)
        canvas.setFillAlpha(0.13)
        canvas.setFont(fonts.BOLD, 74)
        canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
        canvas.rotate(52)
        canvas.drawCentredString(0, -26, TRAINING_MARK)
        canvas.restoreState()

    canvas.setFillColor(INK)
    if marking:
        _centred_fitting(canvas, marking, top, fonts.BOLD, 9.5)
    canvas.setFont(fonts.REGULAR, 8)
    canvas.setFillColor(MUTED)
    half = CONTENT_WIDTH / 2 - 3 * mm
    school = plain(furniture.school).replace("\n", " ").strip()
    draw_string(canvas, LEFT, top - 6 * mm, _fit(school, fonts.REGULAR, 8, half), fonts.REGULAR, 8)
    reference = _fit(plain(furniture.reference_line).replace("\n", " "), fonts.BOLD, 8, half)
    draw_string(canvas, PAGE_WIDTH - RIGHT, top - 6 * mm, reference, fonts.BOLD, 8, "end")
    canvas.setStrokeColor(ACCENT)
    canvas.setLineWidth(0.8)
    canvas.line(LEFT, top - 8.5 * mm, PAGE_WIDTH - RIGHT, top - 8.5 * mm)

    footer_rule = BOTTOM - 8 * mm
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    canvas.line(LEFT, footer_rule, PAGE_WIDTH - RIGHT, footer_rule)
    canvas.setFillColor(MUTED)
    canvas.setFont(fonts.REGULAR, 7.5)
    printed = (
        f"Printed by {plain(furniture.printed_by).replace(chr(10), ' ').strip() or 'unknown'} "
        f"on {furniture.printed_at:%d/%m/%Y} at {furniture.printed_at:%H:%M}"
    )
    side = (CONTENT_WIDTH - stringWidth(TRAINING_MARK, fonts.BOLD, 8)) / 2 - 4 * mm
    printed = _fit(printed, fonts.REGULAR, 7.5, side)
    draw_string(canvas, LEFT, footer_rule - 4.5 * mm, printed, fonts.REGULAR, 7.5)
    if furniture.seal:
        # A line of its own, always whole: it is typed back into `casebook verify --seal`,
        # and the date and time above must never be cut short to make room for it.
        canvas.drawString(LEFT, footer_rule - 8 * mm, f"Seal {furniture.seal}")
    if furniture.training:
        canvas.setFillColor(WATERMARK)
        canvas.setFont(fonts.BOLD, 8)
        canvas.drawCentredString(PAGE_WIDTH / 2, footer_rule - 4.5 * mm, TRAINING_MARK)
    canvas.setFillColor(INK)
    if marking:
        _centred_fitting(canvas, marking, footer_rule - 10 * mm, fonts.BOLD, 9.5)
    canvas.restoreState()


class NumberedCanvas(Canvas):
    """Holds each page until the last, then writes "Page X of Y" on every one."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 (reportlab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()  # type: ignore[attr-defined]  # reportlab's own, not in its stubs

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._page_number(total)
            super().showPage()
        super().save()

    def _page_number(self, total: int) -> None:
        self.saveState()
        self.setFont(fonts.BOLD, 8)
        self.setFillColor(INK)
        self.drawRightString(
            PAGE_WIDTH - RIGHT,
            BOTTOM - 8 * mm - 4.5 * mm,
            f"Page {self.getPageNumber()} of {total}",
        )
        self.restoreState()


class HeadedTable(Table):
    """A table whose heading row repeats on each page, and appears once per page.

    Left alone, reportlab splits a long table between rows, then splits the next
    (tall) row again in the space left on the same page: its heading row is
    drawn twice on one page. Continuing on a new page after a split avoids that.
    """

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        parts: list[Flowable] = super().split(availWidth, availHeight)
        if len(parts) == 2:
            return [parts[0], PageBreak(), parts[1]]
        return parts


class Bookmark(Flowable):
    """An invisible mark that adds a section to the PDF's outline (its sidebar)."""

    def __init__(self, title: str, key: str) -> None:
        super().__init__()
        self.title = title
        self.key = key
        self.width = self.height = 0
        self.keepWithNext = 1  # stay on the page of the heading that follows

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return 0, 0

    def draw(self) -> None:
        self.canv.bookmarkPage(self.key)
        self.canv.addOutlineEntry(self.title, self.key, level=0)


class RecordDocument(BaseDocTemplate):
    """A4 portrait, one frame, the page furniture on every page."""

    def __init__(self, buffer: Any, furniture: PageFurniture, title: str) -> None:
        super().__init__(
            buffer,
            pagesize=A4,
            leftMargin=LEFT,
            rightMargin=RIGHT,
            topMargin=TOP,
            bottomMargin=BOTTOM,
            title=title,
            author=plain(furniture.school),
            creator="Casebook",
            subject=plain(furniture.marking),
        )
        frame = Frame(
            LEFT,
            BOTTOM,
            CONTENT_WIDTH,
            PAGE_HEIGHT - TOP - BOTTOM,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        self.addPageTemplates(
            [
                PageTemplate(
                    id="record",
                    frames=[frame],
                    onPage=lambda canvas, _doc: draw_page(canvas, furniture),
                )
            ]
        )
