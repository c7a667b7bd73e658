"""Type into the incident wizard until killed: the child of the kill -9 test.

    python tests/helpers/wizard_typist.py DB_PATH USER PASSWORD_FILE

Opens the real wizard offscreen on a real database and types page 1's summary
with QTest, a chunk at a time, with short pauses as a person would. It prints
"ready" once, then "<n>" after chunk n is typed (not saved: saving is the
wizard's own business, on its own timers). The parent kills it with SIGKILL,
then finds the draft the wizard made (a new incident's case is made at its
first save).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtTest import QTest  # noqa: E402

from app.services.workspace import unlock  # noqa: E402
from app.ui.qt import QApplication  # noqa: E402
from app.ui.wizard.editors import TextEditor  # noqa: E402
from app.ui.wizard.wizard import IncidentWizard  # noqa: E402

PAUSE_MS = 150  # between chunks: steady typing, never a long enough pause to go quiet


def chunk(n: int) -> str:
    """What is typed as chunk n: ASCII (QTest types nothing else), each one distinct."""
    return f"[{n:03d}] Shared in the Year 9 chat. "


def main(argv: list[str]) -> int:
    db, user, password_file = Path(argv[0]), argv[1], Path(argv[2])
    password = password_file.read_text(encoding="utf-8").strip()
    app = QApplication([sys.argv[0]])
    ws = unlock(db, user, password)
    wizard = IncidentWizard(ws)
    wizard.show()
    editor = wizard.by_id["incident"].form.editor_at("summary")
    assert isinstance(editor, TextEditor)
    editor.edit.setFocus()
    print("ready", flush=True)
    n = 0
    while True:
        n += 1
        QTest.keyClicks(editor.edit, chunk(n))
        print(n, flush=True)
        QTest.qWait(PAUSE_MS)
        app.processEvents()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
