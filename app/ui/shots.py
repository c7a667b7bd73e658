"""The command-line entry shared by the screenshot modules (`make screenshots`)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from app.ui.qt import QApplication
from app.ui.widgets import apply_look


def run(module: str, render_all: Callable[[Path], list[Path]], argv: list[str]) -> int:
    """`python -m MODULE OUTDIR`: render every screen the module knows, print each path."""
    if len(argv) != 1:
        print(f"usage: python -m {module} OUTDIR", file=sys.stderr)
        return 2
    app = QApplication([sys.argv[0]])
    app.setApplicationName("Casebook")
    apply_look(app)
    for path in render_all(Path(argv[0])):
        print(path)
    return 0
