"""The School menu's dialogs on a 1366x768 screen: what they say, and what they leave out."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from app.services import figures
from app.services.workspace import Workspace
from app.ui import save_pdf
from app.ui.admin import RetentionDialog, SettingsDialog
from app.ui.admin.figures import chart_items
from app.ui.qt import QApplication, QMessageBox, QScrollArea, Qt, QWidget
from app.ui.security.backups import BackupDialog
from app.ui.widgets import apply_look, strip_mnemonic
from tests.helpers.ui import label_named, read_in
from tests.ui.test_admin import _export, _figures_from_the_main_window
from tests.ui.test_dashboard import demo_template, demo_ws  # noqa: F401
from tests.ui.test_security_backups import back_up_now, dsl, shown  # noqa: F401


def test_written_and_checked_is_not_left_under_a_folder_with_no_backups(
    qtbot: QtBot,
    dsl: Workspace,  # noqa: F811
    tmp_path: Path,
) -> None:
    usb, other = tmp_path / "usb-stick", tmp_path / "another-stick"
    usb.mkdir()
    other.mkdir()
    d = BackupDialog(dsl)
    shown(qtbot, d)
    qtbot.keyClicks(d.folder, str(usb))
    back_up_now(qtbot, d)
    assert d.message.text().startswith("The backup was written into this folder and checked.")
    d.folder.clear()
    qtbot.keyClicks(d.folder, str(other))
    d.folder.editingFinished.emit()
    assert d.status.text().startswith("There are no backups in this folder yet. Use Back up now.")
    assert not d.message.isVisible()  # it was about the other folder


# -- the sizes at 1366x768 (the screen less a taskbar: 1366x728) -------------------------


def _body_need_and_room(dialog: QWidget) -> tuple[int, int]:
    [area] = [a for a in dialog.findChildren(QScrollArea) if a.widget() is not None]
    body = area.widget()
    assert body is not None
    return body.sizeHint().height(), area.viewport().height()


def _on_1366x768(qtbot: QtBot, dialog: QWidget, width: int) -> None:
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.resize(width, 688)  # what fit_to_screen gives on 1366x768 less a taskbar
    qtbot.wait(50)


def test_backups_shows_restore_and_close_without_scrolling(
    qtbot: QtBot,
    dsl: Workspace,  # noqa: F811
) -> None:
    d = BackupDialog(dsl)
    _on_1366x768(qtbot, d, 680)
    need, room = _body_need_and_room(d)
    assert need <= room  # nothing to scroll to: the list takes what room is left
    assert d.backups.height() >= 140


def test_settings_open_wide_in_three_columns_with_nothing_to_scroll(
    qtbot: QtBot,
    demo_ws: Workspace,  # noqa: F811
) -> None:
    apply_look(QApplication.instance())  # the app's own type size, as a DSL sees it
    d = SettingsDialog(demo_ws)
    _on_1366x768(qtbot, d, 1300)
    need, room = _body_need_and_room(d)
    assert need <= room, (need, room)  # nothing to scroll to (it was twice the room and more)
    columns = [d.inputs[k] for k in ("school_name", "mash_contact", "idle_lock_minutes")]
    lefts = [e.mapTo(d, e.rect().topLeft()).x() for e in columns]
    assert lefts == sorted(lefts) and len(set(lefts)) == 3  # side by side, in reading order


def test_retention_with_nothing_due_has_no_gaps(
    qtbot: QtBot,
    demo_ws: Workspace,  # noqa: F811
) -> None:
    d = RetentionDialog(demo_ws)
    qtbot.addWidget(d)
    d.resize(900, 560)
    d.show()
    read_in(qtbot, d)
    qtbot.wait(50)
    assert d.empty.isVisible() and not d.view.isVisible()
    title = label_named(d, "Records past their retention date")
    gap = (
        d.empty.mapTo(d, d.empty.rect().topLeft()).y()
        - title.mapTo(d, title.rect().bottomLeft()).y()
    )
    assert gap < 160, gap  # heading, intro and "nothing due" read as one block


# -- Esc in the settings ------------------------------------------------------------------


def _esc_asks(qtbot: QtBot, d: SettingsDialog) -> QMessageBox:
    qtbot.keyClick(d.inputs["school_name"], Qt.Key.Key_Escape)
    box = d.keep_box
    assert box is not None
    qtbot.waitUntil(box.isVisible, timeout=5_000)
    assert box.text() == "Keep your changes?"
    assert {strip_mnemonic(b.text()) for b in box.buttons()} == {"Save", "Discard", "Cancel"}
    return box


def _choose(qtbot: QtBot, box: QMessageBox, text: str) -> None:
    [chosen] = [b for b in box.buttons() if strip_mnemonic(b.text()) == text]
    qtbot.mouseClick(chosen, Qt.MouseButton.LeftButton)


def test_esc_in_settings_asks_before_throwing_changes_away(
    qtbot: QtBot,
    demo_ws: Workspace,  # noqa: F811
) -> None:
    before = demo_ws.settings()["school_name"]
    d = SettingsDialog(demo_ws)
    qtbot.addWidget(d)
    d.show()
    # Nothing changed: Esc closes at once.
    qtbot.keyClick(d.inputs["school_name"], Qt.Key.Key_Escape)
    assert not d.isVisible() and d.keep_box is None

    d = SettingsDialog(demo_ws)
    qtbot.addWidget(d)
    d.show()
    d.inputs["school_name"].setText("St Aidan's")
    _choose(qtbot, _esc_asks(qtbot, d), "Cancel")  # back to the settings, as typed
    assert d.isVisible() and d.inputs["school_name"].text() == "St Aidan's"
    _choose(qtbot, _esc_asks(qtbot, d), "Discard")
    assert not d.isVisible()
    assert demo_ws.settings()["school_name"] == before

    d = SettingsDialog(demo_ws)
    qtbot.addWidget(d)
    d.show()
    d.inputs["school_name"].setText("St Aidan's")
    _choose(qtbot, _esc_asks(qtbot, d), "Save")
    assert not d.isVisible()
    assert demo_ws.settings()["school_name"] == "St Aidan's"


def test_cancel_in_settings_throws_the_changes_away_as_it_says(
    qtbot: QtBot,
    demo_ws: Workspace,  # noqa: F811
) -> None:
    before = demo_ws.settings()["school_name"]
    d = SettingsDialog(demo_ws)
    qtbot.addWidget(d)
    d.show()
    d.inputs["school_name"].setText("St Aidan's")
    qtbot.mouseClick(d.cancel_button, Qt.MouseButton.LeftButton)
    assert not d.isVisible() and d.keep_box is None
    assert demo_ws.settings()["school_name"] == before


# -- the governors' figures ---------------------------------------------------------------


def test_the_figures_saved_message_is_on_the_dialog_in_front_and_the_pathways_in_its_order(
    qtbot: QtBot,
    demo_ws: Workspace,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    main, dialog, rendered = _figures_from_the_main_window(qtbot, demo_ws, monkeypatch)
    monkeypatch.setattr(save_pdf, "run_file_dialog", lambda _d: str(tmp_path / "figures.pdf"))
    year = dialog.year.currentText()
    _export(qtbot, main, dialog)
    said = f"Governors' figures for {year} saved to {tmp_path / 'figures.pdf'}."
    assert dialog.message.isVisible() and dialog.message.text() == said  # not only behind it
    assert main.message.text() == said
    # The printed pathways come in the order the dialog's chart shows them.
    text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(BytesIO(rendered[0])).pages
    )
    on_screen = [label for label, n in chart_items(figures.figures(demo_ws, year))["By pathway"]]
    printed = [label for label in on_screen if label in text]
    assert printed, "no pathway printed"
    assert sorted(printed, key=text.index) == printed
    dialog.reject()
