"""Opening a full case file in a fresh process, as a DSL does from the dashboard.

Signed in first (not timed; the fast key cost). The case with the most young
people is opened from a turn of the event loop, as a double-click would, and
the loop's heartbeat (floors/paint.py) runs until every section of its record
is on screen and painted (the case is read off the GUI thread first). The
longest gap is the longest the window could not answer; its first paint and the
paint with the last section are timed too. The window's labels
and buttons are counted for the floor, which makes as many.

    python -m benchmarks.probes.casefile DB USER < password
        JSON: block_ms, painted_ms, complete_ms, labels, buttons
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from PySide6.QtWidgets import QAbstractButton, QLabel

from benchmarks.floors.paint import Heartbeat, open_from_the_loop
from benchmarks.probes import signed_in_as_in_the_window

FULLEST = (
    "SELECT y.case_id FROM young_people y JOIN cases c ON c.id = y.case_id"
    " WHERE c.status = 'open' GROUP BY y.case_id ORDER BY count(*) DESC, y.case_id LIMIT 1"
)


def main(db: Path, username: str, password: str) -> dict[str, object]:
    from app.storage.raw_sql import driver_connection
    from app.ui.casefile import CaseFileWindow
    from app.ui.qt import QApplication
    from app.ui.widgets import apply_look

    app = QApplication([sys.argv[0]])
    apply_look(app)
    ws = signed_in_as_in_the_window(db, username, password)
    try:
        with ws.read() as s:
            case_id = int(driver_connection(s).execute(FULLEST).fetchone()[0])
        heart = Heartbeat()

        def make() -> CaseFileWindow:
            window = CaseFileWindow(ws, case_id)
            window.resize(1366, 768)
            return window

        heart.start()
        window, stamp, start = open_from_the_loop(make)
        assert isinstance(window, CaseFileWindow)
        painted = stamp.wait()
        deadline = time.perf_counter() + 60
        while (
            window.reading or not window.record_view.complete
        ) and time.perf_counter() < deadline:
            app.processEvents()
        stamp.arm()
        window.update()  # the paint after the last section came
        complete = stamp.wait()
        block = heart.stop()
        labels = len(window.findChildren(QLabel))
        buttons = len(window.findChildren(QAbstractButton))
        window.close()
    finally:
        ws.close()
    return {
        "block_ms": block,
        "painted_ms": (painted - start) * 1e3,
        "complete_ms": (complete - start) * 1e3,
        "labels": labels,
        "buttons": buttons,
    }


if __name__ == "__main__":
    secret = sys.stdin.readline().rstrip("\n")
    print(json.dumps(main(Path(sys.argv[1]), sys.argv[2], secret)))
