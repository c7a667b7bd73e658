"""Every window fits a Windows laptop at 125% and 150% scaling, buttons and all.

The arithmetic is checked against the areas such screens leave for a window;
the real windows in a child process whose offscreen Qt is a 1920x1080 screen
at 150% (1280x720 logical, less a 48 px taskbar), as Windows reports it, and
again as a 1366x768 screen at 125%.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.ui.qt import QRect
from app.ui.screen_fit import FRAME_HEIGHT, FRAME_WIDTH, fitted_size, is_short
from tests.helpers.ui import button_named

ROOT = Path(__file__).resolve().parents[2]

# What each screen leaves for a window once the taskbar is off it.
LAPTOP_150 = QRect(0, 0, 1280, 640)  # 1920x1080 at 150%
LAPTOP_125 = QRect(0, 0, 1093, 536)  # 1366x768 at 125%
LAPTOP_100 = QRect(0, 0, 1366, 728)  # 1366x768 at 100%

# The size each window asks for (see fit_to_screen's callers).
WANTED = {
    "wizard": (1280, 640),
    "case file": (1280, 700),
    "print": (900, 700),
    "backups": (680, 690),
    "figures": (1000, 680),
    "accounts": (660, 660),
    "sign-in": (960, 660),
    "about": (760, 600),
    "audit": (1180, 640),
    "retention": (900, 560),
    "restore": (660, 620),
}


@pytest.mark.parametrize("area", [LAPTOP_150, LAPTOP_125, LAPTOP_100], ids=["150%", "125%", "100%"])
def test_every_window_and_its_frame_fit_the_area_a_laptop_leaves(area: QRect) -> None:
    for name, (width, height) in WANTED.items():
        w, h = fitted_size(area, width, height)
        assert w + FRAME_WIDTH <= area.width(), name
        assert h + FRAME_HEIGHT <= area.height(), name
        assert (w, h) == (min(width, w), min(height, h)), name  # never larger than asked


def test_a_window_keeps_its_size_where_it_fits_and_shrinks_only_where_it_must() -> None:
    assert fitted_size(LAPTOP_100, 960, 660) == (960, 660)
    assert not is_short(LAPTOP_100, 960, 660)
    assert fitted_size(LAPTOP_150, 960, 660) == (960, 640 - FRAME_HEIGHT)
    assert fitted_size(LAPTOP_125, 1280, 700) == (1093 - FRAME_WIDTH, 536 - FRAME_HEIGHT)
    assert is_short(LAPTOP_125, 1280, 700)
    assert fitted_size(LAPTOP_150, 1280, 700)[0] == 1280 - FRAME_WIDTH


# -- the real windows, in a child process with a laptop's screen ---------------------
# Physical sizes less a 48 logical px taskbar; Qt scales them as Windows does:
# 1920x1008 at 150% is 1280x672 logical, 1366x708 at 125% is 1093x566.
LAPTOPS = {
    "1920x1080 at 150%": (1920, 1008, "1.5", [0, 0, 1280, 672]),
    "1366x768 at 125%": (1366, 708, "1.25", [0, 0, 1093, 566]),
}


def _screen_config(width: int, height: int) -> dict[str, object]:
    screen = {"name": "Laptop", "x": 0, "y": 0, "width": width, "height": height}
    return {"screens": [screen | {"logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}


@pytest.mark.slow
@pytest.mark.parametrize("laptop", list(LAPTOPS))
def test_every_window_fits_a_laptop_screen_at_windows_scaling(tmp_path: Path, laptop: str) -> None:
    width, height, factor, logical = LAPTOPS[laptop]
    config = tmp_path / "screen.json"
    config.write_text(json.dumps(_screen_config(width, height)), encoding="utf-8")
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
        "QT_SCALE_FACTOR": factor,
    }
    result = subprocess.run(
        [sys.executable, "-m", "tests.ui.test_screen_fit", str(tmp_path / "data")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["screen"] == logical  # what Windows reports at that scaling
    assert report["dpr"] == float(factor)
    assert len(report["windows"]) == len(BUTTONS)
    problems = [p for window in report["windows"] for p in window["problems"]]
    assert problems == [], "\n".join(problems)


# -- the child process: `python -m tests.ui.test_screen_fit FOLDER` ------------------
# Each window with the buttons that must be visible, by attribute name or by their words.
BUTTONS = {
    "first run": ["school_next"],
    "sign-in": ["sign_in"],
    "main window": [],
    "wizard": ["close_button", "back_button", "next_button"],
    "wizard, last page": ["close_button", "back_button", "finish_button"],
    "case file": ["Print…"],
    "print": ["print_button", "preview_button", "save_button", "close_button"],
    "backups": ["backup_now", "restore", "close_button"],
    "restore": [],
    "figures": ["export_button", "close_button"],
    "accounts": ["add_button", "close_button"],
    "audit": ["refresh_button", "close_button"],
    "retention": ["close_button"],
    "about": ["close_button"],
}


def _problems(name: str, window: object, area: QRect) -> list[str]:
    from app.ui.qt import QApplication, QPoint, QWidget

    assert isinstance(window, QWidget)
    window.show()
    app = QApplication.instance()
    assert app is not None
    for _ in range(5):
        app.processEvents()
    deadline = time.monotonic() + 10
    while getattr(window, "reading", False) and time.monotonic() < deadline:
        app.processEvents()  # a case file reads its case off the GUI thread first
    found = []
    frame = window.frameGeometry()
    maximised = window.isMaximized()
    if maximised:  # placed by the platform: allow its rounding at fractional scales
        frame = frame.adjusted(0, 0, -1, -1)
    if not area.contains(frame):
        found.append(f"{name}: frame {frame.getRect()} outside {area.getRect()}")
    # Offscreen frames are 1 px: leave the room a Windows title bar takes too.
    size = window.size()
    if not maximised and (
        size.width() + FRAME_WIDTH > area.width() or size.height() + FRAME_HEIGHT > area.height()
    ):
        found.append(f"{name}: {size.width()}x{size.height()} leaves no room for a title bar")
    for attribute in BUTTONS[name]:
        button = (
            getattr(window, attribute)
            if attribute.isidentifier()
            else button_named(window, attribute, visible=False)
        )
        if not button.isVisibleTo(window):
            found.append(f"{name}: {attribute} hidden")
            continue
        # Inside every parent up to the window: not cut off, not scrolled away.
        widget, rect = button, button.rect()
        while widget is not window:
            parent = widget.parentWidget()
            rect = rect.translated(widget.mapTo(parent, QPoint(0, 0)))
            if not parent.rect().contains(rect):
                found.append(f"{name}: {attribute} cut off")
                break
            widget = parent
    return found


def _probe(folder: Path) -> dict[str, object]:
    from app.services import dashboard
    from app.training import create_training_database
    from app.ui.about import AboutDialog
    from app.ui.admin.figures import FiguresDialog
    from app.ui.admin.retention import RetentionDialog
    from app.ui.casefile import CaseFileWindow
    from app.ui.first_run import FirstRunWindow
    from app.ui.login import LoginWindow
    from app.ui.main_window import MainWindow
    from app.ui.print_dialog import PrintRecordDialog
    from app.ui.qt import QApplication, QGuiApplication
    from app.ui.security.accounts_dialog import AccountsDialog
    from app.ui.security.audit_viewer import AuditViewer
    from app.ui.security.backups import BackupDialog, RestoreDialog
    from app.ui.widgets import apply_look
    from app.ui.wizard.wizard import IncidentWizard

    app = QApplication([sys.argv[0]])
    apply_look(app)
    screen = QGuiApplication.primaryScreen()
    area, dpr = screen.availableGeometry(), screen.devicePixelRatio()
    folder.mkdir(parents=True)
    windows = []

    def check(name: str, window: object, *, close: bool = True) -> None:
        problems = _problems(name, window, area)
        geometry = window.frameGeometry().getRect()  # type: ignore[attr-defined]
        windows.append({"name": name, "frame": geometry, "problems": problems})
        if close:
            window.close()  # type: ignore[attr-defined]

    check("first run", FirstRunWindow(folder / "none.db"))
    db = folder / "casebook.db"
    ws, _recovery = create_training_database(db, "jsmith", "Kettle lantern orbit 42", 4)
    check("sign-in", LoginWindow(db))
    main = MainWindow(ws)
    check("main window", main, close=False)
    wizard = IncidentWizard(ws, None, main)
    check("wizard", wizard, close=False)
    wizard.show_page(len(wizard.pages) - 1)
    check("wizard, last page", wizard, close=False)
    row = dashboard.case_rows(ws)[0]
    check("case file", CaseFileWindow(ws, row.id))
    check("print", PrintRecordDialog(ws, row.reference, main))
    backups = BackupDialog(ws, main)
    check("backups", backups)
    check("restore", RestoreDialog(db, main))
    check("figures", FiguresDialog(ws, main))
    check("accounts", AccountsDialog(ws, main))
    check("audit", AuditViewer(ws, main))
    check("retention", RetentionDialog(ws, main))
    check("about", AboutDialog(main))
    return {
        "screen": [area.x(), area.y(), area.width(), area.height()],
        "dpr": dpr,
        "windows": windows,
    }


if __name__ == "__main__":
    print(json.dumps(_probe(Path(sys.argv[1]))), flush=True)
    os._exit(0)  # the main window and the wizard stay open: no closing prompts
