"""The layout every list tab shares: a hint and its buttons above, the list below."""

from __future__ import annotations

from app.ui.qt import QHBoxLayout, QPushButton, QVBoxLayout, QWidget
from app.ui.widgets import button, plain_label

CLOSED_HINT = "This case is closed. Reopen it to add actions or reviews."


class TabPage(QWidget):
    """A tab with an intro line and its buttons on one row; `column` takes the rest."""

    def __init__(self, intro: str = "") -> None:
        super().__init__()
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 10, 0, 0)
        self.column.setSpacing(6)
        self._top = QHBoxLayout()
        if intro:
            self._top.addWidget(plain_label(intro, "hint"), 1)
        else:
            self._top.addStretch(1)
        self.column.addLayout(self._top)

    def add_button(self, text: str) -> QPushButton:
        """A button at the end of the top row."""
        b = button(text)
        self._top.addWidget(b)
        return b
