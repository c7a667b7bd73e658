"""The dashboard in a fresh process: shown with its rows, then typed into.

Signed in first (not timed; the fast key cost), as after the sign-in window.
Then timed from creating the DashboardWidget to the window painted with the
case rows (the read runs on the dashboard's own worker thread, as in the app);
then, one key at a time, from the key press in the search box to the window
painted with the filtered list.

    python -m benchmarks.probes.dashboard DB USER < password
        JSON: show_ms, rows, keystroke_ms (one per key in TYPED)
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from benchmarks.floors.paint import PaintStamp
from benchmarks.probes import signed_in_as_in_the_window

# A surname letter by letter, then rubbed out again.
TYPED = ["n", "o", "w", "a", "k", *["\b"] * 5]
SIZE = (1366, 768)


def typed_text(keys: int) -> str:
    """What the search box holds after the first `keys` of TYPED."""
    text = ""
    for key in TYPED[:keys]:
        text = text[:-1] if key == "\b" else text + key
    return text


def type_key(edit: QWidget, key: str) -> None:
    if key == "\b":
        QTest.keyClick(edit, Qt.Key.Key_Backspace)
    else:
        QTest.keyClicks(edit, key)


def main(db: Path, username: str, password: str) -> dict[str, object]:
    from app.ui.dashboard import DashboardWidget
    from app.ui.qt import QApplication
    from app.ui.widgets import apply_look

    app = QApplication([sys.argv[0]])
    apply_look(app)
    ws = signed_in_as_in_the_window(db, username, password)
    try:
        start = time.perf_counter()
        dash = DashboardWidget(ws)
        stamp = PaintStamp(dash)
        dash.loaded.connect(stamp.arm)  # the rows are in the model: the next paint shows them
        # The first screenful (or the whole list, if that comes first), as a DSL sees it.
        first = PaintStamp(dash)
        armed: list[bool] = []

        def arm_first() -> None:
            if not armed:
                armed.append(True)
                first.arm()

        dash.head_shown.connect(arm_first)
        dash.loaded.connect(arm_first)
        dash.resize(*SIZE)
        dash.show()
        first_shown = first.wait()
        shown = stamp.wait()
        rows = dash.cases.proxy.rowCount()
        if rows == 0:
            raise RuntimeError("the dashboard showed no rows")
        dash.search.setFocus()
        keystrokes = []
        for n, key in enumerate(TYPED, 1):
            stamp.arm()
            t = time.perf_counter()
            type_key(dash.search, key)
            keystrokes.append((stamp.wait() - t) * 1e3)
            if dash.search.text() != typed_text(n):
                raise RuntimeError("the search box did not take the keys typed")
        dash.wait_idle()
    finally:
        ws.close()
    return {
        "show_ms": (shown - start) * 1e3,
        "first_rows_ms": (first_shown - start) * 1e3,
        "rows": rows,
        "keystroke_ms": keystrokes,
    }


if __name__ == "__main__":
    secret = sys.stdin.readline().rstrip("\n")
    print(json.dumps(main(Path(sys.argv[1]), sys.argv[2], secret)))
