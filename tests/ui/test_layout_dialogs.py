"""The School menu's dialogs on a 1366x768 screen: what they say, and what they leave out."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.services.workspace import Workspace
from app.ui.security.backups import BackupDialog
from tests.ui.test_security_backups import back_up_now, dsl, shown  # noqa: F401


def test_written_and_checked_is_not_left_under_a_folder_with_no_backups(
    qtbot: QtBot,
    dsl: Workspace,  # noqa: F811
    tmp_path: Path,
) -> None:
    usb, other = tmp_path / "usb-stick", tmp_path / "another-stick"
    other.mkdir()
    d = BackupDialog(dsl)
    shown(qtbot, d)
    qtbot.keyClicks(d.folder, str(usb))
    back_up_now(qtbot, d)
    assert d.message.text() == "The backup was written and checked."
    d.folder.clear()
    qtbot.keyClicks(d.folder, str(other))
    d.folder.editingFinished.emit()
    assert d.status.text() == "There are no backups in this folder yet. Use Back up now."
    assert not d.message.isVisible()  # it was about the other folder
