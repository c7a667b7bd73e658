"""Send to a new school, Record a transfer receipt, Import a transferred file, as used."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.services import audit, dashboard, transfer
from app.services import settings as settings_service
from app.services.workspace import Workspace, unlock
from app.transfer import pack
from app.ui.dashboard.today import TodayPanel
from app.ui.qt import QComboBox, QLabel, QLineEdit, QPlainTextEdit
from app.ui.transfer import ImportDialog, ReceiptDialog, SendDialog, TransferredFilesDialog
from app.ui.transfer.import_dialog import NEW_PERSON
from tests.conftest import DSL, PASSWORD, copy_database
from tests.helpers.ui import assert_accessible, button_named, field, find
from tests.test_reports import PICTURED, MadeCase, make_case

NEW_SCHOOL = "Oakfield Academy"


@pytest.fixture
def made(ws: Workspace) -> MadeCase:
    return make_case(ws)


@pytest.fixture
def receiver(tmp_path: Path, dsl_template: tuple[Path, str]) -> Iterator[Workspace]:
    path = tmp_path / "new-school" / "casebook.db"
    copy_database(dsl_template[0], path)
    other = unlock(path, DSL, PASSWORD)
    with other.write() as s:
        settings_service.write(s, "school_name", NEW_SCHOOL)
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


def test_importing_shows_the_receipt_code_and_keeps_the_file_read_only(
    qtbot: QtBot, ws: Workspace, made: MadeCase, receiver: Workspace, tmp_path: Path
) -> None:
    out = tmp_path / "out" / "pack.age"
    phrase = _send(qtbot, ws, made, out)
    code = pack.open_pack(out.read_bytes(), phrase).receipt_code

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
