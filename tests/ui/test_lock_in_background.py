"""Unlocking checks the password (a key derivation) off the GUI thread: the panel stays live."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from app.security.keyslots import KeySlots
from app.services.workspace import Workspace
from app.ui.qt import QApplication, QLineEdit, QTimer, QVBoxLayout, QWidget
from app.ui.security.lock import WRONG_PASSWORD, LockController, password_checker
from tests.conftest import PASSWORD
from tests.helpers.held import held, loop_runs_while_held


@pytest.fixture
def locked(qtbot: QtBot, ws: Workspace) -> Iterator[tuple[LockController, QWidget]]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    window = QWidget()
    QVBoxLayout(window).addWidget(QLineEdit("typed before hiding"))
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    lock = LockController(app, 5, password_checker(ws))
    lock.hide_now()
    try:
        yield lock, window
    finally:
        lock.stop()


def test_a_wrong_then_the_right_password_are_checked_with_the_panel_disabled(
    qtbot: QtBot, locked: tuple[LockController, QWidget], monkeypatch: pytest.MonkeyPatch
) -> None:
    lock, window = locked
    overlay = next(o for o in lock.overlays() if o.parentWidget() is window)
    overlay.password.setText("not the password")
    with held(monkeypatch, KeySlots, "unlock_with_password") as gate:
        QTimer.singleShot(0, overlay.submit)  # Enter on the panel, in the event loop
        loop_runs_while_held(qtbot, gate)
        assert lock.checking and lock.is_locked
        assert not overlay.password.isEnabled() and not overlay.unlock_button.isEnabled()
        assert overlay.password.text() == ""  # not left in the box while it is checked
        gate.release()
        qtbot.waitUntil(lambda: not lock.checking, timeout=20_000)
    assert lock.is_locked and overlay.message.text().startswith(WRONG_PASSWORD)
    assert overlay.password.isEnabled()
    assert QApplication.overrideCursor() is None

    lock.throttle.succeeded()  # no wait before the right one, in a test
    overlay.password.setText(PASSWORD)
    with held(monkeypatch, KeySlots, "unlock_with_password") as gate:
        QTimer.singleShot(0, overlay.submit)
        loop_runs_while_held(qtbot, gate)
        assert lock.is_locked  # not before the password is known to be right
        gate.release()
        qtbot.waitUntil(lambda: not lock.is_locked, timeout=20_000)
    qtbot.waitUntil(lambda: not [o for o in lock.overlays() if o.isVisible()])
    typed = window.findChild(QLineEdit)
    assert typed is not None and typed.text() == "typed before hiding"  # kept as it was
