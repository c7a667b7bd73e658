"""The print dialog shows all of its text, a saved PDF's whole path included, and the
print preview's Print button is always in view, named, never behind a ">>" overflow."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.services.workspace import Workspace
from app.ui.print_dialog import PrintRecordDialog
from app.ui.qt import QPoint, QPrintPreviewDialog, QToolBar, QToolButton, QWidget
from tests.test_reports import make_case


def fully_shown(widget: QWidget, window: QWidget) -> bool:
    """The widget's whole rectangle lies inside the window, at its height for its width."""
    top = widget.mapTo(window, QPoint(0, 0)).y()
    need = max(widget.heightForWidth(widget.width()), widget.height())
    return top >= 0 and top + need <= window.height()


def test_the_saved_message_and_its_whole_path_are_shown(
    qtbot: QtBot, ws: Workspace, tmp_path: Path
) -> None:
    made = make_case(ws)
    dialog = PrintRecordDialog(ws, made.reference)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    folder = tmp_path / "A folder with a rather long name for safeguarding exports" / "2026"
    folder.mkdir(parents=True)
    dialog.save_to(folder / dialog.default_file_name())
    qtbot.waitUntil(lambda: not dialog.working, timeout=20_000)
    message = dialog.message
    assert str(folder) in message.text()
    assert message.isVisible()
    assert message.height() >= message.heightForWidth(message.width())  # no line cut off
    assert fully_shown(message, dialog)
    assert dialog.close_button.isVisible()
    buttons_top = dialog.close_button.mapTo(dialog, QPoint(0, 0)).y()
    assert buttons_top + dialog.close_button.height() <= dialog.height()


def test_the_previews_print_button_comes_first_and_stays_in_view(
    qtbot: QtBot, ws: Workspace
) -> None:
    made = make_case(ws)
    dialog = PrintRecordDialog(ws, made.reference)
    qtbot.addWidget(dialog)
    dialog.preview()
    qtbot.waitUntil(lambda: dialog.preview_dialog is not None, timeout=20_000)
    preview = dialog.preview_dialog
    assert isinstance(preview, QPrintPreviewDialog)
    qtbot.waitExposed(preview)
    preview.resize(520, 600)  # narrower than Qt's whole toolbar
    qtbot.wait(50)
    toolbar = preview.findChildren(QToolBar)[0]
    actions = toolbar.actions()
    assert actions[0].text() == "Print"
    button = toolbar.widgetForAction(actions[0])
    assert isinstance(button, QToolButton)
    assert button.isVisible() and button.text() == "Print…"
    assert button.geometry().right() <= toolbar.width()
    # What an A4 portrait record has no use for is not offered.
    shown = {a.text() for a in actions if a.isVisible()}
    assert not shown & {"Portrait", "Landscape", "Page setup"}
    preview.reject()
