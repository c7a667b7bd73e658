"""School > Retention… lists files received from another school beside closed cases;
the DSL reads one, then destroys it with a reason and its reference typed in full."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.dates import format_date
from app.models import CaseStatus, YoungPerson
from app.services import audit, cases, retention, transfer
from app.services.workspace import Workspace
from app.transfer import pack
from app.ui.admin import RetentionDialog
from app.ui.admin.retention import DestroyDialog
from app.ui.main.school_dialogs import RETENTION_READ
from app.ui.main_window import MainWindow
from app.ui.qt import QLabel, Qt
from app.ui.transfer import TransferredFilesDialog
from tests.helpers.received import SENDING_SCHOOL, packs_from
from tests.helpers.ui import open_dialog, read_in, shown_texts

CHILD = "Kit Longago"  # born 1990: the file is past retention since 2015
LIST = "Records past their retention date"


@pytest.fixture(scope="module")
def sent(tmp_path_factory: pytest.TempPathFactory, dsl_template: tuple[Path, str]) -> pack.Opened:
    return packs_from(dsl_template[0], tmp_path_factory.mktemp("sent"), {CHILD: date(1990, 3, 1)})[
        CHILD
    ]


def _closed_old_case(ws: Workspace) -> str:
    case = cases.create_case(ws)
    with ws.write() as s:
        s.add(
            YoungPerson(
                case_id=case.id,
                name="Old Pupil",
                date_of_birth=date(1991, 6, 1),
                roles=["pictured"],
            )
        )
    cases.open_case(ws, case.id)
    cases.change_status(ws, case.id, CaseStatus.CLOSED, "Left", closing_summary="Resolved")
    return case.reference


def test_the_dsl_reads_then_destroys_a_received_file_from_the_retention_screen(
    qtbot: QtBot, ws: Workspace, sent: pack.Opened
) -> None:
    case_reference = _closed_old_case(ws)
    received = transfer.import_pack(ws, sent).id
    (kept,) = transfer.transferred_in(ws)
    reference = transfer.received_reference(sent.pack_sha256)
    main = MainWindow(ws)
    qtbot.addWidget(main)

    main.retention_action.trigger()
    dialog = open_dialog(main)
    assert isinstance(dialog, RetentionDialog)
    read_in(qtbot, dialog)
    assert shown_texts(dialog, LIST) == [
        (case_reference, "Closed case", "Passed on 01/06/2016", ""),
        (
            reference,
            "Received file",
            "Passed on 01/03/2015",
            f"File received from {SENDING_SCHOOL} on {format_date(kept.imported_at)} ({CHILD})",
        ),
    ]

    # Open: the received file, to read before deciding.
    dialog.view.selectRow(1)
    dialog.open_button.click()
    assert not dialog.isVisible()
    files = open_dialog(main)
    assert isinstance(files, TransferredFilesDialog)
    assert files.list.currentRow() == [k.id for k in files.kept].index(received)
    assert CHILD in files.text.toPlainText()
    assert main.message.text() == RETENTION_READ.format(reference=reference)
    files.reject()

    main.retention_action.trigger()
    dialog = open_dialog(main)
    assert isinstance(dialog, RetentionDialog)
    read_in(qtbot, dialog)
    dialog.view.selectRow(1)
    dialog.destroy_button.click()
    destroy = open_dialog(dialog)
    assert isinstance(destroy, DestroyDialog)
    assert destroy.windowTitle() == f"Destroy received file {reference}"
    assert f"Type {reference}." in [label.text() for label in destroy.findChildren(QLabel)]
    qtbot.keyClicks(destroy.reason, "Past retention; reviewed with the head")
    qtbot.keyClicks(destroy.confirm, case_reference)  # the other line's: not this one
    qtbot.mouseClick(destroy.save_button, Qt.MouseButton.LeftButton)
    assert f"Type the reference {reference} to confirm." in destroy.message.text()
    assert [k.id for k in transfer.transferred_in(ws)] == [received]

    destroy.confirm.clear()
    qtbot.keyClicks(destroy.confirm, reference.lower())  # small letters count too
    with qtbot.waitSignal(dialog.changed):
        qtbot.mouseClick(destroy.save_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == (
        f"Received file {reference}: destroyed. The decision is recorded."
    )
    read_in(qtbot, dialog)
    assert shown_texts(dialog, LIST) == [
        (case_reference, "Closed case", "Passed on 01/06/2016", "")
    ]
    assert transfer.transferred_in(ws) == []
    assert [line.reference for line in retention.due_for_review(ws)] == [case_reference]
    with ws.read() as s:
        assert [e.detail for e in audit.entries_for(s, reference)] == ["retention: destroyed"]
