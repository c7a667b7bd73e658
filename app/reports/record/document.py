"""The printed case record and the per-child extract, composed section by section.

The record follows the incident wizard's order and prints everything the case
holds; every decision is printed with its reason. The extract is for one
child's own child protection file (what it leaves out: `audience`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from io import BytesIO

from reportlab.platypus import Flowable, Paragraph

from app.record.snapshot import CaseRecord, HistoryLine
from app.reports.layout import NumberedCanvas, PageFurniture, RecordDocument, keep_headings
from app.reports.record.actions import actions
from app.reports.record.agencies import agencies_and_parents
from app.reports.record.amendments import amendments
from app.reports.record.audience import Audience
from app.reports.record.chronology import chronology
from app.reports.record.closing import closing
from app.reports.record.conversations import conversations
from app.reports.record.decisions import decisions
from app.reports.record.described import incident_described
from app.reports.record.incident import incident
from app.reports.record.initial_review import initial_review
from app.reports.record.plan import plan
from app.reports.record.police import police
from app.reports.record.reviews import reviews
from app.reports.record.title import title_block
from app.reports.record.writer import Writer
from app.reports.record.young_people import young_people
from app.reports.text import markup, plain
from app.services.redaction import RedactionLog

# The record's sections in the order they are printed (and numbered).
SECTIONS: tuple[Callable[[Writer], list[Flowable]], ...] = (
    incident,
    young_people,
    initial_review,
    conversations,
    incident_described,
    police,
    agencies_and_parents,
    plan,
    decisions,
    chronology,
    actions,
    reviews,
    closing,
)


def story(w: Writer, history: list[HistoryLine] | None) -> list[Flowable]:
    """Everything on the pages, top to bottom."""
    body: list[Flowable] = []
    for section in SECTIONS:
        body += section(w)
    if history is not None:
        body += amendments(w, history)
    # The title last, so an extract's note can say what its redaction did.
    w.audience.at("Title")
    out = title_block(w) + body
    end = "End of extract" if w.audience.child is not None else "End of record"
    out.append(Paragraph(markup(f"{end}: case {plain(w.case.reference)}"), w.s["end"]))
    return keep_headings(out)


def render_case_pdf(
    record: CaseRecord,
    *,
    school: str,
    marking: str,
    printed_by: str,
    training: bool,
    history: list[HistoryLine] | None = None,
    child_id: int | None = None,
    printed_at: datetime | None = None,
    seal: str = "",
    name_history: list[HistoryLine] | None = None,
    redact: Sequence[str] = (),
    placed: list[tuple[int, Flowable]] | None = None,
) -> bytes:
    """The case record as a PDF; with `child_id`, that child's extract for their own file.

    `history` (from `cases.case_history`) adds the amendment history; None leaves it out.
    `seal` (app.services.seal) goes in every page's footer. An extract also finds
    earlier spellings of names in `name_history` (else `history`), and redacts the
    words in `redact` the DSL marked. `placed`, when given, receives each flowable
    drawn with its page number (to check the layout).
    """
    return render_case_extract(
        record,
        school=school,
        marking=marking,
        printed_by=printed_by,
        training=training,
        history=history,
        child_id=child_id,
        printed_at=printed_at,
        seal=seal,
        name_history=name_history,
        redact=redact,
        placed=placed,
    )[0]


def _audience(
    record: CaseRecord,
    child_id: int | None,
    history: list[HistoryLine] | None,
    name_history: list[HistoryLine] | None,
    redact: Sequence[str],
    keep: Sequence[str] = (),
) -> Audience:
    names = name_history if name_history is not None else history
    return Audience(list(record.rows("young_people")), child_id, names, redact, keep)


def redaction_log(
    record: CaseRecord,
    child_id: int,
    *,
    history: list[HistoryLine] | None = None,
    name_history: list[HistoryLine] | None = None,
    redact: Sequence[str] = (),
    keep: Sequence[str] = (),
) -> RedactionLog:
    """What the extract's redaction would do, for the DSL to check before printing.

    The pages' text is made exactly as for printing, without laying out the pages.
    """
    audience = _audience(record, child_id, history, name_history, redact, keep)
    story(Writer(record, audience, training=False), history)
    return audience.log


def render_case_extract(
    record: CaseRecord,
    *,
    school: str,
    marking: str,
    printed_by: str,
    training: bool,
    history: list[HistoryLine] | None = None,
    child_id: int | None = None,
    printed_at: datetime | None = None,
    seal: str = "",
    name_history: list[HistoryLine] | None = None,
    redact: Sequence[str] = (),
    keep: Sequence[str] = (),
    redacted_by: str = "",
    placed: list[tuple[int, Flowable]] | None = None,
) -> tuple[bytes, RedactionLog]:
    """`render_case_pdf`, with what its redaction did (empty for the whole record).

    `keep`: replaced words the DSL chose to print as typed (never a full name)."""
    audience = _audience(record, child_id, history, name_history, redact, keep)
    child = audience.child
    reference = plain(record.case.reference)
    furniture = PageFurniture(
        marking=marking,
        school=school,
        # A loose page of an extract must find its way back to the right file.
        reference_line=(
            f"Case {reference} · Extract for {plain(child.name)}"
            if child is not None
            else f"Case {reference}"
        ),
        printed_by=printed_by,
        printed_at=printed_at or datetime.now().replace(second=0, microsecond=0),
        training=training,
        seal=seal,
    )
    title = f"Case {reference}: extract" if child is not None else f"Case {reference}"
    buffer = BytesIO()
    doc = RecordDocument(buffer, furniture, title, placed)
    writer = Writer(record, audience, training=training, redacted_by=redacted_by or printed_by)
    doc.build(story(writer, history), canvasmaker=NumberedCanvas)
    return buffer.getvalue(), audience.log
