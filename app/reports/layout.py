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
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
)
from reportlab.platypus.doctemplate import FrameBreak
from reportlab.platypus.flowables import _ContainerSpace

from app.reports import fonts
from app.reports.scripts import draw_string, string_width
from app.reports.text import plain

PAGE_WIDTH, PAGE_HEIGHT = A4
LEFT = RIGHT = 16 * mm
TOP = 22 * mm  # 3.5 mm under the header rule
BOTTOM = 20 * mm  # 4 mm above the footer rule
FOOTER_RULE = 16 * mm  # the footer's rule; its lines sit below it, clear of the page edge
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
    """The record's named paragraph styles (long because it is one table of them, not logic).

    Headings do not use reportlab's keepWithNext (it gives up before a table that
    may split): `keep_headings` binds each heading to the start of what follows.
    """
    fonts.register()
    regular, bold, italic = fonts.REGULAR, fonts.BOLD, fonts.ITALIC
    base = ParagraphStyle("body", fontName=regular, fontSize=9, leading=12, textColor=INK)

    def style(name: str, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    return {
        "body": base,
        "title": style(
            "title", fontName=bold, fontSize=16, leading=19, textColor=ACCENT, spaceAfter=2
        ),
        "subtitle": style("subtitle", fontSize=10, leading=13, textColor=MUTED, spaceAfter=3),
        "for_child": style("for_child", fontName=bold, fontSize=12, leading=15, spaceBefore=3),
        "h2": style(
            "h2",
            fontName=bold,
            fontSize=11.5,
            leading=14,
            textColor=colors.white,
            backColor=ACCENT,
            borderPadding=(2, 5, 2, 5),
            leftIndent=5,
            rightIndent=5,
            spaceBefore=8,
            spaceAfter=4,
        ),
        "h3": style(
            "h3",
            fontName=bold,
            fontSize=10,
            leading=13,
            textColor=ACCENT,
            spaceBefore=5,
            spaceAfter=1,
        ),
        "h4": style("h4", fontName=bold, fontSize=8.5, leading=11, textColor=MUTED, spaceBefore=4),
        "label": style("label", fontName=bold, fontSize=7.5, leading=9.5, textColor=MUTED),
        "value": base,
        "quote_label": style(
            "quote_label", fontName=bold, fontSize=8, leading=10, textColor=QUOTE_BAR
        ),
        "quote": style("quote", fontName=italic, fontSize=10, leading=14),
        "note": style("note", fontSize=8, leading=11, textColor=MUTED),
        "intro": style("intro", fontSize=8, leading=11, textColor=MUTED, spaceAfter=3),
        "empty": style("empty", fontName=italic, textColor=MUTED),
        "alert": style("alert", fontName=bold, textColor=ALERT),
        "th": style("th", fontName=bold, fontSize=8, leading=10, textColor=colors.white),
        "td": style("td", fontSize=8.5, leading=11),
        "td_strong": style("td_strong", fontName=bold, fontSize=8.5, leading=11),
        "td_alert": style("td_alert", fontName=bold, fontSize=8.5, leading=11, textColor=ALERT),
        "decision": style("decision", fontName=bold, fontSize=9.5, leading=12.5),
        "decision_head": style("decision_head", fontSize=8, leading=11, textColor=MUTED),
        "reason": style("reason", fontSize=9.5, leading=13),
        "training": style(
            "training",
            fontName=bold,
            fontSize=9.5,
            leading=13,
            textColor=WATERMARK,
            alignment=TA_CENTER,
            borderColor=WATERMARK,
            borderWidth=1,
            borderPadding=5,
            spaceBefore=5,
            spaceAfter=8,
        ),
        "end": style("end", fontSize=8, textColor=MUTED, alignment=TA_CENTER, spaceBefore=10),
    }


# Paragraph styles that head what follows them; `keep_headings` never leaves one
# at the foot of a page.
HEADING_STYLES = frozenset({"h2", "h3", "h4", "intro", "quote_label", "for_child"})
# How much of the content must follow its heading on the same page (about three
# lines), unless the content is shorter than that.
START = 36.0


def heading_of_next(flowable: Flowable) -> Flowable:
    """Mark a flowable (a box's label, say) as heading what follows it."""
    flowable.__dict__["heads_next"] = True
    return flowable


def is_heading(flowable: Flowable) -> bool:
    """A flowable that must stay with the start of what comes after it."""
    if getattr(flowable, "heads_next", False):
        return True
    return isinstance(flowable, Paragraph) and flowable.style.name in HEADING_STYLES


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

    footer_rule = FOOTER_RULE
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
            FOOTER_RULE - 4.5 * mm,
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


def _is_space(flowable: Flowable) -> bool:
    """Room, not content: a heading followed only by space is still alone."""
    return isinstance(flowable, Spacer) or hasattr(flowable, "frameAction")


class KeepWithStart(_ContainerSpace, Flowable):
    """Headings and the content under them, so that a heading never ends a page.

    If the headings and the start of the content (all of its first block, or at
    least `START` points of it) fit in the space left on the page, they are placed
    there and the content runs on as it would on its own; if not, they all move
    to the next page. Unlike reportlab's keepWithNext, the content may be a long
    table or paragraph that splits: only its start is kept with the heading.
    """

    def __init__(self, head: list[Flowable], body: list[Flowable]) -> None:
        self._head = list(head)
        self._body = list(body)
        self._content = [*self._head, *self._body]

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return availWidth, 0xFFFFFF  # always asked to split (as KeepTogether is)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        placed = self.start_in(availWidth, availHeight, self.canv)
        if placed is not None:
            return placed
        frame = getattr(self, "_frame", None)
        if frame is None or getattr(frame, "_atTop", False):
            return list(self._content)  # a fresh page already: nothing to wait for
        return [FrameBreak(), *self._content]

    def start_in(self, width: float, height: float, canv: Any) -> list[Flowable] | None:
        """The flowables to place if the headings and the content's start fit, else None."""

        def tall(f: Flowable, room: float) -> float:
            drawn_height = float(f.wrapOn(canv, width, room)[1])
            # KeepTogether answers "too tall" to be split; its real height is _H.
            return (
                float(getattr(f, "_H", drawn_height))
                if isinstance(f, KeepTogether)
                else drawn_height
            )

        used = 0.0
        for i, f in enumerate(self._head):
            used += (f.getSpaceBefore() if i else 0) + tall(f, height)
            used += f.getSpaceAfter()
            if used > height:
                return None
        for i, f in enumerate(self._body):
            left = height - used - f.getSpaceBefore() - 1  # a point spare, for rounding
            if _is_space(f):
                used += f.getSpaceBefore() + tall(f, left) + f.getSpaceAfter()
                continue
            if left <= 0:
                return None
            rest = self._body[i + 1 :]
            before = [*self._head, *self._body[:i]]
            if isinstance(f, KeepWithStart):
                inner = f.start_in(width, left, canv)
                return None if inner is None else [*before, *inner, *rest]
            if tall(f, left) <= left:
                return list(self._content)
            if isinstance(f, KeepTogether):
                return None
            parts = f.splitOn(canv, width, left)
            if not parts or _is_space(parts[0]):
                return None
            if parts[0].wrapOn(canv, width, left)[1] < START:
                return None
            return [*before, *parts, *rest]
        return list(self._content)


def keep_headings(flowables: list[Flowable]) -> list[Flowable]:
    """Bind each run of headings to the start of the content that follows it."""
    out: list[Flowable] = []
    i, n = 0, len(flowables)
    while i < n:
        if not is_heading(flowables[i]):
            out.append(flowables[i])
            i += 1
            continue
        j = i
        while j < n and is_heading(flowables[j]):
            j += 1
        k = j
        while k < n and _is_space(flowables[k]):
            k += 1
        if k == n:  # nothing after them to keep them with
            out += flowables[i:]
            break
        out.append(KeepWithStart(flowables[i:j], flowables[j : k + 1]))
        i = k + 1
    return out


class Bookmark(Flowable):
    """An invisible mark that adds a section to the PDF's outline (its sidebar)."""

    def __init__(self, title: str, key: str) -> None:
        super().__init__()
        self.title = title
        self.key = key
        self.width = self.height = 0
        self.heads_next = True  # stays on the page of the heading that follows

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return 0, 0

    def draw(self) -> None:
        self.canv.bookmarkPage(self.key)
        self.canv.addOutlineEntry(self.title, self.key, level=0)


class RecordDocument(BaseDocTemplate):
    """A4 portrait, one frame, the page furniture on every page."""

    def __init__(
        self,
        buffer: Any,
        furniture: PageFurniture,
        title: str,
        placed: list[tuple[int, Flowable]] | None = None,
    ) -> None:
        self.placed = placed  # when given, each flowable drawn, with its page number
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

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 (reportlab's name)
        if self.placed is not None and not hasattr(flowable, "frameAction"):
            self.placed.append((self.page, flowable))
