"""The fonts Casebook ships (resources/fonts), made available to Qt.

The recovery key is shown in DejaVu Sans Mono from the bundle rather than
whatever "monospace" means on this laptop, so its characters look the same
everywhere and a 0 is never mistaken for an O on one machine only.

The screens are drawn in DejaVu, registered at start. The script faces (Noto
for Arabic, Hebrew and the Indian scripts, Droid Sans Fallback for Chinese,
Noto Emoji), which show a name typed in any script, wait for the first paint:
registering them costs a few milliseconds the sign-in window need not wait for,
and it holds no such name.
"""

from __future__ import annotations

from pathlib import Path

from app import resources
from app.diagnostics.lazylog import lazy_logger
from app.ui.qt import QFontDatabase

log = lazy_logger(__name__)

FONTS_FOLDER = "fonts"
MONOSPACE_FAMILY = "DejaVu Sans Mono"
MAIN_PREFIX = "DejaVu"  # the faces the screens are drawn in

_registered: set[str] = set()


def _font_files(*, main: bool) -> list[Path]:
    files = sorted(resources.path(FONTS_FOLDER).glob("*.ttf"))
    return [f for f in files if f.name.startswith(MAIN_PREFIX) == main]


def _register(kind: str, files: list[Path]) -> None:
    if kind in _registered:
        return
    for font_file in files:
        if QFontDatabase.addApplicationFont(str(font_file)) == -1:
            log.warning("Qt could not load the bundled font %s", font_file.name)
    _registered.add(kind)


def register_bundled_fonts() -> None:
    """Register the faces the screens are drawn in (DejaVu) with Qt; later calls do nothing.

    Needs a QGuiApplication. A file Qt refuses is logged and skipped: the
    app still works in the system's fonts.
    """
    _register("main", _font_files(main=True))


def register_script_fonts() -> None:
    """Register the other bundled faces (the scripts, Chinese, emoji); later calls do nothing.

    Called once the first window has painted (app.Running.settle).
    """
    _register("scripts", _font_files(main=False))
