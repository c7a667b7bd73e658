"""Print the record, preview it, or save it as a PDF.

The PDF is made by `app.printing` (reportlab) and printed by drawing
each of its pages, rendered by QtPdf, on the printer: what is printed is
exactly what is saved. The PDF stays in memory (a QBuffer): no temporary file
is ever written. Each print, preview and save is written to the audit trail.
A printer that writes a file (Microsoft Print to PDF, XPS, OneNote) is an
export, not a print: the Save as PDF warning first, and "exported" in the trail.

Building the PDF (reportlab, no Qt) and saving it happen off the GUI thread,
with the buttons disabled; QtPdf and the printer are used on the GUI thread.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from app import printing
from app.desktop import printers
from app.errors import CasebookError
from app.services.redaction import RedactionLog
from app.services.workspace import Workspace
from app.storage.fileio import atomic_write
from app.ui.background import BackgroundJob, BusyIndicator, OneJob
from app.ui.changes import Change, What
from app.ui.encrypted_copy import PassphraseDialog, RecipientDialog
from app.ui.qt import (
    QAction,
    QBuffer,
    QByteArray,
    QCheckBox,
    QComboBox,
    QDialog,
    QImage,
    QIODevice,
    QMessageBox,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfDocument,
    QPrintDialog,
    QPrinter,
    QPrintPreviewDialog,
    QRect,
    QResizeEvent,
    QShowEvent,
    QSize,
    Qt,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from app.ui.redaction_preview import RedactionPreviewDialog
from app.ui.save_pdf import ask_pdf_path
from app.ui.screen_fit import fit_height, fit_to_screen, keep_fitted
from app.ui.widgets import (
    Message,
    add_field,
    button,
    button_row,
    heading,
    plain_label,
    primary_button,
    run_safely,
)

log = logging.getLogger(__name__)
T = TypeVar("T")

PRINT_DPI = 300  # sharp on paper; higher only makes the print job bigger
UNENCRYPTED_WARNING = (
    "A saved PDF is not encrypted. Anyone who can open the file can read this record.\n\n"
    "Save it only somewhere the school keeps safe (an encrypted drive, say), never on a "
    "memory stick or a shared folder, and delete it once it has been printed or sent "
    "securely. To send it to an agency, use Save encrypted PDF instead. Saving is "
    "recorded in the audit trail."
)
PRINTER_WRITES_A_FILE = (
    "The printer {printer} does not print on paper: it saves the record as a file.\n\n"
)
NOT_PRINTED = "Nothing was printed."
NOT_A_PDF = "The record could not be prepared for printing. Nothing was printed."
PREPARING = "Preparing the record…"
AUDIT_GREW = Change(What.AUDIT)  # every PDF made here is written to the audit trail


# The preview's own buttons that do nothing for a record printed on A4 portrait, hidden so
# its toolbar fits a laptop's width; Print goes first, with its name, never behind ">>".
PREVIEW_HIDDEN = ("Portrait", "Landscape", "Page setup", "Show facing pages")
PREVIEW_PRINT = "Print"
PREVIEW_PRINT_TEXT = "Print…"


def tidy_preview_toolbar(preview: QPrintPreviewDialog) -> None:
    """Print first, named, and the orientation and page-setup buttons hidden."""
    for toolbar in preview.findChildren(QToolBar):
        actions = toolbar.actions()
        for action in actions:
            if action.text() in PREVIEW_HIDDEN:
                action.setVisible(False)
        found = next((a for a in actions if a.text() == PREVIEW_PRINT), None)
        if found is None:
            continue
        toolbar.removeAction(found)
        rest = toolbar.actions()
        if rest:
            toolbar.insertAction(rest[0], found)
            toolbar.insertSeparator(rest[0])
        else:
            toolbar.addAction(found)
        found.setIconText(PREVIEW_PRINT_TEXT)
        widget = toolbar.widgetForAction(found)
        if isinstance(widget, QToolButton):
            widget.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            widget.setAccessibleName(PREVIEW_PRINT)


class PdfUnreadable(CasebookError):
    def __init__(self) -> None:
        super().__init__(NOT_A_PDF)


@contextmanager
def open_pdf(data: bytes) -> Iterator[QPdfDocument]:
    """The PDF as a QPdfDocument read from memory; closed again afterwards."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    try:
        document.load(buffer)
        if document.status() != QPdfDocument.Status.Ready or document.pageCount() < 1:
            raise PdfUnreadable()
        yield document
    finally:
        document.close()
        buffer.close()


def page_image(document: QPdfDocument, index: int, dpi: float) -> QImage:
    """One page as an image at `dpi`, on white."""
    points = document.pagePointSize(index)
    size = QSize(round(points.width() / 72 * dpi), round(points.height() / 72 * dpi))
    rendered = document.render(index, size)  # transparent where nothing is drawn
    page = QImage(size, QImage.Format.Format_RGB32)
    page.fill(Qt.GlobalColor.white)
    painter = QPainter(page)
    painter.drawImage(0, 0, rendered)
    painter.end()
    return page


def page_images(data: bytes, dpi: float) -> list[QImage]:
    with open_pdf(data) as document:
        return [page_image(document, i, dpi) for i in range(document.pageCount())]


def _fit(image: QImage, area: QRect) -> QRect:
    """The largest rectangle with the image's shape, centred in `area`."""
    scale = min(area.width() / image.width(), area.height() / image.height())
    width, height = round(image.width() * scale), round(image.height() * scale)
    return QRect(
        area.x() + (area.width() - width) // 2,
        area.y() + (area.height() - height) // 2,
        width,
        height,
    )


def paint_pdf(data: bytes, printer: QPrinter) -> int:
    """Draw every page of the PDF (or the range chosen in the print dialog) on `printer`.

    Returns the number of pages sent.
    """
    with open_pdf(data) as document:
        count = document.pageCount()
        first, last = 0, count - 1
        if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
            first = min(printer.fromPage(), count) - 1
            last = min(max(printer.toPage(), printer.fromPage()), count) - 1
        dpi = min(printer.resolution(), PRINT_DPI)
        painter = QPainter()
        if not painter.begin(printer):
            raise CasebookError("The printer could not be started. Nothing was printed.")
        try:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            page = printer.pageLayout().paintRectPixels(printer.resolution())
            area = QRect(0, 0, page.width(), page.height())
            for index in range(first, last + 1):
                if index > first:
                    printer.newPage()
                image = page_image(document, index, dpi)
                painter.drawImage(_fit(image, area), image)
        finally:
            painter.end()
        return last - first + 1


def a4_printer(printer: QPrinter | None = None) -> QPrinter:
    """A high-resolution printer set up for the record's A4 portrait pages."""
    printer = printer or QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setDocName("Casebook record")  # the print queue shows this: no names
    return printer


def printer_name(printer: QPrinter) -> str:
    """The printer's name as the system knows it (a seam: Linux has no virtual printers)."""
    return str(printer.printerName())


def output_purpose(printer: QPrinter) -> printing.Purpose:
    """Printing to a file, or to a printer that writes one, is an export: the file is
    not encrypted."""
    return printers.purpose(printer_name(printer), printer.outputFileName())


class PrintRecordDialog(QDialog):
    """Choose the whole record or one child's extract, then print, preview or save."""

    def __init__(self, ws: Workspace, reference: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.reference = reference
        self.printed_pages: int | None = None  # how many the last print sent
        self.preview_dialog: QPrintPreviewDialog | None = None
        # The extract's redactions, as the DSL last checked them (for this choice).
        self.redact_words: tuple[str, ...] = ()
        self.keep_words: tuple[str, ...] = ()  # replaced words the DSL chose to keep as typed
        self.redactions_checked: tuple[int | None, bool] | None = None
        self.redaction_dialog: RedactionPreviewDialog | None = None
        self.redaction_log: RedactionLog | None = None  # what the DSL checked
        self.recipient_dialog: RecipientDialog | None = None
        self.passphrase_dialog: PassphraseDialog | None = None
        self.setWindowTitle(f"Print case {reference}")
        self.setMinimumWidth(560)
        column = QVBoxLayout(self)
        column.setContentsMargins(24, 20, 24, 20)
        column.setSpacing(4)
        column.addWidget(heading(f"Print case {reference}", 1.3))
        column.addWidget(
            plain_label(
                "Print the whole record for the case file, or an extract for one young "
                "person's own child protection file. An extract shows the other young "
                "people only by their part and initials; you check what it redacts "
                "before it is printed or saved."
            )
        )

        self.choice = QComboBox()
        self.choice.addItem("The whole case record", None)
        self.young_people = printing.children(ws, reference)
        for child in self.young_people:
            # Combo box items are plain text: a name prints as typed, markup and all.
            self.choice.addItem(f"Extract for the file of {child.name}", child.id)
        add_field(column, "&What to print", self.choice)
        column.addSpacing(6)
        self.history = QCheckBox("Include the &amendment history")
        self.history.setAccessibleName("Include the amendment history")
        column.addWidget(self.history)
        column.addWidget(
            plain_label("Printing, previewing and saving are recorded in the audit trail.", "hint")
        )
        column.addSpacing(8)
        self.message = Message()
        column.addWidget(self.message)
        column.addSpacing(8)
        self._build_buttons(column)
        self.choice.setFocus()
        keep_fitted(self)  # all of a message: a saved PDF's whole path

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt name)
        super().showEvent(event)
        fit_height(self)  # the intro wraps: all of it, not its first lines

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            fit_height(self)

    def _build_buttons(self, column: QVBoxLayout) -> None:
        """Print, preview, save and close; all disabled while the record is being made."""
        self.print_button = primary_button("&Print…")
        self.preview_button = button("Print pre&view")
        self.save_button = button("&Save as PDF…")
        self.encrypted_button = button("Save &encrypted PDF…")
        self.close_button = button("Close")
        column.addLayout(
            button_row(
                self.encrypted_button,
                self.save_button,
                self.preview_button,
                self.print_button,
                left=self.close_button,
            )
        )
        # An extract's redactions are checked first; the whole record goes straight on.
        self.print_button.clicked.connect(lambda: self.checked_then(self.print_record, "Print…"))
        self.preview_button.clicked.connect(lambda: self.checked_then(self.preview, "Preview"))
        self.save_button.clicked.connect(lambda: self.checked_then(self.save_pdf, "Save as PDF…"))
        self.encrypted_button.clicked.connect(self.encrypted_chosen)
        self.close_button.clicked.connect(self.reject)
        self.choice.currentIndexChanged.connect(self._choice_changed)
        self.history.toggled.connect(self._choice_changed)
        controls = [
            self.choice,
            self.history,
            self.print_button,
            self.preview_button,
            self.save_button,
            self.encrypted_button,
            self.close_button,
        ]
        self._work = OneJob(self, BusyIndicator(controls), ws=self.ws)

    # -- what is chosen -----------------------------------------------------
    @property
    def child_id(self) -> int | None:
        value = self.choice.currentData()
        return int(value) if value is not None else None

    def select_child(self, child_id: int | None) -> None:
        self.choice.setCurrentIndex(max(0, self.choice.findData(child_id)))

    def default_file_name(self) -> str:
        # No names in file names: they show in folders, recent-file lists and backups.
        name = f"case-{self.reference}"
        if self.child_id is not None:
            name += f"-extract-{self.child_id}"
        return f"{name}.pdf"

    def _pdf_maker(self, purpose: printing.Purpose) -> Callable[[], bytes]:
        """Makes the chosen PDF (and logs it) from values read now, on the GUI thread."""
        ws, reference, child = self.ws, self.reference, self.child_id
        history = self.history.isChecked()
        words = self.redact_words if child is not None else ()
        keep = self.keep_words if child is not None else ()
        return lambda: printing.case_pdf(
            ws,
            reference,
            child_id=child,
            include_history=history,
            purpose=purpose,
            redact=words,
            keep=keep,
        )

    # -- an extract's redactions, checked before it leaves -------------------
    def _choice_changed(self, *_args: object) -> None:
        self.redactions_checked = None
        self.redact_words = ()
        self.keep_words = ()
        self.redaction_log = None

    def checked_then(self, action: Callable[[], object], go_on: str) -> None:
        """Run `action` now for the whole record; for an extract, once the DSL has
        checked its redactions (the redaction preview) for what is chosen now."""
        chosen = (self.child_id, self.history.isChecked())
        if self.child_id is None or self.redactions_checked == chosen:
            action()
            return
        child = self.child_id
        dialog = RedactionPreviewDialog(
            self.ws,
            self.reference,
            child,
            include_history=chosen[1],
            words=self.redact_words,
            keep=self.keep_words,
            go_on=go_on,
            parent=self,
        )
        self.redaction_dialog = dialog

        def closed(result: int) -> None:
            self.redaction_dialog = None
            dialog.deleteLater()
            if result != QDialog.DialogCode.Accepted:
                return
            self.redact_words = dialog.words
            self.keep_words = dialog.kept_words
            self.redactions_checked = chosen
            self.redaction_log = dialog.log
            action()

        dialog.finished.connect(closed)
        dialog.open()

    # -- slow work ----------------------------------------------------------
    @property
    def working(self) -> bool:
        """The record is being made or saved."""
        return self._work.running

    @property
    def job(self) -> BackgroundJob[Any] | None:
        return self._work.job

    def _in_background(
        self, work: Callable[[], T], done: Callable[[T], None], text: str = PREPARING
    ) -> BackgroundJob[T] | None:
        """Run `work` off the GUI thread with every control disabled; a failure is said
        on the dialog, as before. Each PDF made is logged: the audit trail grew."""
        return self._work.start_saying(self.message, text, work, done, change=AUDIT_GREW)

    # -- printing -----------------------------------------------------------
    def print_record(self) -> BackgroundJob[bytes] | None:
        printer = a4_printer()
        if not self.choose_printer(printer):
            return None
        if output_purpose(printer) == "exported" and not self.confirm_unencrypted(
            printer_name(printer)
        ):
            self.message.show_good(NOT_PRINTED)
            return None
        return self.print_to(printer)

    def choose_printer(self, printer: QPrinter, parent: QWidget | None = None) -> bool:
        """The system's print dialog for `printer`; True if the DSL pressed Print."""
        return choose_printer(printer, parent or self, "Print the record")

    def print_to(self, printer: QPrinter) -> BackgroundJob[bytes] | None:
        """Render and log off the GUI thread, then print on `printer` (on the GUI thread,
        as Qt needs); the dialog then says how many pages were sent."""
        self.printed_pages = None
        purpose = output_purpose(printer)

        def paint(data: bytes) -> None:
            pages = run_safely(lambda: paint_pdf(data, printer), self.message)
            self.printed_pages = pages
            if pages is not None:
                self.message.show_good(f"Sent {pages} page(s) to the printer." + _kept(purpose))

        return self._in_background(self._pdf_maker(purpose), paint)

    def preview(self) -> BackgroundJob[bytes] | None:
        """Make the PDF off the GUI thread, then show it in the print preview."""
        return self._in_background(self._pdf_maker("previewed"), self._show_preview)

    def _show_preview(self, data: bytes) -> None:
        printer = a4_printer()
        dialog = QPrintPreviewDialog(printer, self)
        dialog.setWindowTitle(f"Print preview: case {self.reference}")
        fit_to_screen(dialog, 900, 700)
        self.preview_dialog = dialog
        failed: list[str] = []

        def paint(target: QPrinter) -> None:
            # A Qt slot: nothing may escape it, and only safe words reach the screen.
            try:
                paint_pdf(data, target)
            except CasebookError as exc:
                failed.append(str(exc))
            except Exception as exc:
                log.error("unexpected %s while painting the preview", type(exc).__name__)
                failed.append(NOT_A_PDF)

        dialog.paintRequested.connect(paint)
        self._warn_before_printing_from(dialog, printer)
        tidy_preview_toolbar(dialog)

        def closed(result: int) -> None:
            # The dialog is accepted only when the DSL prints from it.
            self.preview_dialog = None
            dialog.deleteLater()
            if result == QDialog.DialogCode.Accepted and not failed:
                child, purpose = self.child_id, output_purpose(printer)
                checked = self.redaction_log
                # The preview's extract was made with the redactions the DSL checked.
                redactions = (
                    printing.redaction_detail(child, checked) if checked is not None else ""
                )
                run_safely(
                    lambda: printing.log_output(
                        self.ws,
                        self.reference,
                        child_id=child,
                        purpose=purpose,
                        redactions=redactions,
                    ),
                    self.message,
                )
                self.message.show_good("Sent to the printer from the preview." + _kept(purpose))
            elif failed:
                self.message.show_error(failed[0])

        dialog.finished.connect(closed)
        dialog.open()  # window-modal, without a nested event loop

    def _warn_before_printing_from(self, preview: QPrintPreviewDialog, printer: QPrinter) -> None:
        """Qt's preview prints as soon as its print dialog closes; this puts the warning
        for a printer that writes a file in between, as Print… has it."""
        action = next((a for a in preview.findChildren(QAction) if a.text() == "Print"), None)
        if action is None:
            return  # a Qt whose preview differs: printing from it is still logged rightly
        action.triggered.disconnect()

        def print_from_preview() -> None:
            if not self.choose_printer(printer, preview):
                return
            if output_purpose(printer) == "exported" and not self.confirm_unencrypted(
                printer_name(printer)
            ):
                return  # back to the preview; nothing printed or logged
            preview.paintRequested.emit(printer)  # what Qt's own print does
            preview.accept()

        action.triggered.connect(print_from_preview)

    # -- saving -------------------------------------------------------------
    def save_pdf(self) -> None:
        if not self.confirm_unencrypted():
            return
        path = self.ask_save_path()
        if path is not None:
            self.save_to(path)

    def confirm_unencrypted(self, printer: str = "") -> bool:
        """The warning, shown before any file is chosen, or before printing to a printer
        that writes a file (named by `printer`); True only if the DSL goes on."""
        return confirm_unencrypted(self, printer)

    def ask_save_path(self) -> Path | None:
        return ask_pdf_path(
            self, "Save the record as a PDF (not encrypted)", self.default_file_name()
        )

    def save_to(self, path: Path) -> BackgroundJob[Path] | None:
        """Render, log and write the PDF to `path`, off the GUI thread; the dialog then
        says where it was saved, or why it could not be."""
        make = self._pdf_maker("exported")

        def save() -> Path:
            return write_pdf(path, make)

        def saved(where: Path) -> None:
            self.message.show_good(
                f"Saved to {where}. It is not encrypted: delete it when you no longer need it."
            )

        return self._in_background(save, saved, "Saving the record…")

    # -- an encrypted copy for an agency ----------------------------------------
    def encrypted_chosen(self) -> None:
        """Save encrypted PDF…: refused at once in a read-only session (the copy is
        noted in the case's chronology), before anything is asked."""
        problem = self.ws.read_only
        if problem is not None and not self.ws.resume_writing():
            self.message.show_error(str(self.ws.read_only or problem))
            return
        self.checked_then(self.save_encrypted, "Save encrypted PDF…")

    def save_encrypted(self) -> None:
        """Who the copy is for, then where to save it; then it is made and saved."""
        dialog = RecipientDialog(self)
        self.recipient_dialog = dialog

        def closed(result: int) -> None:
            self.recipient_dialog = None
            dialog.deleteLater()
            if result != QDialog.DialogCode.Accepted:
                return
            path = self.ask_encrypted_path()
            if path is not None:
                self.save_encrypted_to(path, dialog.recipient)

        dialog.finished.connect(closed)
        dialog.open()

    def ask_encrypted_path(self) -> Path | None:
        name = self.default_file_name().removesuffix(".pdf") + "-encrypted.pdf"
        return ask_pdf_path(self, "Save an encrypted copy of the record", name, encrypted=True)

    def save_encrypted_to(self, path: Path, recipient: str) -> BackgroundJob[Path] | None:
        """Make, encrypt, log and write the copy off the GUI thread, then show its
        passphrase once."""
        ws, reference, child = self.ws, self.reference, self.child_id
        history = self.history.isChecked()
        words = self.redact_words if child is not None else ()
        keep = self.keep_words if child is not None else ()
        made: list[str] = []

        def make() -> bytes:
            copy = printing.encrypted_case_pdf(
                ws,
                reference,
                recipient=recipient,
                child_id=child,
                include_history=history,
                redact=words,
                keep=keep,
            )
            made.append(copy.passphrase)
            return copy.data

        def save() -> Path:
            return write_pdf(path, make)

        def saved(where: Path) -> None:
            passphrase = made.pop() if made else ""
            self.message.show_good(
                f"Saved an encrypted copy to {where}. Give its passphrase by phone."
            )
            self.show_passphrase(passphrase, recipient, str(where))

        return self._in_background(save, saved, "Saving an encrypted copy…")

    def show_passphrase(self, passphrase: str, recipient: str, where: str) -> PassphraseDialog:
        dialog = PassphraseDialog(passphrase, recipient, where, self)
        self.passphrase_dialog = dialog

        def closed(_result: int) -> None:
            self.passphrase_dialog = None
            dialog.deleteLater()

        dialog.finished.connect(closed)
        dialog.open()
        return dialog

    def reject(self) -> None:
        if self.working:
            return  # the record is being made: closing now would lose what it says
        super().reject()


def choose_printer(printer: QPrinter, parent: QWidget, title: str) -> bool:
    """The system's print dialog for `printer`; True if the DSL pressed Print."""
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(title)
    # Saving goes through Save as PDF…, with its warning: not a print-to-file box.
    dialog.setOption(QPrintDialog.PrintDialogOption.PrintToFile, False)
    return dialog.exec() == QDialog.DialogCode.Accepted


def confirm_unencrypted(
    parent: QWidget, printer: str = "", warning: str = UNENCRYPTED_WARNING
) -> bool:
    """The warning that a PDF is not encrypted, before any file is chosen, or before
    printing to a printer that writes a file (named by `printer`); True only if the DSL
    goes on."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("A saved PDF is not encrypted")
    box.setTextFormat(Qt.TextFormat.PlainText)
    lead = PRINTER_WRITES_A_FILE.format(printer=f"\u201c{printer}\u201d") if printer else ""
    box.setText(lead + warning)
    go_on = box.addButton(
        "Print to a file anyway" if printer else "Save an unencrypted PDF",
        QMessageBox.ButtonRole.AcceptRole,
    )
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.exec()
    return box.clickedButton() is go_on


def write_pdf(path: Path, make: Callable[[], bytes]) -> Path:
    """Make the PDF (which logs it) and write it to `path`, owner-only and whole; run off
    the GUI thread. The folder is checked first, so a save that cannot happen is not
    logged as done."""
    if not path.parent.is_dir() or not os.access(path.parent, os.W_OK):
        raise CasebookError(
            f"Could not save {path}: check the folder exists and you may save there."
        )
    data = make()
    try:
        atomic_write(path, data)
    except OSError as exc:
        raise CasebookError(
            f"Could not save {path}: check the folder exists and you may save there."
        ) from exc
    return path


def _kept(purpose: printing.Purpose) -> str:
    """What to add when the printer wrote a file rather than paper."""
    if purpose != "exported":
        return ""
    return " It saved a file that is not encrypted: delete it when you no longer need it."
