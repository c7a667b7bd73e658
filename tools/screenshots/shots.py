"""The command-line entry shared by the screenshot modules (`make screenshots`).

`python -m MODULE OUTDIR [--scale 150]`: the screens as a 1366x768 laptop at
100% shows them, or with `--scale 150` as a 1920x1080 one at 150% (1280x672
logical pixels under a taskbar), through Qt's offscreen platform.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.ui.fonts import register_script_fonts
from app.ui.qt import QApplication, QGuiApplication, Qt, QWidget
from app.ui.screen_fit import fitted_size
from app.ui.widgets import apply_look

# Physical screen sizes by scale; at 150% a Windows taskbar (48 logical px) too.
SCREENS = {100: (1366, 768, 0), 150: (1920, 1080, 48)}

_scale = 100


def scaled() -> bool:
    """True in the pass that renders at more than 100%."""
    return _scale != 100


def size_window(widget: QWidget, width: int, height: int) -> None:
    """`width` x `height` at 100%; at a larger scale, as big as the screen allows."""
    if scaled():
        screen = widget.screen() or QGuiApplication.primaryScreen()
        width, height = fitted_size(screen.availableGeometry(), width, height)
    widget.setWindowState(Qt.WindowState.WindowNoState)  # not maximised: this size
    widget.resize(width, height)


def read_in(dialog: Any) -> None:
    """A dialog that reads or counts off the GUI thread, as it is once it has."""
    app = QApplication.instance()
    assert app is not None
    deadline = time.monotonic() + 30
    while getattr(dialog, "reading", False) and time.monotonic() < deadline:
        app.processEvents()


def case_read(window: Any) -> None:
    """A case file as it is a moment after opening: its case read (off the GUI thread)
    and every section of its record come."""
    read_in(window)
    window.record_view.finish()


def _use_screen(scale: int, folder: Path) -> None:
    """Qt's offscreen platform as a laptop screen at `scale` percent (before Qt starts)."""
    width, height, taskbar = SCREENS[scale]
    factor = scale / 100
    screen = {
        "name": "Laptop",
        "x": 0,
        "y": 0,
        "width": width,
        "height": height - round(taskbar * factor),
        "logicalDpi": 96,
        "logicalBaseDpi": 96,
        "dpr": 1,
    }
    config = folder / "screen.json"
    config.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    os.environ["QT_SCALE_FACTOR"] = str(factor)  # as Windows scales: logical = physical / 1.5


def run(module: str, render_all: Callable[[Path], list[Path]], argv: list[str]) -> int:
    """Render every screen the module knows, print each path."""
    global _scale
    scale = 100
    if len(argv) == 3 and argv[1] == "--scale" and argv[2].isdigit():
        scale, argv = int(argv[2]), argv[:1]
    if len(argv) != 1 or scale not in SCREENS:
        print(f"usage: python -m {module} OUTDIR [--scale 150]", file=sys.stderr)
        return 2
    _scale = scale
    with tempfile.TemporaryDirectory() as tmp:
        _use_screen(scale, Path(tmp))
        app = QApplication([sys.argv[0]])
        app.setApplicationName("Casebook")
        apply_look(app)
        register_script_fonts()  # as the app does after its first paint
        for path in render_all(Path(argv[0])):
            print(path)
    return 0
