"""The app's icon, on its own so the first window need not load the About box."""

from __future__ import annotations

from app.resources import path
from app.ui.qt import QIcon

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def app_icon() -> QIcon:
    """The app's icon at every size drawn for it (resources/icons/casebook-<size>.png)."""
    icon = QIcon()
    for size in ICON_SIZES:
        file = path(f"icons/casebook-{size}.png")
        if file.is_file():
            icon.addFile(str(file))
    return icon
