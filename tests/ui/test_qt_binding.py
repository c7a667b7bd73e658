"""Guard against a Qt binding that leaks references to None or True.

PySide6 6.12.0 on Python 3.11 dropped a reference to None on every call to a Qt
method returning nothing; after ~30 000 calls Python aborted mid-session. A DSL
typing an incident would lose the app, so the pinned binding is checked here.
"""

from __future__ import annotations

import sys

from app.ui.qt import QCheckBox, QLabel


def test_qt_calls_leave_none_and_true_alone(qtbot) -> None:  # type: ignore[no-untyped-def]
    label, box = QLabel(), QCheckBox()
    qtbot.addWidget(label)
    qtbot.addWidget(box)
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(2000):
        label.setText("x")
        box.setChecked(True)
        box.isChecked()
    assert sys.getrefcount(None) - none_before > -100
    assert sys.getrefcount(True) - true_before > -100
