"""The governors' figures as a PDF: counts only, never a name or a reference."""

from __future__ import annotations

from datetime import datetime
from io import BytesIO

from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, TableStyle

from app.record.figures import Figures
from app.reports import fonts
from app.reports.layout import (
    ACCENT,
    CONTENT_WIDTH,
    SHADE,
    HeadedTable,
    NumberedCanvas,
    PageFurniture,
    RecordDocument,
    styles,
)
from app.reports.text import markup

BAR_HEIGHT = 14.0


def _bars(counts: list[tuple[str, int]]) -> Drawing:
    """Horizontal bars with the number written beside each: readable in black and white."""
    label_width, gap = 150.0, 6.0
    most = max((n for _, n in counts), default=0) or 1
    room = CONTENT_WIDTH - label_width - 40
    drawing = Drawing(CONTENT_WIDTH, len(counts) * (BAR_HEIGHT + gap))
    for i, (label, n) in enumerate(counts):
        y = drawing.height - (i + 1) * (BAR_HEIGHT + gap) + gap / 2
        drawing.add(String(0, y + 3, label[:30], fontName=fonts.REGULAR, fontSize=8.5))
        width = room * n / most
        bar = Rect(label_width, y, max(width, 0.5), BAR_HEIGHT)
        bar.fillColor, bar.strokeColor = ACCENT, None
        drawing.add(bar)
        drawing.add(
            String(label_width + width + 4, y + 3, str(n), fontName=fonts.REGULAR, fontSize=8.5)
        )
    return drawing


def _section(
    title: str, counts: list[tuple[str, int]], st: dict[str, ParagraphStyle]
) -> list[Flowable]:
    data = [[Paragraph(markup(title), st["th"]), Paragraph("Number", st["th"])]]
    data += [
        [Paragraph(markup(label), st["td"]), Paragraph(str(n), st["td"])] for label, n in counts
    ]
    table = HeadedTable(
        data, colWidths=[CONTENT_WIDTH * 0.75, CONTENT_WIDTH * 0.25], repeatRows=1, hAlign="LEFT"
    )
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, SHADE]),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return [KeepTogether([Paragraph(markup(title), st["h2"]), table, Spacer(1, 6), _bars(counts)])]


def render_figures_pdf(
    figures: Figures,
    *,
    school: str,
    marking: str,
    printed_by: str,
    training: bool,
    printed_at: datetime | None = None,
    seal: str = "",
) -> bytes:
    st = styles()
    furniture = PageFurniture(
        marking=marking,
        school=school,
        reference_line=f"Governors' figures {figures.school_year}",
        printed_by=printed_by,
        printed_at=printed_at or datetime.now(),
        training=training,
        seal=seal,
    )
    story: list[Flowable] = [
        Paragraph(
            markup(f"Sharing nudes and semi-nudes: figures for {figures.school_year}"), st["title"]
        ),
        Paragraph(
            markup(
                f"{figures.cases:,} case{'' if figures.cases == 1 else 's'} opened this school "
                f"year; {figures.still_open:,} still open "
                "or being monitored. Counts only: no child, family or case can be named from this "
                "report. Young people are counted by year group, so one case may count more than "
                "once there."
            ),
            st["subtitle"],
        ),
    ]
    if training:
        story.append(Paragraph("TRAINING DATA: figures from practice records", st["training"]))
    for title, counts in figures.sections().items():
        story += _section(title, counts, st)
    buffer = BytesIO()
    doc = RecordDocument(buffer, furniture, f"Governors' figures {figures.school_year}")
    doc.build(story, canvasmaker=NumberedCanvas)
    return buffer.getvalue()
