"""Floors for the interactive moments, timed as probes/widgets.py times Casebook's.

    bare_widgets.py lock
        the same two windows (40 line edits; a long note), each covered by one
        plain child widget shown on top and painted
    bare_widgets.py pages DB < page-JSON
        a QStackedWidget of two pages of 40 line edits: page 2 shown after the
        page is written durably (plain_write.py's save)

JSON: samples_ms (the first one first).
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFormLayout,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run by path: find its sibling
from benchmarks.floors.plain_write import open_db, save  # noqa: E402

REPEATS = 15
FIELDS = 40
NOTE = "Fictional note for timing only. " * 400


def timed(action: Callable[[], None], after: Callable[[], None]) -> list[float]:
    samples = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1e3)
        after()
    return samples


def form() -> QWidget:
    body = QWidget()
    layout = QFormLayout(body)
    for i in range(FIELDS):
        layout.addRow(f"Field {i}", QLineEdit(f"Fictional value {i}"))
    return body


def lock(app: QApplication) -> list[float]:
    main = QMainWindow()
    main.setCentralWidget(form())
    main.resize(1280, 660)
    dialog = QDialog()
    QVBoxLayout(dialog).addWidget(QPlainTextEdit(NOTE))
    dialog.resize(1000, 620)
    covers = []
    for window in (main, dialog):
        window.show()
        cover = QWidget(window)
        cover.setAutoFillBackground(True)
        cover.hide()
        covers.append((window, cover))
    for _ in range(5):
        app.processEvents()

    def hide() -> None:
        for window, cover in covers:
            cover.setGeometry(window.rect())
            cover.show()
            cover.raise_()
            cover.repaint()  # painted now, as the lock panel paints itself
        app.processEvents()

    def unlock() -> None:
        for _window, cover in covers:
            cover.hide()
        for _ in range(3):
            app.processEvents()

    return timed(hide, unlock)


def pages(app: QApplication, db: str, page: dict[str, object]) -> list[float]:
    conn = open_db(db)
    stack = QStackedWidget()
    stack.addWidget(form())
    stack.addWidget(form())
    stack.resize(1366, 768)
    stack.show()
    app.processEvents()

    def next_page() -> None:
        save(conn, page)
        stack.setCurrentIndex(1)
        app.processEvents()

    def back() -> None:
        stack.setCurrentIndex(0)
        app.processEvents()

    return timed(next_page, back)


if __name__ == "__main__":
    qt = QApplication(sys.argv[:1])
    if sys.argv[1] == "lock":
        found = lock(qt)
    else:
        found = pages(qt, sys.argv[2], json.loads(sys.stdin.readline()))
    print(json.dumps({"samples_ms": found}))
