"""The blocks every section of the printed record is built from.

Every value from the database reaches a Paragraph through `Writer.t()`, which
scrubs other children's names (in an extract, see `audience`) and then escapes
it with `text.markup()`. Fixed wording goes straight through `markup()`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from app.record.snapshot import CaseRecord
from app.reports import labels
from app.reports.labels import vocab
from app.reports.layout import (
    ACCENT,
    CONTENT_WIDTH,
    QUOTE_BAR,
    QUOTE_SHADE,
    RULE,
    SHADE,
    Bookmark,
    HeadedTable,
    heading_of_next,
    styles,
)
from app.reports.record.audience import Audience
from app.reports.text import initials, markup, plain
from app.vocabulary import NOT_RECORDED

Row = tuple[str, Any]
# `fields` sets short answers out four to a line, each under its label, and
# longer text across the page: a record of many short answers stays short.
COLUMNS = 4
CELL_WIDTH = CONTENT_WIDTH / COLUMNS
PADDING = 4
SHORT_LINES = 2  # a value this many cell-widths long, or less, is short
# Rows split across pages at a line of text (splitInRow=1): a paragraph keeps
# at least two lines at the foot of a page (reportlab's orphan control).


class Writer:
    """One printout's text, people and numbered sections."""

    def __init__(
        self, record: CaseRecord, audience: Audience, *, training: bool, redacted_by: str = ""
    ) -> None:
        self.record = record
        self.redacted_by = redacted_by  # who made the extract: named in its redaction note
        self.case = record.case
        self.audience = audience
        self.training = training
        self.s = styles()
        self.section_number = 0
        self.decisions_section = 0  # where the chronology finds each decision's reason

    # -- text: the one way a stored value reaches the page -----------------
    def t(self, value: Any) -> str:
        """Paragraph markup for a stored value: names scrubbed (extract), then escaped."""
        return markup(self.audience.scrub(plain(value)))

    def p(self, value: Any, style: str = "body") -> Paragraph:
        return Paragraph(self.t(value), self.s[style])

    def fixed(self, text: str, style: str) -> Paragraph:
        """The record's own wording (never a stored value): escaped, not scrubbed."""
        return Paragraph(markup(text), self.s[style])

    def staff(self, staff_id: int | None) -> str:
        if staff_id is None:
            return NOT_RECORDED
        return self.record.staff_names.get(staff_id, "Unknown staff member")

    def staff_with_role(self, staff_id: int | None) -> str:
        """'Ann O'Neill, Designated Safeguarding Lead': who they are to a reader elsewhere."""
        role = self.record.staff_roles.get(staff_id) if staff_id is not None else None
        name = self.staff(staff_id)
        return f"{name}, {labels.STAFF_ROLES.get(role, role)}" if role else name

    def person_name(self, young_person_id: int) -> str:
        for p in self.audience.people:
            if p.id == young_person_id:
                return p.name if p.id not in self.audience.other_ids else self.by_role(p)
        return "A young person no longer on the record"

    def roles(self, person: Any) -> str:
        return ", ".join(vocab("roles", r) for r in person.roles or []) or "Part not recorded"

    def by_role(self, person: Any) -> str:
        return f"{self.roles(person)} — {initials(person.name)}"

    # -- building blocks -------------------------------------------------
    def section(self, title: str) -> list[Flowable]:
        self.section_number += 1
        heading = f"{self.section_number}. {title}"
        # Never left at the foot of a page: the document keeps headings with
        # the start of what follows them (layout.keep_headings).
        self.audience.at(heading)
        return [
            Bookmark(heading, f"s{self.section_number}"),
            Paragraph(markup(heading), self.s["h2"]),
        ]

    def h3(self, text: str) -> Paragraph:
        return self.p(text, "h3")

    def empty(self, text: str = "Nothing recorded.") -> Paragraph:
        return Paragraph(markup(text), self.s["empty"])

    def _is_short(self, text: str) -> bool:
        """`text` (as printed) fits a quarter of the line, within a few lines."""
        style = self.s["value"]
        width = stringWidth(text, style.fontName, style.fontSize)
        return "\n" not in text and width <= SHORT_LINES * (CELL_WIDTH - 2 * PADDING)

    def _cell(self, label: str, shown: Flowable | str) -> list[Flowable]:
        """A label over its value; `shown` is a flowable, or text already scrubbed."""
        if not isinstance(shown, Flowable):
            shown = Paragraph(markup(shown), self.s["value"])
        return [self.fixed(label, "label"), shown]

    def _long_cell(self, label: str, shown: str) -> list[Flowable]:
        """A label and its long text (already scrubbed) as one paragraph: split across
        pages, the label always keeps a line of its text with it (a paragraph keeps two
        lines together)."""
        look = self.s["label"]
        head = (
            f'<font name="{look.fontName}" size="{look.fontSize}" '
            f'color="#{look.textColor.hexval()[2:]}">{markup(label)}</font>'
        )
        return [Paragraph(f"{head}<br/>{markup(shown)}", self.s["value"])]

    def fields(self, rows: Iterable[Row], *, keep_blank: bool = False) -> list[Flowable]:
        """Each label over its value; blank values are left out unless `keep_blank`.

        Short answers (a date, yes or no, a name) go four to a line, in the order
        given; longer text follows, across the page.
        """
        short: list[list[Flowable]] = []
        long: list[list[Flowable]] = []
        for label, value in rows:
            if value is None or (isinstance(value, str) and not value.strip()):
                if keep_blank:
                    short.append([self.fixed(label, "label"), self.p(NOT_RECORDED, "empty")])
                continue
            if isinstance(value, Flowable):
                long.append(self._cell(label, value))
                continue
            shown = self.audience.scrub(plain(value))  # once: the extract's log counts each
            if self._is_short(shown):
                short.append(self._cell(label, shown))
            else:
                long.append(self._long_cell(label, shown))
        if not short and not long:
            return [self.empty()]
        out: list[Flowable] = []
        lines: list[list[Any]] = [short[i : i + COLUMNS] for i in range(0, len(short), COLUMNS)]
        if lines:
            data = [line + [""] * (COLUMNS - len(line)) for line in lines]
            # A line of short answers is never split: labels and answers stay together.
            out.append(self._field_table(data, [CELL_WIDTH] * COLUMNS, split_in_row=0))
        if long:
            out.append(self._field_table([[cell] for cell in long], [CONTENT_WIDTH]))
        return out

    def _field_table(
        self, data: list[list[Any]], widths: list[float], split_in_row: int = 1
    ) -> Table:
        table = Table(data, colWidths=widths, splitInRow=split_in_row, hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
                    ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
                    ("TOPPADDING", (0, 0), (-1, -1), 1),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ]
            )
        )
        return table

    def grid(
        self, head: Sequence[str], rows: list[list[Any]], widths: Sequence[float]
    ) -> list[Flowable]:
        """A table with a heading row that repeats on every page it runs onto."""
        if not rows:
            return [self.empty()]
        data: list[list[Any]] = [[Paragraph(markup(h), self.s["th"]) for h in head]]
        for row in rows:
            data.append(
                [cell if isinstance(cell, Flowable) else self.p(cell or "", "td") for cell in row]
            )
        total = sum(widths)
        table = HeadedTable(
            data,
            colWidths=[w * CONTENT_WIDTH / total for w in widths],
            repeatRows=1,
            splitInRow=1,
            hAlign="LEFT",
        )
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
                    ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, SHADE]),
                    ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
                    ("LEFTPADDING", (0, 0), (-1, -1), 4),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                    ("TOPPADDING", (0, 0), (-1, -1), 2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ]
            )
        )
        return [table]

    def own_words(self, words: str | None) -> list[Flowable]:
        """The child's account, set apart from the DSL's notes; its label heads the quote."""
        label = self._quote_part(
            Paragraph(markup("In their own words"), self.s["quote_label"]), top=5, bottom=1
        )
        heading_of_next(label)  # never left at a page foot without the words
        body = self.p(words, "quote") if words and words.strip() else self.empty()
        return [Spacer(1, 4), label, self._quote_part(body, top=1, bottom=6), Spacer(1, 4)]

    def _quote_part(self, content: Flowable, *, top: float, bottom: float) -> Table:
        part = Table([[content]], colWidths=[CONTENT_WIDTH - 12], splitInRow=1, hAlign="RIGHT")
        part.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, -1), QUOTE_SHADE),
                    ("LINEBEFORE", (0, 0), (0, -1), 3, QUOTE_BAR),
                    ("LEFTPADDING", (0, 0), (-1, -1), 10),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                    ("TOPPADDING", (0, 0), (-1, -1), top),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), bottom),
                ]
            )
        )
        return part

    # -- the document ------------------------------------------------------
