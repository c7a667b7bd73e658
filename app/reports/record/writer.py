"""The blocks every section of the printed record is built from.

Every value from the database reaches a Paragraph through `Writer.t()`, which
scrubs other children's names (in an extract, see `audience`) and then escapes
it with `text.markup()`. Fixed wording goes straight through `markup()`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from app.record.snapshot import CaseRecord
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
    styles,
)
from app.reports.record.audience import Audience
from app.reports.text import initials, markup, plain
from app.vocabulary import NOT_RECORDED

LABEL_WIDTH = 52 * 2.834645669  # 52 mm in points
Row = tuple[str, Any]


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
        self.audience.at(heading)
        return [
            CondPageBreak(120),  # a section never starts in the last few lines
            Bookmark(heading, f"s{self.section_number}"),
            Paragraph(markup(heading), self.s["h2"]),
        ]

    def h3(self, text: str) -> Paragraph:
        return self.p(text, "h3")

    def empty(self, text: str = "Nothing recorded.") -> Paragraph:
        return Paragraph(markup(text), self.s["empty"])

    def fields(self, rows: Iterable[Row], *, keep_blank: bool = False) -> list[Flowable]:
        """Label and value side by side; blank values are left out unless `keep_blank`."""
        data: list[list[Flowable]] = []
        for label, value in rows:
            if value is None or (isinstance(value, str) and not value.strip()):
                if not keep_blank:
                    continue
                data.append([self.fixed(label, "label"), self.p(NOT_RECORDED, "empty")])
                continue
            cell = value if isinstance(value, Flowable) else self.p(value, "value")
            data.append([self.fixed(label, "label"), cell])
        if not data:
            return [self.empty()]
        table = Table(
            data,
            colWidths=[LABEL_WIDTH, CONTENT_WIDTH - LABEL_WIDTH],
            splitInRow=1,
            hAlign="LEFT",
        )
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 4),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                    ("TOPPADDING", (0, 0), (-1, -1), 3),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                    ("BACKGROUND", (0, 0), (0, -1), SHADE),
                ]
            )
        )
        return [table]

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
                    ("TOPPADDING", (0, 0), (-1, -1), 3),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ]
            )
        )
        return [table]

    def own_words(self, words: str | None) -> list[Flowable]:
        """The child's account, set apart from the DSL's notes."""
        label = Paragraph(markup("In their own words"), self.s["quote_label"])
        body = self.p(words, "quote") if words and words.strip() else self.empty()
        box = Table([[label], [body]], colWidths=[CONTENT_WIDTH - 12], splitInRow=1, hAlign="RIGHT")
        box.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, -1), QUOTE_SHADE),
                    ("LINEBEFORE", (0, 0), (0, -1), 3, QUOTE_BAR),
                    ("LEFTPADDING", (0, 0), (-1, -1), 10),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                    ("TOPPADDING", (0, 0), (-1, 0), 6),
                    ("TOPPADDING", (0, 1), (-1, -1), 2),
                    ("BOTTOMPADDING", (0, 0), (-1, 0), 0),
                    ("BOTTOMPADDING", (0, -1), (-1, -1), 8),
                ]
            )
        )
        return [Spacer(1, 5), box, Spacer(1, 5)]

    # -- the document ------------------------------------------------------
