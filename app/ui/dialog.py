"""The one dialog base: title, modality, window flags, width, a heading, set once.

Every dialog with a heading builds on `Dialog` (Picard's `PicardDialog`):
window-modal (a dialog covers only the window it came from, and is opened with
`open()`, never a nested event loop), no "?" button in the title bar, a
minimum width, and a `column` under the heading that scrolls rather than
squashing when text scaling makes it taller than the window. The case file's
and the admin screens' forms (`casefile.forms.FormDialog`) add labelled inputs
and Save / Cancel below it; the security screens fill the column themselves.
"""

from __future__ import annotations

from app.ui.qt import QDialog, QFrame, QScrollArea, Qt, QVBoxLayout, QWidget
from app.ui.widgets import heading

MARGINS = (24, 20, 24, 20)  # px: left, top, right, bottom around the column


class Dialog(QDialog):
    """A titled, window-modal dialog; subclasses add to `column` (under `title_label`)."""

    def __init__(
        self,
        title: str,
        parent: QWidget | None = None,
        *,
        width: int = 600,
        scroll: bool = True,
        margins: tuple[int, int, int, int] = MARGINS,
    ) -> None:
        """`scroll`: the column scrolls (off for a dialog whose own list or pages scroll).
        `outer`, the dialog's own layout, holds the column (or its scroll area) and
        whatever a subclass keeps in view below it."""
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        # No "?" button in the title bar: there is no context help to show.
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.setMinimumWidth(width)
        self.outer = QVBoxLayout(self)
        if scroll:
            self.outer.setContentsMargins(0, 0, 0, 0)
            area = QScrollArea()
            area.setWidgetResizable(True)
            area.setFrameShape(QFrame.Shape.NoFrame)
            # It takes the focus (arrow keys scroll it): a screen reader says the dialog's title.
            area.setAccessibleName(title)
            self.scroll_area: QScrollArea | None = area
            body = QWidget()
            area.setWidget(body)
            self.outer.addWidget(area, 1)
            self.column = QVBoxLayout(body)
        else:
            self.scroll_area = None
            self.column = self.outer
        self.column.setContentsMargins(*margins)
        self.column.setSpacing(4)
        self.title_label = heading(title, 1.3)
        self.column.addWidget(self.title_label)

    def footer(self) -> QVBoxLayout:
        """A layout below the scrolling column, always in view (a message, the buttons),
        inset from the window's edges as the column is."""
        bottom = QVBoxLayout()
        left, _top, right, _bottom = MARGINS
        bottom.setContentsMargins(left, 4, right, 18)
        self.outer.addLayout(bottom)
        return bottom


__all__ = ["Dialog"]
