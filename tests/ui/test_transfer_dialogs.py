"""Send to a new school, Record a transfer receipt, Import a transferred file, as used.

Sending is done in the dialog; importing and the received file use the pack
made once per run (`sent_file`, tests/helpers/transfer.py), copied for each test.
"""

from __future__ import annotations

from collections.abc import Iterator
from copy import deepcopy
from datetime import date, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.dates import format_date
from app.services import audit, dashboard, transfer
from app.services.workspace import Workspace
from app.transfer import pack
from app.ui import print_dialog, save_pdf
from app.ui.casefile import CaseFileWindow
from app.ui.dashboard.today import TodayPanel
from app.ui.qt import QComboBox, QLabel, QLineEdit, QPlainTextEdit
from app.ui.transfer import ImportDialog, ReceiptDialog, SendDialog, TransferredFilesDialog
from app.ui.transfer.import_dialog import NEW_PERSON
from tests.helpers.transfer import NEW_SCHOOL, SentFile, copy_of_pack, open_new_school
from tests.helpers.ui import assert_accessible, button_named, field, find, record_shown
from tests.test_reports import PICTURED, MadeCase, make_case


@pytest.fixture
def made(ws: Workspace) -> MadeCase:
    return make_case(ws)


@pytest.fixture
def receiver(tmp_path: Path, dsl_template: tuple[Path, str]) -> Iterator[Workspace]:
    other = open_new_school(tmp_path / "new-school" / "casebook.db", dsl_template[0])
    yield other
    other.close()


def _wait(qtbot: QtBot, dialog: SendDialog | ReceiptDialog | ImportDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.job.running, timeout=120_000)


def _send(qtbot: QtBot, ws: Workspace, made: MadeCase, out: Path) -> str:
    dialog = SendDialog(ws, made.reference)
    qtbot.addWidget(dialog)
    dialog.show()
    assert_accessible(dialog)
    child = field(dialog, "Young person", QComboBox)
    child.setCurrentIndex(child.findText(PICTURED))
    field(dialog, "New school", QLineEdit).setText(NEW_SCHOOL)
    field(dialog, "Save the pack as", QLineEdit).setText(str(out))
    button_named(dialog, "Make the pack").click()
    _wait(qtbot, dialog)
    phrase = find(dialog, QLabel, "Passphrase").text()
    assert len(phrase.split("-")) == 5
    assert out.exists()
    assert not button_named(dialog, "Make the pack", visible=False).isVisible()
    return phrase


def sent_line(window: CaseFileWindow) -> str:
    label = find(window, QLabel, "File sent to another school", visible=False)
    return label.text() if label.isVisible() else ""


def test_the_header_says_nothing_of_a_transfer_when_none_was_made(
    qtbot: QtBot, ws: Workspace, made: MadeCase
) -> None:
    window = CaseFileWindow(ws, made.case_id)
    qtbot.addWidget(window)
    window.show()
    record_shown(qtbot, window)
    assert sent_line(window) == ""


def test_sending_shows_the_passphrase_once_and_today_awaits_the_receipt(
    qtbot: QtBot, ws: Workspace, made: MadeCase, tmp_path: Path
) -> None:
    out = tmp_path / "out" / "pack.age"
    phrase = _send(qtbot, ws, made, out)
    items = [i for i in dashboard.today_items(ws) if i.kind == "transfer"]
    assert len(items) == 1 and NEW_SCHOOL in items[0].text
    panel = TodayPanel()
    qtbot.addWidget(panel)
    panel.show_items(dashboard.today_items(ws), date.today())
    model = panel.today_model
    row = [model.item(r).kind for r in range(model.rowCount())].index("transfer")
    assert model.index(row, 2).data() == "Receipt awaited"
    assert "Receipts awaited: 1." in panel.today_summary.text()
    late = items[0].due_on + timedelta(days=1)
    panel.show_items(dashboard.today_items(ws, today=late), late)
    row = [model.item(r).kind for r in range(model.rowCount())].index("transfer")
    assert model.index(row, 0).data().startswith("Overdue: ")
    assert "Receipts awaited: 1, 1 overdue." in panel.today_summary.text()
    code = pack.open_pack(out.read_bytes(), phrase).receipt_code
    # The case file's header says the file was sent, and that its receipt is awaited.
    today = format_date(date.today())
    window = CaseFileWindow(ws, made.case_id)
    qtbot.addWidget(window)
    window.show()
    record_shown(qtbot, window)
    awaited = f"{PICTURED}: File sent to {NEW_SCHOOL} on {today}; receipt awaited."
    assert sent_line(window) == awaited
    late_window = CaseFileWindow(ws, made.case_id, today=late)
    qtbot.addWidget(late_window)
    late_window.show()
    record_shown(qtbot, late_window)
    due = format_date(items[0].due_on)
    assert sent_line(late_window) == (
        f"{PICTURED}: File sent to {NEW_SCHOOL} on {today}; receipt overdue: it was due by {due}."
    )
    # The child is marked as transferred where the next file would be sent from.
    again = SendDialog(ws, made.reference)
    qtbot.addWidget(again)
    names = [again.child_box.itemText(i) for i in range(again.child_box.count())]
    assert f"{PICTURED} (file sent to {NEW_SCHOOL} on " in " ".join(names)

    dialog = ReceiptDialog(ws)
    qtbot.addWidget(dialog)
    dialog.show()
    assert_accessible(dialog)
    assert PICTURED in field(dialog, "Transfer", QComboBox).currentText()
    field(dialog, "Receipt code", QLineEdit).setText("2222-2222-2222")
    button_named(dialog, "Record receipt").click()
    _wait(qtbot, dialog)
    assert dialog.message.text() == str(transfer.WrongReceiptCode())
    assert transfer.awaiting_receipt(ws)
    field(dialog, "Receipt code", QLineEdit).setText(code.lower())
    button_named(dialog, "Record receipt").click()
    _wait(qtbot, dialog)
    assert dialog.message.text().startswith(f"Receipt recorded: {NEW_SCHOOL} has the file")
    assert transfer.awaiting_receipt(ws) == []
    window.load()
    assert sent_line(window) == (
        f"{PICTURED}: File sent to {NEW_SCHOOL} on {today}; receipt confirmed on {today}."
    )


def test_importing_shows_the_receipt_code_and_keeps_the_file_read_only(
    qtbot: QtBot, sent_file: SentFile, receiver: Workspace, tmp_path: Path
) -> None:
    sent = copy_of_pack(sent_file, tmp_path / "out" / "pack.age")
    out, phrase, code = sent.path, sent.passphrase, sent.receipt_code

    dialog = ImportDialog(receiver)
    qtbot.addWidget(dialog)
    dialog.show()
    assert_accessible(dialog)
    field(dialog, "Transfer pack", QLineEdit).setText(str(out))
    field(dialog, "Passphrase", QLineEdit).setText("not-the-right-words-at-all")
    button_named(dialog, "Open the pack").click()
    _wait(qtbot, dialog)
    assert dialog.message.text() == str(pack.WrongPassphrase())
    assert not button_named(dialog, "Import").isEnabled()

    field(dialog, "Passphrase", QLineEdit).setText(phrase.upper().replace("-", " "))
    button_named(dialog, "Open the pack").click()
    _wait(qtbot, dialog)
    assert find(dialog, QLabel, "Receipt code").text() == code
    assert "St Aidan's" in find(dialog, QLabel, "What the pack holds").text()
    assert field(dialog, "Keep it as", QComboBox).currentText() == NEW_PERSON
    button_named(dialog, "Import").click()
    _wait(qtbot, dialog)
    assert dialog.message.text().startswith("Imported, read-only")
    assert len(transfer.transferred_in(receiver)) == 1

    files = TransferredFilesDialog(receiver)
    qtbot.addWidget(files)
    files.show()
    text = find(files, QPlainTextEdit, "The transferred file").toPlainText()
    assert text.startswith("TRANSFERRED IN from St Aidan's, read-only")
    assert "St Aidan's · " in text  # each chronology line names the school it came from
    assert find(files, QPlainTextEdit, "The transferred file").isReadOnly()
    with receiver.read() as s:
        assert any(
            a.action == audit.Action.VIEWED and a.target == "transfer-in #1"
            for a in audit.entries_for(s)
        )

    # The same pack again: refused, nothing added.
    again = ImportDialog(receiver)
    qtbot.addWidget(again)
    again.show()
    field(again, "Transfer pack", QLineEdit).setText(str(out))
    field(again, "Passphrase", QLineEdit).setText(phrase)
    button_named(again, "Open the pack").click()
    _wait(qtbot, again)
    assert again.message.text().startswith("This pack was already imported on ")
    assert len(transfer.transferred_in(receiver)) == 1


@pytest.fixture
def received(sent_file: SentFile, receiver: Workspace) -> bytes:
    """The shared pack imported at `receiver`; the sending school's extract."""
    opened = deepcopy(sent_file.opened)
    transfer.import_pack(receiver, opened)
    return opened.parts[pack.EXTRACT]


def _files(qtbot: QtBot, receiver: Workspace) -> TransferredFilesDialog:
    files = TransferredFilesDialog(receiver)
    qtbot.addWidget(files)
    files.show()
    return files


def _last(ws: Workspace) -> audit.AuditLine:
    with ws.read() as s:
        return audit.entries_for(s)[-1]


def test_a_received_file_is_saved_as_a_pdf_as_it_came_after_the_warning(
    qtbot: QtBot,
    receiver: Workspace,
    received: bytes,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    save_pdf.forget_folder()
    target = tmp_path / "for the new form tutor"
    target.mkdir()
    offered: list[str] = []

    def choose(dialog: object) -> str:
        offered.append(dialog.selectedFiles()[0])  # type: ignore[attr-defined]
        return str(target / "file")

    monkeypatch.setattr(save_pdf, "run_file_dialog", choose)
    files = _files(qtbot, receiver)
    # Declining the warning: no file asked for, nothing saved, nothing logged.
    monkeypatch.setattr(files, "confirm_unencrypted", lambda printer="": False)
    before = _last(receiver)
    assert files.save_pdf() is None
    assert offered == [] and list(target.iterdir()) == [] and _last(receiver) == before

    warned: list[str] = []
    monkeypatch.setattr(
        files, "confirm_unencrypted", lambda printer="": warned.append(printer) or True
    )
    button_named(files, "Save as PDF…").click()
    qtbot.waitUntil(lambda: not files.job.running, timeout=60_000)
    saved = target / "file.pdf"
    assert warned == [""]
    assert Path(offered[0]).name == "transferred-file-1.pdf"  # no name in the file's name
    assert files.message.text() == (
        f"Saved to {saved}. It is not encrypted: delete it when you no longer need it."
    )
    assert saved.read_bytes() == received  # the sending school's extract, as it came
    last = _last(receiver)
    assert (last.action, last.target, last.detail) == (
        audit.Action.EXPORTED,
        "transfer-in #1",
        "extract transferred in from St Aidan's",
    )


def test_a_received_file_is_printed_as_it_came_and_a_file_printer_is_warned_of(
    qtbot: QtBot, receiver: Workspace, received: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    painted: list[bytes] = []
    monkeypatch.setattr(print_dialog, "paint_pdf", lambda data, printer: painted.append(data) or 3)
    monkeypatch.setattr(print_dialog, "printer_name", lambda printer: "Office laser")
    files = _files(qtbot, receiver)
    monkeypatch.setattr(files, "choose_printer", lambda printer: True)
    button_named(files, "Print…").click()
    qtbot.waitUntil(lambda: not files.job.running, timeout=60_000)
    assert files.message.text() == "Sent 3 page(s) to the printer."
    assert painted == [received]
    last = _last(receiver)
    assert (last.action, last.target) == (audit.Action.PRINTED, "transfer-in #1")

    # A printer that writes a file: warned of; declined, nothing is printed or logged.
    monkeypatch.setattr(print_dialog, "printer_name", lambda printer: "Microsoft Print to PDF")
    warned: list[str] = []
    monkeypatch.setattr(
        files, "confirm_unencrypted", lambda printer="": warned.append(printer) or False
    )
    button_named(files, "Print…").click()
    assert warned == ["Microsoft Print to PDF"]
    assert files.message.text() == "Nothing was printed."
    assert _last(receiver) == last and len(painted) == 1
