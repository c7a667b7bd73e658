"""The audit trail as a PDF: who did what, to which case, and when, as the viewer shows it.

The entries are those the DSL filtered to, newest first, with the filter and the
chain check printed above them, and the same page furniture as every printed
record. Entries name staff and case references only, never a child.
"""

from __future__ import annotations

from datetime import datetime
from io import BytesIO

from reportlab.lib import colors
from reportlab.platypus import Flowable, Paragraph, Spacer, TableStyle

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
from app.services.audit_view import TrailReport

TITLE = "Who saw what: the audit trail"
HEADINGS = ("When", "Who", "What", "Case", "Detail")
WIDTHS = (0.24, 0.2, 0.12, 0.13, 0.31)  # of the page's width
NO_ENTRIES = "No entries match this filter."


def _table(report: TrailReport) -> Flowable:
    st = styles()
    data = [[Paragraph(markup(h), st["th"]) for h in HEADINGS]]
    data += [
        [Paragraph(markup(value), st["td"]) for value in (r.when, r.who, r.what, r.case, r.detail)]
        for r in report.rows
    ]
    table = HeadedTable(
        data, colWidths=[CONTENT_WIDTH * w for w in WIDTHS], repeatRows=1, hAlign="LEFT"
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
    return table


def render_audit_pdf(
    report: TrailReport,
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
        reference_line="Audit trail",
        printed_by=printed_by,
        printed_at=printed_at or datetime.now(),
        training=training,
        seal=seal,
    )
    shown = len(report.rows)
    count = (
        f"All {report.total:,} entries, newest first."
        if shown == report.total
        else f"{shown:,} of {report.total:,} entries, newest first."
    )
    story: list[Flowable] = [
        Paragraph(markup(TITLE), st["title"]),
        Paragraph(markup(f"Filter: {report.filter_text}. {count}"), st["subtitle"]),
        Paragraph(
            markup(
                "Times are local. Cases are named by reference only. Each entry is linked to "
                "the one before it, so an entry changed, removed or added out of turn is found."
            ),
            st["note"],
        ),
        Paragraph(markup(report.chain_text), st["body"] if report.chain_sound else st["alert"]),
    ]
    if training:
        story.append(Paragraph("TRAINING DATA: entries from practice records", st["training"]))
    story.append(Spacer(1, 8))
    story.append(_table(report) if report.rows else Paragraph(markup(NO_ENTRIES), st["empty"]))
    buffer = BytesIO()
    RecordDocument(buffer, furniture, TITLE).build(story, canvasmaker=NumberedCanvas)
    return buffer.getvalue()
