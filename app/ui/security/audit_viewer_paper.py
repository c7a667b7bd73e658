"""Putting the audit trail on paper: Print… and Save as PDF… of the entries shown."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from app import printing
from app.errors import InvalidInput
from app.services.audit_view import TrailFilter
from app.ui import print_dialog
from app.ui.background import BackgroundJob, OneJob
from app.ui.changes import Change, What
from app.ui.save_pdf import ask_pdf_path
from app.ui.widgets import run_safely

if TYPE_CHECKING:
    from app.ui.security.audit_viewer import AuditViewer

UNENCRYPTED_WARNING = (
    "A saved PDF is not encrypted. Anyone who can open the file can read who looked at "
    "which case, and when.\n\n"
    "Save it only somewhere the school keeps safe (an encrypted drive, say), never on a "
    "memory stick or a shared folder, and delete it once it has been printed or sent "
    "securely. Saving is recorded in the audit trail."
)
NOT_PRINTED = "Nothing was printed."
PREPARING = "Preparing the audit trail…"
SAVING = "Saving the audit trail…"
KEPT = " It saved a file that is not encrypted: delete it when you no longer need it."
AUDIT_GREW = Change(What.AUDIT)  # printing or saving the trail is written to it


def default_file_name() -> str:
    return f"audit-trail-{date.today():%Y-%m-%d}.pdf"  # no names in file names


def filter_for_paper(viewer: AuditViewer) -> TrailFilter | None:
    """The filter to print with, or None (and the reason said) if it cannot be."""
    viewer.message.clear()
    try:
        chosen = viewer.read_filter(final=True)
    except InvalidInput as exc:
        viewer.filter_message.show_error(str(exc))  # beside the dates, as on leaving them
        return None
    try:
        chosen.printable_case_text()
    except InvalidInput as exc:
        viewer.message.show_error(str(exc))
        return None
    return chosen


def print_trail(viewer: AuditViewer, work: OneJob) -> BackgroundJob[bytes] | None:
    """Print the entries shown, with the filter; logged as printed (or exported, for
    a printer that writes a file), then painted on the printer on the GUI thread."""
    chosen = filter_for_paper(viewer)
    if chosen is None:
        return None
    printer = print_dialog.a4_printer()
    printer.setDocName("Casebook audit trail")  # the print queue shows this
    if not viewer.choose_printer(printer):
        return None
    purpose = print_dialog.output_purpose(printer)
    if purpose == "exported" and not viewer.confirm_unencrypted(print_dialog.printer_name(printer)):
        viewer.message.show_good(NOT_PRINTED)
        return None
    viewer.printed_pages = None
    ws = viewer.ws

    def paint(data: bytes) -> None:
        pages = run_safely(lambda: print_dialog.paint_pdf(data, printer), viewer.message)
        viewer.printed_pages = pages
        if pages is not None:
            kept = KEPT if purpose == "exported" else ""
            viewer.message.show_good(f"Sent {pages} page(s) to the printer." + kept)

    return work.start_saying(
        viewer.message,
        PREPARING,
        lambda: printing.audit_trail_pdf(ws, chosen, purpose=purpose),
        paint,
        change=AUDIT_GREW,
    )


def save_pdf(viewer: AuditViewer) -> BackgroundJob[Path] | None:
    """Warn that the file is not encrypted, ask where, then save the entries shown."""
    chosen = filter_for_paper(viewer)
    if chosen is None or not viewer.confirm_unencrypted():
        return None
    path = ask_pdf_path(
        viewer, "Save the audit trail as a PDF (not encrypted)", viewer.default_file_name()
    )
    if path is None:
        return None
    return viewer.save_to(path, chosen)


def save_to(
    viewer: AuditViewer, work: OneJob, path: Path, chosen: TrailFilter
) -> BackgroundJob[Path] | None:
    """Make, log and write the PDF off the GUI thread; then say where it went."""
    ws = viewer.ws

    def saved(where: Path) -> None:
        viewer.message.show_good(
            f"Saved to {where}. It is not encrypted: delete it when you no longer need it."
        )

    return work.start_saying(
        viewer.message,
        SAVING,
        lambda: print_dialog.write_pdf(
            path, lambda: printing.audit_trail_pdf(ws, chosen, purpose="exported")
        ),
        saved,
        change=AUDIT_GREW,
    )
