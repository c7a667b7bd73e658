"""Printing the case in front (Case > Print…) and saving the governors' figures as a PDF.

The figures are written off the GUI thread as the window's job, not the
dialog's: closing the Governors' figures dialog does not lose the result, and
the window says where the PDF went or why it could not be saved.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from app import printing
from app.errors import CasebookError
from app.storage.fileio import atomic_write
from app.ui.admin import FiguresDialog
from app.ui.background import BackgroundJob, BusyIndicator
from app.ui.changes import Change, What
from app.ui.print_dialog import PrintRecordDialog
from app.ui.qt import QWidget, isValid
from app.ui.save_pdf import ask_pdf_path
from app.ui.security.common import failure_text
from app.ui.widgets import run_safely

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

EXPORTING_FIGURES = "Saving the governors' figures…"


def print_current(window: MainWindow) -> None:
    case = window.current_case()
    if case is not None and case.reference:
        print_case(window, case.reference)


def print_case(window: MainWindow, reference: str) -> PrintRecordDialog | None:
    window.message.clear()
    dialog = run_safely(lambda: PrintRecordDialog(window.ws, reference, window), window.message)
    if dialog is None:
        return None
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog


def export_figures(
    window: MainWindow, year: str, parent: QWidget | None = None, path: Path | None = None
) -> BackgroundJob[Path] | None:
    """Save the governors' figures as a PDF (counts only; no names), off the GUI thread;
    the window then says where it went, or why it could not be saved."""
    if window.exporting.running:
        return None
    if path is None:
        path = ask_pdf_path(
            parent or window,
            "Save the governors' figures as a PDF",
            f"governors-figures-{year.replace('/', '-')}.pdf",
        )
        if path is None:
            return None
    target, ws = path, window.ws
    # Said on the window and, while it is open, on the figures dialog in front of it
    # (the window's message line is hidden behind a window-modal dialog).
    messages = [window.message] + ([parent.message] if isinstance(parent, FiguresDialog) else [])

    def say(text: str, good: bool = True) -> None:
        for message in messages:
            if isValid(message):
                (message.show_good if good else message.show_error)(text)

    def write() -> Path:
        data = printing.figures_pdf(ws, year)
        try:
            atomic_write(target, data)  # binary and owner-only, as every PDF
        except OSError as exc:
            raise CasebookError(
                f"The PDF could not be saved to {target}: check the folder and try again."
            ) from exc
        return target

    def saved(where: Path) -> None:
        say(f"Governors' figures for {year} saved to {where}.")

    def failed(exc: BaseException) -> None:
        say(failure_text(exc), good=False)

    say(EXPORTING_FIGURES)
    controls = parent.busy_controls() if isinstance(parent, FiguresDialog) else []
    # The figures are counts, but saving them is logged: the audit viewer hears of it.
    window.export_job = window.exporting.start(
        write, saved, failed, busy=BusyIndicator(controls), change=Change(What.AUDIT)
    )
    return window.export_job


__all__ = ["EXPORTING_FIGURES", "export_figures", "print_case", "print_current"]
