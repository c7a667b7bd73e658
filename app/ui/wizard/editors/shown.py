"""An answer asked once on another page, shown read-only with where to change it.

Nothing is typed here and nothing is stored on this page: the wizard gives it
the draft's pages (`show_pages`) and it shows the answer as the page that asks
it holds it, with a link to that page.
"""

from __future__ import annotations

from typing import Any

from app.ui.qt import QVBoxLayout, QWidget, Signal
from app.ui.widgets import link_button, plain_label
from app.ui.wizard.editors.base import Editor
from app.wizard import facts
from app.wizard import spec as wizard_spec
from app.wizard.spec import FieldSpec

CHANGE_IT = "Change it on page {page}"


class ShownEditor(Editor):
    """The answer in words, then "Change it on page N" (which goes there)."""

    go_to_page = Signal(int)  # the page's index (0 for page 1)

    def __init__(self, spec: FieldSpec) -> None:
        super().__init__(spec)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        self.answer = plain_label(facts.NOTHING)
        self.answer.setProperty("role", "shown-answer")
        column.addWidget(self.answer)
        self.page_number = 0
        self.change = link_button(CHANGE_IT.format(page=""))
        self.change.clicked.connect(lambda: self.go_to_page.emit(self.page_number - 1))
        column.addWidget(self.change)
        self.shown_text = ""

    def value(self) -> Any:
        return ""  # never stored here: see the page that asks it

    def _show(self, value: Any) -> None:
        """Saved values are not shown here (an old draft's answer shows beside, as earlier)."""

    def show_pages(self, pages: dict[str, dict[str, Any]]) -> None:
        text, number = facts.shown_text(wizard_spec.load(), self.spec, pages)
        if text != self.shown_text:
            self.shown_text = text
            self.answer.setText(text)
        if number != self.page_number:
            self.page_number = number
            words = CHANGE_IT.format(page=number)
            self.change.setText(words)
            self.change.setAccessibleName(f"{words}: {self.spec.label}")
        self.change.setAccessibleDescription(f"{self.spec.label}: {text}")

    def inputs(self) -> list[QWidget]:
        return [self.change]

    def buddy(self) -> QWidget | None:
        return None
