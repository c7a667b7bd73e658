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

from app.services import audit, cases, printing
from app.services.workspace import Workspace
from app.ui import print_dialog
from app.ui.print_dialog import (
    UNENCRYPTED_WARNING,
    PrintRecordDialog,
    a4_printer,
    output_purpose,
    page_images,
    paint_pdf,
)
from app.ui.qt import QPrinter, QPrintPreviewDialog
from tests.test_reports import PICTURED, RECEIVED, SHARED, MadeCase, make_case
from tests.ui.held import held, loop_runs_while_held

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
    assert entries(ws, made.reference)[len(before) :] == [(audit.Action.EXPORTED, detail)]
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
