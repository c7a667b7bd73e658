"""Opening the incident wizard (New incident) in a fresh process, as a DSL does.

Signed in first (not timed; the fast key cost), with the modules the app loads
after sign-in already loaded (app.ui.app.warm_up). The wizard is opened from a
turn of the event loop, as the toolbar button would, with the loop's heartbeat
(floors/paint.py) running until it is painted: the longest gap is the longest
the window could not answer. Its labels, inputs and buttons are counted for the
floor, which makes as many.

    python -m benchmarks.probes.wizard_open DB USER < password
        JSON: block_ms, painted_ms, labels, inputs, buttons
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QPlainTextEdit

from benchmarks.floors.paint import Heartbeat, open_from_the_loop
from benchmarks.probes import signed_in_as_in_the_window


def main(db: Path, username: str, password: str) -> dict[str, object]:
    from app.ui.app import warm_up
    from app.ui.qt import QApplication
    from app.ui.widgets import apply_look
    from app.ui.wizard.wizard import IncidentWizard

    app = QApplication([sys.argv[0]])
    apply_look(app)
    warm_up()
    ws = signed_in_as_in_the_window(db, username, password)
    try:
        heart = Heartbeat()
        heart.start()
        wizard, stamp, start = open_from_the_loop(lambda: IncidentWizard(ws))
        painted = stamp.wait()
        block = heart.stop()
        counts = {
            "labels": len(wizard.findChildren(QLabel)),
            "inputs": len(wizard.findChildren(QLineEdit))
            + len(wizard.findChildren(QPlainTextEdit)),
            "buttons": len(wizard.findChildren(QAbstractButton)),
        }
        wizard.close()
    finally:
        ws.close()
    return {"block_ms": block, "painted_ms": (painted - start) * 1e3, **counts}


if __name__ == "__main__":
    secret = sys.stdin.readline().rstrip("\n")
    print(json.dumps(main(Path(sys.argv[1]), sys.argv[2], secret)))
