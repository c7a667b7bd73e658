"""Signing in says that it is working while the key is derived: on the button pressed,
in words, and by a moving bar; all of it goes once the answer comes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.errors import WrongPassword
from app.ui.login import SIGNING_IN, SIGNING_IN_BUTTON, LoginWindow
from app.ui.qt import QProgressBar, Qt
from tests.helpers.ui import USERNAME, assert_accessible, find


def test_signing_in_shows_it_is_working_until_the_answer_comes(
    qtbot: QtBot, db_path: Path, make_db: Callable[..., str]
) -> None:
    make_db()
    w = LoginWindow(db_path, USERNAME)
    qtbot.addWidget(w)
    w.show()
    bar = find(w, QProgressBar, SIGNING_IN_BUTTON, visible=False)
    assert not bar.isVisible() and w.sign_in.text() == "&Sign in"
    qtbot.keyClicks(w.password, "not the password")
    qtbot.keyClick(w.password, Qt.Key.Key_Return)
    assert w.signing_in
    assert w.sign_in.text() == SIGNING_IN_BUTTON and not w.sign_in.isEnabled()
    assert w.progress.isVisible() and w.progress.text() == SIGNING_IN
    assert bar.isVisible() and bar.maximum() == 0  # moving, with no made-up percentage
    assert_accessible(w)
    qtbot.waitUntil(lambda: not w.signing_in, timeout=20_000)
    assert w.sign_in.text() == "&Sign in" and w.sign_in.isEnabled()
    assert not bar.isVisible() and not w.progress.isVisible()
    assert w.message.text() == str(WrongPassword())
