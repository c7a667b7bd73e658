"""The buttons along the bottom of the wizard, and the line saying whether the draft is saved."""

from __future__ import annotations

from datetime import datetime

from app.ui.qt import QHBoxLayout, QWidget
from app.ui.widgets import button, plain_label, set_role

SAVED_AS_YOU_TYPE = "Saved as you type: close at any time and resume from the main window."
SAVED_AT = "Draft saved at {time}: close at any time and resume from the main window."


class WizardFooter(QWidget):
    """Save and close, Discard, the draft's status, guidance, Back, Next and Finish.

    The wizard connects the buttons; this says which show and what the status line reads.
    """

    def __init__(self, has_draft: bool) -> None:
        super().__init__()
        self.close_button = button("Save and &close")
        self.close_button.setToolTip("Your draft is kept; resume it from the main window (Esc)")
        self.discard_button = button("D&iscard this draft…")
        self.discard_button.setToolTip("Started by mistake? Delete what was typed, with a reason")
        self.discard_button.setVisible(has_draft)  # once there is a draft
        self.status = plain_label(SAVED_AS_YOU_TYPE, "hint")
        self.status.setAccessibleName("Draft status")
        self.guidance_button = button("Hide &guidance (F1)")
        self.back_button = button("&Back")
        self.next_button = button("&Next")
        self.finish_button = button("&Finish and open the case")
        for primary in (self.next_button, self.finish_button):
            primary.setProperty("role", "primary")
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 10, 16, 12)
        row.setSpacing(10)
        row.addWidget(self.close_button)
        row.addWidget(self.discard_button)
        row.addWidget(self.status, 1)
        row.addWidget(self.guidance_button)
        row.addSpacing(12)
        row.addWidget(self.back_button)
        row.addWidget(self.next_button)
        row.addWidget(self.finish_button)

    def show_page(self, index: int, last: bool) -> None:
        self.back_button.setEnabled(index > 0)
        self.next_button.setVisible(not last)
        self.finish_button.setVisible(last)

    def tab_chain(self) -> list[QWidget]:
        """After the page's questions, Tab visits these as they are read, left to right."""
        return [
            self.close_button,
            self.discard_button,
            self.guidance_button,
            self.back_button,
            self.next_button,
            self.finish_button,
        ]

    def show_saved(self, when: datetime) -> None:
        self.status.setText(SAVED_AT.format(time=f"{when:%H:%M:%S}"))
        set_role(self.status, "hint")

    def show_problem(self, text: str) -> None:
        self.status.setText(text)
        set_role(self.status, "error")

    def show_guidance_shown(self, showing: bool) -> None:
        self.guidance_button.setText("Hide &guidance (F1)" if showing else "Show &guidance (F1)")
        self.guidance_button.setAccessibleName(
            "Hide guidance (F1)" if showing else "Show guidance (F1)"
        )
