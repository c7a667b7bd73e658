"""The fonts Casebook ships (resources/fonts), made available to Qt at start.

The recovery key is shown in DejaVu Sans Mono from the bundle rather than
whatever "monospace" means on this laptop, so its characters look the same
everywhere and a 0 is never mistaken for an O on one machine only.
"""

from __future__ import annotations

from app import resources
from app.diagnostics.lazylog import lazy_logger
from app.ui.qt import QFontDatabase

log = lazy_logger(__name__)

FONTS_FOLDER = "fonts"
MONOSPACE_FAMILY = "DejaVu Sans Mono"

_registered = False


def register_bundled_fonts() -> None:
    """Register every .ttf in resources/fonts with Qt; later calls do nothing.

    Needs a QGuiApplication. A file Qt refuses is logged and skipped: the
    app still works in the system's fonts.
    """
    global _registered
    if _registered:
        return
    for font_file in sorted(resources.path(FONTS_FOLDER).glob("*.ttf")):
        if QFontDatabase.addApplicationFont(str(font_file)) == -1:
            log.warning("Qt could not load the bundled font %s", font_file.name)
    _registered = True
