"""The incident wizard: pressing Next on a filled page, offscreen, on the 10 000-case database."""

from __future__ import annotations

import os
import sys

from app.services import cases
from benchmarks.fixtures import Fixtures
from benchmarks.registry import Measurement, benchmark, time_calls

TURNS = 30
WARMUP = 3


@benchmark("wizard_page_turn_ms", unit="ms", target=50)
def wizard_page_turn(fx: Fixtures) -> Measurement:
    """Next on page 1 (two young people, every answer given): the page's checks, the
    autosave of the page (it changed since the last save), and page 2 shown and laid out."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before the application exists
    from app.ui.qt import QApplication
    from app.ui.widgets import apply_look
    from app.ui.wizard.fields import TextEditor
    from app.ui.wizard.wizard import IncidentWizard
    from app.wizard.example import demo_pages

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0]])
    apply_look(app)
    ws = fx.training()
    wizard = IncidentWizard(ws)
    wizard.resize(1366, 768)
    wizard.show()
    for view in wizard.pages:
        view.set_values(demo_pages().get(view.spec.id, {}))
    wizard.furthest = len(wizard.pages) - 1
    summary = wizard.by_id["incident"].form.editor_at("summary")
    assert isinstance(summary, TextEditor)
    turns = 0

    def back_and_edit(_: object = None) -> None:
        """Untimed: back on page 1, with one more word typed, so Next has something to save."""
        nonlocal turns
        turns += 1
        wizard.show_page(0)
        summary.edit.appendPlainText(f"Added note {turns}.")
        app.processEvents()

    def press_next() -> None:
        wizard.next_button.click()
        app.processEvents()  # page 2 laid out and painted
        if wizard.current != 1:
            raise RuntimeError("Next did not turn the page: the demo case is incomplete")

    back_and_edit()
    samples = time_calls(press_next, repeats=TURNS, warmup=WARMUP, after=back_and_edit)
    saved = cases.draft_pages(ws, wizard.case_id)["incident"]["summary"]
    if not saved.endswith(f"Added note {turns - 1}."):
        raise RuntimeError("the page turn did not save the page")
    wizard.close()
    return Measurement.median_of(samples, note="offscreen; includes one draft save (fsync)")
