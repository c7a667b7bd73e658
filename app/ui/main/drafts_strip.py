"""The drafts strip: the newest draft to finish, in the main window's toolbar.

After a crash or a closed wizard the DSL resumes from here exactly where the
autosave left off. It sits in the room the toolbar has, so it is seen from
every tab at no height, and it is hidden while there is no draft.
"""

from __future__ import annotations

from app.services.dashboard import TodayItem
from app.ui.qt import QAction, QFrame, QHBoxLayout, QToolBar, Signal
from app.ui.widgets import button, link_button, plain_label

DRAFTS_TIP = "Casebook saved it as it was typed. Resume it to carry on where it was left."


class DraftsStrip(QFrame):
    """`resume_draft(case_id)`: Resume draft was pressed; `show_all()`: Show all was."""

    resume_draft = Signal(int)
    show_all = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("drafts")
        self.setStyleSheet(
            "QFrame#drafts { background: #fff7bf; border: 2px solid #b58800; border-radius: 4px; }"
        )
        self.setToolTip(DRAFTS_TIP)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 2, 2, 2)
        row.setSpacing(10)
        self.text = plain_label("", wrap=False)
        self.text.setAccessibleName("Drafts to finish")
        row.addWidget(self.text)
        self.all_button = link_button("Show all")
        self.all_button.setToolTip("List every draft under What needs you today")
        self.all_button.clicked.connect(self.show_all)
        row.addWidget(self.all_button)
        self.resume_button = button("Resume &draft")  # Alt+R is the dashboard's Refresh
        self.resume_button.clicked.connect(self._resume_newest)
        row.addWidget(self.resume_button)
        self.newest: int | None = None  # the newest draft's case id
        self._texts = ("", "")  # (in full, short): short when the window is narrow
        self.short = False
        self._shown_by: list[QAction] = []

    def place_in(self, toolbar: QToolBar) -> None:
        """Add the strip, after a separator, to `toolbar`; hidden until there is a draft."""
        self._shown_by = [toolbar.addSeparator(), toolbar.addWidget(self)]
        for action in self._shown_by:
            action.setVisible(False)  # a toolbar widget is shown through its action

    def show_drafts(self, drafts: list[TodayItem]) -> None:
        # The service lists drafts newest first.
        newest = drafts[0] if drafts else None
        self.newest = newest.case_id if newest is not None else None
        if newest is not None:
            # "Draft last saved 24/11/2026 10:30" -> "last saved 24/11/2026 10:30"
            saved = newest.text.lower().removeprefix("draft ")
            if len(drafts) == 1:
                text = f"Draft to finish: {newest.reference}, {saved}"
                short = f"Draft to finish: {newest.reference}"
            else:
                text = f"{len(drafts)} drafts to finish. Newest: {newest.reference}, {saved}"
                short = f"{len(drafts)} drafts to finish. Newest: {newest.reference}"
            self._texts = (text, short)
            self.text.setText(short if self.short else text)
            self.text.setToolTip(text)
            self.resume_button.setAccessibleName(f"Resume draft {newest.reference}")
            self.resume_button.setToolTip(f"Carry on with draft {newest.reference}")
        self.all_button.setVisible(len(drafts) > 1)
        for action in self._shown_by:
            action.setVisible(newest is not None)

    def set_short(self, short: bool) -> None:
        """On a narrow window, leave out when it was saved, so Sign out keeps its place."""
        self.short = short
        if self._texts[0]:
            self.text.setText(self._texts[1] if short else self._texts[0])

    def _resume_newest(self) -> None:
        if self.newest is not None:
            self.resume_draft.emit(self.newest)


__all__ = ["DRAFTS_TIP", "DraftsStrip"]
