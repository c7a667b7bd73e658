"""Driving the incident wizard as a DSL would: typing, Space on options, the real buttons.

Also home to `wizard_typist.py`, the child process of the kill -9 test.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QInputMethodEvent
from pytestqt.qtbot import QtBot

from app.services import workspace
from app.services.workspace import Workspace
from app.ui.qt import QAbstractButton, QApplication, QLabel, Qt, QWidget
from app.ui.widgets import strip_mnemonic
from app.ui.wizard.editors import (
    CheckEditor,
    ChoiceEditor,
    Editor,
    GroupEditor,
    LineEditor,
    MultiEditor,
    TextEditor,
)
from app.ui.wizard.wizard import IncidentWizard
from tests.helpers.ui import PASSWORD, USERNAME

TRICKY = '<b>O\'Brien & Zoë</b> "quoted" שלום 😀'
MARKUP = "<i>not italic</i> &amp; <a href='x'>link</a> <script>alert(1)</script>"
RTL = "قالت إنها أرسلتها إلى صديقها فقط"
EMOJI = "She said 😢📱🔥 and left"


def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type as a user would. QTest only knows ASCII keys, so other characters (accents,
    Hebrew, Arabic, emoji) arrive as an input method commits them."""
    for run in re.findall(r"[\x20-\x7e]+|[^\x20-\x7e]+", text):
        if run.isascii():
            qtbot.keyClicks(widget, run)
        else:
            event = QInputMethodEvent()
            event.setCommitString(run)
            QApplication.sendEvent(widget, event)


def ago(days: float, hour: int = 10, minute: int = 0) -> str:
    """A UK date and time some days before yesterday's hour:minute.

    Counting from yesterday keeps ago(0, 9) in the past at any time of day
    (from today it would be in the future before 09:00) while calls keep their order.
    """
    yesterday = datetime.now() - timedelta(days=1)
    when = yesterday.replace(hour=hour, minute=minute, second=0, microsecond=0)
    when -= timedelta(days=days)
    return when.strftime("%d/%m/%Y %H:%M")


def in_days(days: int) -> str:
    return (date.today() + timedelta(days=days)).strftime("%d/%m/%Y")


def born(age: int) -> str:
    """A date of birth making someone `age` today (and a few months)."""
    return (date.today() - timedelta(days=365 * age + 120)).strftime("%d/%m/%Y")


class Driver:
    """One wizard, driven through its widgets with the keyboard and the mouse."""

    def __init__(self, qtbot: QtBot, wizard: IncidentWizard) -> None:
        self.qtbot = qtbot
        self.w = wizard

    @property
    def page_id(self) -> str:
        return self.w.pages[self.w.current].spec.id

    def editor(self, path: str, page: str | None = None) -> Editor:
        found = self.w.by_id[page or self.page_id].form.editor_at(path)
        assert found is not None, f"no question at {page or self.page_id}:{path}"
        return found

    def child_key(self, index: int) -> str:
        return str(self.w.all_values()["incident"]["young_people"][index]["key"])

    def type(self, path: str, text: str) -> None:
        editor = self.editor(path)
        assert isinstance(editor, LineEditor | TextEditor), path
        box = editor.edit
        box.setFocus()
        type_text(self.qtbot, box, text)

    def choose(self, path: str, value: str) -> None:
        editor = self.editor(path)
        assert isinstance(editor, ChoiceEditor), path
        radio = dict(editor.buttons)[value]
        radio.setFocus()
        self.qtbot.keyClick(radio, Qt.Key.Key_Space)
        assert radio.isChecked()

    def tick(self, path: str, *values: str) -> None:
        editor = self.editor(path)
        if isinstance(editor, CheckEditor):
            editor.box.setFocus()
            self.qtbot.keyClick(editor.box, Qt.Key.Key_Space)
            return
        assert isinstance(editor, MultiEditor), path
        boxes = dict(editor.buttons)
        for value in values:
            boxes[value].setFocus()
            self.qtbot.keyClick(boxes[value], Qt.Key.Key_Space)

    def add(self, path: str) -> int:
        """Press a group's Add button; returns the new item's index."""
        editor = self.editor(path)
        assert isinstance(editor, GroupEditor), path
        self.click(editor.add_button)
        return len(editor.items) - 1

    def click(self, button: QAbstractButton) -> None:
        assert button.isVisible() and button.isEnabled(), button.text()
        self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    def next(self, *, expect_page: str | None = None) -> None:
        before = self.page_id
        self.click(self.w.next_button)
        if expect_page is not None:
            assert self.page_id == expect_page, (before, self.shown_errors())
        elif self.page_id == before:
            raise AssertionError(f"Next stayed on {before}: {self.shown_errors()}")

    def shown_errors(self) -> list[str]:
        view = self.w.pages[self.w.current]
        return [
            label.text()
            for label in view.findChildren(QLabel)
            if label.property("role") in ("error", "error-list") and label.isVisible()
        ]

    def finish(self) -> None:
        self.click(self.w.finish_button)

    def values(self, page: str | None = None) -> dict[str, Any]:
        return self.w.by_id[page or self.page_id].values()


def visible_label_for(widget: QWidget) -> str | None:
    """The visible label that names `widget`: its own text, or its buddy label's."""
    own = widget.text() if isinstance(widget, QAbstractButton) else ""
    if own:
        return strip_mnemonic(own)
    window = widget.window()
    for label in window.findChildren(QLabel):
        if label.buddy() is widget:
            return strip_mnemonic(label.text())
    return None


def focused() -> QWidget | None:
    return QApplication.focusWidget()


# -- fixtures (imported by the wizard test modules) ----------------------------


@pytest.fixture
def ws(make_db: Callable[..., str], db_path: Path, opened: list[Workspace]) -> Workspace:
    """A signed-in workspace on a new database (closed at the end)."""
    make_db()
    signed_in = workspace.unlock(db_path, USERNAME, PASSWORD)
    opened.append(signed_in)
    return signed_in


@pytest.fixture
def make_wizard(qtbot: QtBot, ws: Workspace) -> Callable[..., Driver]:
    """Open the wizard (new, or resuming `case_id`) and return a driver for it."""

    def make(case_id: int | None = None, **kwargs: Any) -> Driver:
        wizard = IncidentWizard(ws, case_id, **kwargs)
        qtbot.addWidget(wizard)
        wizard.resize(1366, 768)
        with qtbot.waitActive(wizard):
            wizard.show()
            wizard.activateWindow()
        return Driver(qtbot, wizard)

    return make
