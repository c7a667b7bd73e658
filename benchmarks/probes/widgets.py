"""Interactive moments in a fresh process; the first time each is done is the
figure (it is what the DSL meets first), later repeats are reported beside it.

    python -m benchmarks.probes.widgets lock
        Hide now (F12) with two windows open (a 1280x660 main window with a long
        form and a 1000x620 dialog with a long note) until both are repainted as
        the plain lock panel; each sample is then checked on screen: the record's
        widgets must show only the panel's background.
    python -m benchmarks.probes.widgets wizard DB USER < password
        Next on the incident wizard's page 1 (two young people, every answer
        given): the page's checks, its autosave (it changed since the last save)
        and page 2 shown and laid out. Page 1 takes minutes to fill, and the
        autosave makes the draft at the DSL's first pause (at the latest 4 s
        after the first key), so the draft exists before the first Next: that
        first autosave is timed on its own (draft_made_ms).

JSON: samples_ms (the first one first), and for the wizard draft_made_ms.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.probes import signed_in_as_in_the_window

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


def lock() -> list[float]:
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

    app = QApplication(["casebook-bench"])
    apply_look(app)
    main = QMainWindow()
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
    note = QPlainTextEdit(NOTE)
    QVBoxLayout(wizard).addWidget(note)
    wizard.resize(1000, 620)
    controller = LockController(app, 5, lambda pw: pw == "benchmark")
    background = QColor(BACKGROUND).rgb()
    for window in (main, wizard):
        window.show()
    for _ in range(5):
        app.processEvents()

    def hide() -> None:
        controller.hide_now()
        app.processEvents()

    def check_then_unlock() -> None:
        for window, widget in ((main, fields[0]), (wizard, note)):
            image = window.grab().toImage()
            corner = widget.mapTo(window, QPoint(0, 0))
            for dx, dy in ((3, 3), (30, 6), (widget.width() - 4, widget.height() - 4)):
                if image.pixelColor(corner.x() + dx, corner.y() + dy).rgb() != background:
                    raise RuntimeError("the record was still visible after Hide now")
        controller.unlock()
        for _ in range(3):
            app.processEvents()

    try:
        return timed(hide, check_then_unlock)
    finally:
        controller.stop()


def wizard(db: Path, username: str, password: str) -> dict[str, object]:
    from app.services import cases
    from app.ui.qt import QApplication
    from app.ui.widgets import apply_look
    from app.ui.wizard.editors import TextEditor
    from app.ui.wizard.wizard import IncidentWizard
    from app.wizard.example import demo_pages

    app = QApplication([sys.argv[0]])
    apply_look(app)
    ws = signed_in_as_in_the_window(db, username, password)
    try:
        wiz = IncidentWizard(ws)
        wiz.resize(1366, 768)
        wiz.show()
        for view in wiz.pages:
            view.set_values(demo_pages().get(view.spec.id, {}))
        wiz.furthest = len(wiz.pages) - 1
        summary = wiz.by_id["incident"].form.editor_at("summary")
        assert isinstance(summary, TextEditor)
        turns = 0

        def back_and_edit() -> None:
            """Untimed: back on page 1, one more word typed, so Next has something to save."""
            nonlocal turns
            turns += 1
            wiz.show_page(0)
            summary.edit.appendPlainText(f"Added note {turns}.")
            app.processEvents()

        def press_next() -> None:
            wiz.next_button.click()
            app.processEvents()  # page 2 laid out and painted
            if wiz.current != 1:
                raise RuntimeError("Next did not turn the page: the demo case is incomplete")

        # The DSL's first pause: the autosave makes the draft (start_draft).
        start = time.perf_counter()
        wiz.autosave.touch("incident")
        if not wiz.autosave.flush() or wiz.case_id is None:
            raise RuntimeError("the first autosave did not make the draft")
        draft_made_ms = (time.perf_counter() - start) * 1e3
        back_and_edit()
        samples = timed(press_next, back_and_edit)
        assert wiz.case_id is not None
        saved = cases.draft_pages(ws, wiz.case_id)["incident"]["summary"]
        if not saved.endswith(f"Added note {turns - 1}."):
            raise RuntimeError("the page turn did not save the page")
        wiz.close()
        return {"samples_ms": samples, "draft_made_ms": draft_made_ms}
    finally:
        ws.close()


if __name__ == "__main__":
    if sys.argv[1] == "lock":
        print(json.dumps({"samples_ms": lock()}))
    else:
        secret = sys.stdin.readline().rstrip("\n")
        print(json.dumps(wizard(Path(sys.argv[2]), sys.argv[3], secret)))
