"""Locking: Hide now (F12) until no part of the record is left on screen.

Two windows are open, as when the DSL is typing in the incident wizard over
the main window: a 1280x660 main window with a long form and a 1000x620
dialog with a long note. The time runs from `hide_now()` until both windows
have been repainted as the plain lock panel (the panel paints synchronously,
before the `locked` signal's autosave runs), then every sample is checked:
the record's widgets must show only the panel's background.

Measured with Qt's offscreen platform, so the figure is Casebook's and Qt's
work (covering and painting into the window's backing store); a real screen
adds at most one compositor frame (about 16 ms at 60 Hz).
"""

from __future__ import annotations

import os

from benchmarks.fixtures import Fixtures
from benchmarks.registry import Measurement, benchmark, time_calls

FIELDS = 40
NOTE = "Fictional note for timing only. " * 400


@benchmark("lock_ms", unit="ms", target=100)
def hide_now_to_blank(fx: Fixtures) -> Measurement:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from app.ui.qt import (
        QApplication,
        QColor,
        QDialog,
        QLineEdit,
        QMainWindow,
        QPlainTextEdit,
        QPoint,
        QToolBar,
        QVBoxLayout,
        QWidget,
    )
    from app.ui.security.lock import BACKGROUND, LockController
    from app.ui.widgets import add_field, apply_look

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(["casebook-bench"])
    apply_look(app)

    main = QMainWindow()
    main.setWindowTitle("Casebook — Benchmark School")
    bar = QToolBar("Main")
    for name in ("New incident", "Cases", "Reviews", "Settings"):
        bar.addAction(name)
    main.addToolBar(bar)
    body = QWidget()
    column = QVBoxLayout(body)
    fields: list[QWidget] = []
    for i in range(FIELDS):
        edit = QLineEdit(f"Fictional value {i}")
        add_field(column, f"Field {i}", edit)
        fields.append(edit)
    main.setCentralWidget(body)
    main.resize(1280, 660)

    wizard = QDialog()
    wizard.setWindowTitle("Incident 2026-0007")
    note = QPlainTextEdit(NOTE)
    QVBoxLayout(wizard).addWidget(note)
    wizard.resize(1000, 620)

    lock = LockController(app, 5, lambda pw: pw == "benchmark")
    background = QColor(BACKGROUND).rgb()
    try:
        for window in (main, wizard):
            window.show()
        for _ in range(5):
            app.processEvents()

        def hide() -> None:
            lock.hide_now()
            app.processEvents()

        def blank_then_unlock(_result: None) -> None:
            for window, widget in ((main, fields[0]), (wizard, note)):
                image = window.grab().toImage()
                corner = widget.mapTo(window, QPoint(0, 0))
                for dx, dy in ((3, 3), (30, 6), (widget.width() - 4, widget.height() - 4)):
                    if image.pixelColor(corner.x() + dx, corner.y() + dy).rgb() != background:
                        raise RuntimeError("the record was still visible after Hide now")
            lock.unlock()
            for _ in range(3):
                app.processEvents()

        samples = time_calls(hide, repeats=30, warmup=3, after=blank_then_unlock)
    finally:
        lock.stop()
        for window in (main, wizard):
            window.close()
            window.deleteLater()
        app.processEvents()
    return Measurement.median_of(samples, note="two windows covered and repainted; offscreen")
