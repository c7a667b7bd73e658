"""The print dialog: printing onto a (PDF) printer, saving, and the audit trail.

No modal native dialog is opened: printing is tested by drawing onto a QPrinter
whose output is a PDF file, and saving by the method the Save button calls
after its warning and file dialog.
"""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

import pypdf
import pytest
from pytestqt.qtbot import QtBot

from app import printing
from app.services import audit, cases
from app.services.workspace import Workspace
from app.storage import save_folder
from app.ui import print_dialog, save_pdf
from app.ui.print_dialog import (
    UNENCRYPTED_WARNING,
    PrintRecordDialog,
    a4_printer,
    output_purpose,
    page_images,
    paint_pdf,
)
from app.ui.qt import QAction, QApplication, QFileDialog, QPrinter, QPrintPreviewDialog, Qt
from tests.helpers.held import held, loop_runs_while_held
from tests.helpers.windows import TextModeFiles
from tests.test_reports import PICTURED, RECEIVED, SHARED, MadeCase, make_case

TRICKY = "<b>Zoë</b> & O'Brien"


@pytest.fixture
def made(ws: Workspace) -> MadeCase:
    return make_case(ws, chronology_entries=6)


def make_dialog(qtbot: QtBot, ws: Workspace, reference: str) -> PrintRecordDialog:
    dialog = PrintRecordDialog(ws, reference)
    qtbot.addWidget(dialog)
    return dialog


def pdf_printer(path: Path) -> QPrinter:
    printer = a4_printer(QPrinter(QPrinter.PrinterMode.ScreenResolution))
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def settle(qtbot: QtBot, dialog: PrintRecordDialog) -> None:
    """Wait for the record made in the background to be printed, shown or saved."""
    qtbot.waitUntil(lambda: not dialog.working, timeout=20_000)


def entries(ws: Workspace, reference: str) -> list[tuple[str, str]]:
    with ws.read() as s:
        return [(a.action, a.detail) for a in audit.entries_for(s, reference)]


def test_choices_list_the_record_and_each_childs_extract_as_plain_text(
    qtbot: QtBot, ws: Workspace, made: MadeCase
) -> None:
    cases.amend(ws, made.case_id, "young_people", made.children[SHARED], "name", TRICKY, "Spelling")
    dialog = make_dialog(qtbot, ws, made.reference)
    items = [dialog.choice.itemText(i) for i in range(dialog.choice.count())]
    assert items[0] == "The whole case record"
    assert f"Extract for the file of {PICTURED}" in items
    assert f"Extract for the file of {TRICKY}" in items
    assert dialog.child_id is None
    dialog.select_child(made.children[RECEIVED])
    assert dialog.child_id == made.children[RECEIVED]
    assert (
        dialog.default_file_name() == f"case-{made.reference}-extract-{made.children[RECEIVED]}.pdf"
    )
    assert dialog.choice.accessibleName() == "What to print"
    assert dialog.history.accessibleName() == "Include the amendment history"


def test_print_draws_every_page_on_the_printer_and_is_audited(
    qtbot: QtBot, ws: Workspace, made: MadeCase, tmp_path: Path
) -> None:
    dialog = make_dialog(qtbot, ws, made.reference)
    expected = len(page_images(printing.case_pdf(ws, made.reference, purpose="previewed"), 10))
    before = entries(ws, made.reference)

    out = tmp_path / "printed.pdf"
    assert dialog.print_to(pdf_printer(out)) is not None
    settle(qtbot, dialog)
    pages = dialog.printed_pages

    assert pages == expected
    assert len(pypdf.PdfReader(io.BytesIO(out.read_bytes())).pages) == expected
    # Printing to a file makes an unencrypted copy: it is logged as an export.
    assert entries(ws, made.reference)[len(before) :] == [(audit.Action.EXPORTED, "case record")]
    assert output_purpose(a4_printer()) == "printed"
    assert not dialog.message.isHidden()
    assert "Sent" in dialog.message.text()


def test_a_chosen_page_range_prints_only_those_pages(
    ws: Workspace, made: MadeCase, tmp_path: Path
) -> None:
    data = printing.case_pdf(ws, made.reference, purpose="printed")
    printer = pdf_printer(tmp_path / "range.pdf")
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 3)
    assert paint_pdf(data, printer) == 2
    assert len(pypdf.PdfReader(tmp_path / "range.pdf").pages) == 2


def test_save_as_pdf_writes_an_owner_only_file_and_an_audit_entry(
    qtbot: QtBot, ws: Workspace, made: MadeCase, tmp_path: Path
) -> None:
    dialog = make_dialog(qtbot, ws, made.reference)
    dialog.select_child(made.children[SHARED])
    dialog.history.setChecked(True)
    before = entries(ws, made.reference)
    out = tmp_path / "extract.pdf"

    assert dialog.save_to(out) is not None
    settle(qtbot, dialog)

    data = out.read_bytes()
    assert data.startswith(b"%PDF-")
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)
    assert f"For the file of {SHARED}" in text
    assert "Amendment history" in text
    assert PICTURED not in text
    if os.name == "posix":
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
    detail = f"extract for young person #{made.children[SHARED]}"
    # The entry also says, in counts, what the extract's redaction did (issue 16).
    [(action, said)] = entries(ws, made.reference)[len(before) :]
    assert action == audit.Action.EXPORTED and said.startswith(f"{detail}; redacted: ")
    assert "not encrypted" in dialog.message.text()


def test_save_as_pdf_warns_first_and_saves_nothing_unless_confirmed(
    qtbot: QtBot,
    ws: Workspace,
    made: MadeCase,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert "not encrypted" in UNENCRYPTED_WARNING
    dialog = make_dialog(qtbot, ws, made.reference)
    asked: list[str] = []
    out = tmp_path / "record.pdf"
    monkeypatch.setattr(dialog, "confirm_unencrypted", lambda: asked.append("warning") or False)
    monkeypatch.setattr(dialog, "ask_save_path", lambda: asked.append("path") or out)
    before = entries(ws, made.reference)

    dialog.save_button.click()
    assert asked == ["warning"]  # refused: no file dialog, no file, no audit entry
    assert not out.exists()
    assert entries(ws, made.reference) == before

    monkeypatch.setattr(dialog, "confirm_unencrypted", lambda: asked.append("warning") or True)
    dialog.save_button.click()
    settle(qtbot, dialog)
    assert asked == ["warning", "warning", "path"]
    assert out.read_bytes().startswith(b"%PDF-")
    assert entries(ws, made.reference)[len(before) :] == [(audit.Action.EXPORTED, "case record")]


def test_a_failed_save_says_so_on_the_dialog(
    qtbot: QtBot, ws: Workspace, made: MadeCase, tmp_path: Path
) -> None:
    dialog = make_dialog(qtbot, ws, made.reference)
    target = tmp_path / "no-such-folder" / "record.pdf"
    dialog.save_to(target)
    settle(qtbot, dialog)
    assert "Could not save" in dialog.message.text()
    assert not target.exists()


def test_preview_is_logged_as_a_view_and_printing_from_it_as_a_print(
    qtbot: QtBot, ws: Workspace, made: MadeCase, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = make_dialog(qtbot, ws, made.reference)
    painted: list[int] = []
    real_paint = print_dialog.paint_pdf

    def paint(data: bytes, printer: QPrinter) -> int:
        painted.append(real_paint(data, printer))
        return painted[-1]

    monkeypatch.setattr(print_dialog, "paint_pdf", paint)
    before = entries(ws, made.reference)

    def close_preview(accept: bool) -> None:
        # The preview opens once the record has been made in the background.
        qtbot.waitUntil(lambda: dialog.preview_dialog is not None, timeout=20_000)
        preview = dialog.preview_dialog
        assert isinstance(preview, QPrintPreviewDialog)
        qtbot.waitUntil(lambda: bool(painted), timeout=20_000)
        preview.accept() if accept else preview.reject()
        assert dialog.preview_dialog is None

    dialog.preview()
    close_preview(False)
    assert painted and painted[0] > 1  # the preview drew the pages
    assert entries(ws, made.reference)[len(before) :] == [
        (audit.Action.VIEWED, "print preview of case record")
    ]

    painted.clear()
    dialog.preview()
    close_preview(True)  # as after its Print button
    assert entries(ws, made.reference)[len(before) :][-2:] == [
        (audit.Action.VIEWED, "print preview of case record"),
        (audit.Action.PRINTED, "case record"),
    ]
    assert "Sent to the printer" in dialog.message.text()


# -- the window never freezes ---------------------------------------------------------


@pytest.mark.parametrize("how", ["print", "preview", "save"])
def test_the_record_is_made_off_the_gui_thread_with_the_buttons_disabled(
    qtbot: QtBot,
    ws: Workspace,
    made: MadeCase,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    how: str,
) -> None:
    dialog = make_dialog(qtbot, ws, made.reference)
    out = tmp_path / "record.pdf"
    with held(monkeypatch, printing, "case_pdf") as gate:
        if how == "print":
            dialog.print_to(pdf_printer(out))
        elif how == "preview":
            dialog.preview()
        else:
            dialog.save_to(out)
        loop_runs_while_held(qtbot, gate)
        assert dialog.message.text().endswith("…") and not dialog.message.isHidden()
        for control in (
            dialog.print_button,
            dialog.preview_button,
            dialog.save_button,
            dialog.close_button,
            dialog.choice,
            dialog.history,
        ):
            assert not control.isEnabled()
        dialog.reject()  # Close or Escape waits for the record
        assert not out.exists()
        gate.release()
        settle(qtbot, dialog)
    assert dialog.print_button.isEnabled() and dialog.close_button.isEnabled()
    if how == "preview":
        preview = dialog.preview_dialog
        assert isinstance(preview, QPrintPreviewDialog)
        preview.reject()
        return
    assert out.read_bytes().startswith(b"%PDF-")
    expected = "Sent" if how == "print" else "Saved to"
    assert dialog.message.text().startswith(expected)


# -- printers that write a file (Microsoft Print to PDF, XPS, OneNote) ---------------


@pytest.mark.parametrize(
    ("name", "writes_a_file"),
    [
        ("Microsoft Print to PDF", True),
        ("Microsoft XPS Document Writer", True),
        ("OneNote for Windows 10", True),
        ("HP LaserJet M404 (Staff room)", False),
    ],
)
def test_a_printer_that_writes_a_file_is_warned_about_and_logged_as_an_export(
    qtbot: QtBot,
    ws: Workspace,
    made: MadeCase,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    writes_a_file: bool,
) -> None:
    dialog = make_dialog(qtbot, ws, made.reference)
    chosen: list[QPrinter] = []
    warned: list[str] = []
    painted: list[QPrinter] = []
    answer = [False]
    real_paint = print_dialog.paint_pdf

    def choose(printer: QPrinter, parent: object = None) -> bool:
        chosen.append(printer)  # the real printer the system dialog would have set up
        return True

    def paint(data: bytes, printer: QPrinter) -> int:
        # Linux has no such printer to draw on: the pages go to a PDF instead.
        painted.append(printer)
        return real_paint(data, pdf_printer(tmp_path / "paper.pdf"))

    # Windows names the printer; here the dialog is told the name through its seam.
    monkeypatch.setattr(print_dialog, "printer_name", lambda printer: name)
    monkeypatch.setattr(print_dialog, "paint_pdf", paint)
    monkeypatch.setattr(dialog, "choose_printer", choose)
    monkeypatch.setattr(
        dialog, "confirm_unencrypted", lambda printer="": warned.append(printer) or answer[0]
    )
    before = entries(ws, made.reference)

    dialog.print_button.click()
    settle(qtbot, dialog)
    if writes_a_file:
        # Warned first, with the printer named; cancelled: nothing printed or logged.
        assert warned == [name]
        assert painted == [] and not (tmp_path / "paper.pdf").exists()
        assert entries(ws, made.reference) == before
        assert dialog.message.text() == "Nothing was printed."
        answer[0] = True
        dialog.print_button.click()
        settle(qtbot, dialog)
        assert warned == [name, name]
    else:
        assert warned == []
    assert painted == [chosen[-1]] and chosen[-1].outputFileName() == ""
    assert (tmp_path / "paper.pdf").read_bytes().startswith(b"%PDF-")
    action = audit.Action.EXPORTED if writes_a_file else audit.Action.PRINTED
    assert entries(ws, made.reference)[len(before) :] == [(action, "case record")]
    assert dialog.message.text().startswith("Sent")
    assert ("not encrypted" in dialog.message.text()) is writes_a_file


def test_the_printer_warning_names_the_printer_as_plain_text(
    qtbot: QtBot, ws: Workspace, made: MadeCase
) -> None:
    from app.ui.qt import QMessageBox, QTimer

    dialog = make_dialog(qtbot, ws, made.reference)
    seen: list[tuple[str, str, Qt.TextFormat]] = []

    def answer() -> None:
        box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox))
        default = box.defaultButton()
        seen.append((box.text(), default.text() if default else "", box.textFormat()))
        box.reject()  # Escape: cancel

    QTimer.singleShot(0, answer)
    assert dialog.confirm_unencrypted("<b>Microsoft Print to PDF</b>") is False
    text, default, text_format = seen[0]
    assert text.startswith("The printer \u201c<b>Microsoft Print to PDF</b>\u201d does not print")
    assert text.endswith(UNENCRYPTED_WARNING)
    assert text_format == Qt.TextFormat.PlainText
    assert default == "Cancel"


# -- where a saved PDF goes -----------------------------------------------------------


@pytest.fixture
def documents(monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's Documents folder (the test's own home has one), and a fresh session."""
    save_pdf.forget_folder()
    folder = Path.home() / "Documents"
    folder.mkdir(parents=True, exist_ok=True)
    for variable in save_folder.ONEDRIVE_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    return folder


class FileDialogs:
    """Stands in for the DSL at each real QFileDialog: notes where it opened, answers."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, *answers: Path | None) -> None:
        self.answers = list(answers)
        self.opened_at: list[Path] = []
        self.titles: list[str] = []
        monkeypatch.setattr(save_pdf, "run_file_dialog", self.run)

    def run(self, dialog: QFileDialog) -> str:
        assert dialog.acceptMode() == QFileDialog.AcceptMode.AcceptSave
        self.opened_at.append(Path(dialog.selectedFiles()[0]))
        self.titles.append(dialog.windowTitle())
        answer = self.answers.pop(0)
        return "" if answer is None else str(answer)


def save_with_the_button(qtbot: QtBot, dialog: PrintRecordDialog) -> None:
    dialog.save_button.click()
    settle(qtbot, dialog)


def test_save_as_pdf_starts_in_documents_then_in_the_last_folder_used(
    qtbot: QtBot,
    ws: Workspace,
    made: MadeCase,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    documents: Path,
) -> None:
    dialog = make_dialog(qtbot, ws, made.reference)
    monkeypatch.setattr(dialog, "confirm_unencrypted", lambda printer="": True)
    elsewhere = tmp_path / "secure drive"
    elsewhere.mkdir()
    dialogs = FileDialogs(monkeypatch, elsewhere / "for the file", None)

    save_with_the_button(qtbot, dialog)
    # An absolute path in Documents, never a bare name resolved against the current folder.
    assert dialogs.opened_at == [documents / f"case-{made.reference}.pdf"]
    assert dialogs.titles == ["Save the record as a PDF (not encrypted)"]
    saved = elsewhere / "for the file.pdf"
    assert saved.read_bytes().startswith(b"%PDF-")
    assert str(saved) in dialog.message.text()

    dialog.select_child(made.children[SHARED])
    dialog.save_button.click()  # an extract: its redactions are checked first (issue 16)
    qtbot.waitUntil(lambda: dialog.redaction_dialog is not None)
    check = dialog.redaction_dialog
    assert check is not None
    qtbot.waitUntil(lambda: check.log is not None and not check.working, timeout=20_000)
    check.go_button.click()
    settle(qtbot, dialog)  # cancelled in the file dialog this time
    assert (
        dialogs.opened_at[1]
        == elsewhere / f"case-{made.reference}-extract-{made.children[SHARED]}.pdf"
    )
    assert sorted(p.name for p in elsewhere.iterdir()) == ["for the file.pdf"]


def test_a_folder_in_onedrive_is_warned_about_and_another_chosen_by_default(
    qtbot: QtBot,
    ws: Workspace,
    made: MadeCase,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    documents: Path,
) -> None:
    from app.ui.qt import QMessageBox, QTimer

    onedrive = tmp_path / "OneDrive - Northshire Academy Trust"
    (onedrive / "Safeguarding").mkdir(parents=True)
    monkeypatch.setenv("OneDriveCommercial", str(onedrive))
    synced = onedrive / "Safeguarding" / "record.pdf"
    local = documents / "record.pdf"
    dialog = make_dialog(qtbot, ws, made.reference)
    monkeypatch.setattr(dialog, "confirm_unencrypted", lambda printer="": True)
    dialogs = FileDialogs(monkeypatch, synced, local)
    warnings: list[tuple[str, str]] = []

    def press_enter() -> None:
        box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox))
        if not box.isVisible():
            QTimer.singleShot(10, press_enter)
            return
        default = box.defaultButton()
        warnings.append((box.text(), default.text() if default else ""))
        qtbot.keyClick(box, Qt.Key.Key_Return)  # the default button

    QTimer.singleShot(0, press_enter)
    save_with_the_button(qtbot, dialog)

    assert warnings == [(save_folder.synced_warning(synced), "Choose another folder")]
    assert len(dialogs.opened_at) == 2  # asked again, outside OneDrive
    assert not synced.exists()
    assert local.read_bytes().startswith(b"%PDF-")
    assert str(local) in dialog.message.text()


def test_saving_in_onedrive_anyway_saves_there(
    qtbot: QtBot,
    ws: Workspace,
    made: MadeCase,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    documents: Path,
) -> None:
    onedrive = tmp_path / "OneDrive"
    onedrive.mkdir()
    monkeypatch.setenv("OneDrive", str(onedrive))
    dialog = make_dialog(qtbot, ws, made.reference)
    monkeypatch.setattr(dialog, "confirm_unencrypted", lambda printer="": True)
    asked: list[str] = []
    monkeypatch.setattr(save_pdf, "confirm_synced", lambda parent, text: asked.append(text) or True)
    dialogs = FileDialogs(monkeypatch, onedrive / "record.pdf")

    save_with_the_button(qtbot, dialog)
    assert asked == [save_folder.synced_warning(onedrive / "record.pdf")]
    assert len(dialogs.opened_at) == 1
    assert (onedrive / "record.pdf").read_bytes().startswith(b"%PDF-")


def test_when_documents_is_in_onedrive_the_dialog_starts_in_the_home_folder(
    qtbot: QtBot,
    ws: Workspace,
    made: MadeCase,
    monkeypatch: pytest.MonkeyPatch,
    documents: Path,
) -> None:
    # OneDrive's "folder backup" moves Documents into OneDrive on many school laptops.
    monkeypatch.setenv("OneDrive", str(documents))
    dialog = make_dialog(qtbot, ws, made.reference)
    monkeypatch.setattr(dialog, "confirm_unencrypted", lambda printer="": True)
    dialogs = FileDialogs(monkeypatch, None)
    save_with_the_button(qtbot, dialog)
    assert dialogs.opened_at == [Path.home() / f"case-{made.reference}.pdf"]


# -- Windows: the saved file is the PDF, byte for byte ---------------------------------


def test_a_saved_pdf_is_byte_identical_to_the_rendered_one_under_windows_text_mode(
    qtbot: QtBot,
    ws: Workspace,
    made: MadeCase,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rendered: list[bytes] = []
    real_case_pdf = printing.case_pdf

    def case_pdf(*args: object, **kwargs: object) -> bytes:
        rendered.append(real_case_pdf(*args, **kwargs))  # type: ignore[arg-type]
        return rendered[-1]

    monkeypatch.setattr(printing, "case_pdf", case_pdf)
    dialog = make_dialog(qtbot, ws, made.reference)
    files = TextModeFiles(monkeypatch)
    out = tmp_path / "record.pdf"
    dialog.save_to(out)
    settle(qtbot, dialog)

    assert b"\n" in rendered[0]  # so a text-mode file would differ
    assert out.read_bytes() == rendered[0]
    assert not [p for p in files.text_mode if p.name.endswith("record.pdf.tmp") or p == out]


def test_printing_from_the_preview_to_a_printer_that_writes_a_file_is_an_export(
    qtbot: QtBot,
    ws: Workspace,
    made: MadeCase,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog = make_dialog(qtbot, ws, made.reference)
    painted: list[int] = []
    real_paint = print_dialog.paint_pdf
    warned: list[str] = []
    answer = [False]

    def paint(data: bytes, printer: QPrinter) -> int:
        if answer[0]:  # the print itself: Linux has no such printer, so onto a PDF
            printer = pdf_printer(tmp_path / "paper.pdf")
        painted.append(real_paint(data, printer))
        return painted[-1]

    monkeypatch.setattr(print_dialog, "paint_pdf", paint)
    monkeypatch.setattr(print_dialog, "printer_name", lambda printer: "Microsoft Print to PDF")
    before = entries(ws, made.reference)

    monkeypatch.setattr(dialog, "choose_printer", lambda printer, parent=None: True)
    monkeypatch.setattr(
        dialog, "confirm_unencrypted", lambda printer="": warned.append(printer) or answer[0]
    )

    dialog.preview()
    qtbot.waitUntil(lambda: dialog.preview_dialog is not None, timeout=20_000)
    preview = dialog.preview_dialog
    assert isinstance(preview, QPrintPreviewDialog)
    qtbot.waitUntil(lambda: bool(painted), timeout=20_000)
    shown = len(painted)
    print_action = next(a for a in preview.findChildren(QAction) if a.text() == "Print")

    print_action.trigger()  # the preview's own Print button; the warning is cancelled
    assert warned == ["Microsoft Print to PDF"]
    assert preview.isVisible() and len(painted) == shown  # nothing printed
    assert entries(ws, made.reference)[len(before) :] == [
        (audit.Action.VIEWED, "print preview of case record")
    ]

    answer[0] = True
    print_action.trigger()
    assert dialog.preview_dialog is None and len(painted) == shown + 1
    assert (tmp_path / "paper.pdf").read_bytes().startswith(b"%PDF-")
    assert entries(ws, made.reference)[len(before) :][-1] == (audit.Action.EXPORTED, "case record")
    assert "not encrypted" in dialog.message.text()
