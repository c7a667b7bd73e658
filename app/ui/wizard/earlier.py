"""An answer saved earlier that its question can no longer show (a list where text is now
asked, a choice no longer offered...). It is shown under the question and kept in the draft,
never emptied, until the DSL answers again or removes it; Form keeps the value itself."""

from __future__ import annotations

from typing import Any

from app.ui.qt import QFrame, Qt, QVBoxLayout
from app.ui.widgets import link_button, plain_label
from app.wizard import draft_format
from app.wizard.spec import FieldSpec

EARLIER_MAX = 3_000  # characters of an earlier answer shown; the draft keeps it all
EARLIER_TEXT = (
    "Saved earlier as: {value}\n"
    "This question has changed since then, so the answer is not filled in above. "
    "Please give it again; this earlier answer is kept until you remove it."
)
# An answer saved on a page that now shows it, asked once on another page.
EARLIER_SHOWN_TEXT = (
    "Saved on this page earlier as: {value}\n"
    "This is now asked once, on the page named above: check the answer there, "
    "then remove this earlier one."
)
EARLIER_REMOVE = "Remove the earlier answer"
UNFIT_PROBLEM = "{label}: give this answer again (the one saved earlier is shown below it)."


class EarlierAnswer(QFrame):
    """The earlier answer as readable text (selectable, to copy back), and its Remove button."""

    def __init__(self) -> None:
        super().__init__()
        self.setProperty("role", "earlier")
        box = QVBoxLayout(self)
        box.setContentsMargins(12, 6, 12, 6)
        box.setSpacing(2)
        self.words = plain_label("", "note")
        self.words.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        box.addWidget(self.words)
        self.remove = link_button(EARLIER_REMOVE)
        box.addWidget(self.remove)
        self.hide()

    def show_value(self, value: Any, spec: FieldSpec, question: str) -> None:
        text = draft_format.readable(value, spec) or "(blank)"
        if len(text) > EARLIER_MAX:
            text = f"{text[:EARLIER_MAX]}… ({len(text) - EARLIER_MAX:,} more characters)"
        words = (EARLIER_SHOWN_TEXT if spec.type == "shown" else EARLIER_TEXT).format(value=text)
        self.words.setText(words)
        self.words.setAccessibleName(words)
        self.remove.setAccessibleName(f"{EARLIER_REMOVE}: {question}")
