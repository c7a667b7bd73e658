"""What every editor is: one question's input(s), holding its answer in the draft format.

Labels, choices and help come from the spec, never from here.
"""

from __future__ import annotations

from typing import Any

from app.ui.qt import QWidget, Signal
from app.wizard.spec import FieldSpec
from app.wizard.validate import Problem

Children = list[tuple[str, str]]  # (key, name) of each young person on page 1


def mnemonic_safe(text: str) -> str:
    """Resource text on a button or a buddied label: an '&' shows as an '&'."""
    return text.replace("&", "&&")


def default_for(f: FieldSpec) -> Any:
    """The draft value of an unanswered question."""
    return {"multi": [], "check": False, "group": [], "per_child": {}}.get(f.type, "")


def set_invalid(widget: QWidget, bad: bool) -> None:
    # The style sheet draws a red border off this property; re-polish so it shows.
    if bool(widget.property("invalid")) == bad:
        return
    widget.setProperty("invalid", bad)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class Editor(QWidget):
    """One question's input(s). Subclasses hold the value in the draft format."""

    changed = Signal()
    submitted = Signal()  # Enter in a single-line box: the page's Next
    structure_changed = Signal()  # items or records came or went: the tab order is redone

    hint_text = ""  # shown under the question, e.g. the date format
    labelled_by_row = True  # False: the editor shows the question itself (a tick box)

    def __init__(self, spec: FieldSpec) -> None:
        super().__init__()
        self.spec = spec
        self._loading = False

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        """Show a saved value without it counting as the DSL's change."""
        self._loading = True
        try:
            self._show(value)
        finally:
            self._loading = False

    def _show(self, value: Any) -> None:
        raise NotImplementedError

    def inputs(self) -> list[QWidget]:
        """Everything that takes focus, in the order Tab visits it."""
        return []

    def buddy(self) -> QWidget | None:
        """The input the question's label names (None when each option names itself)."""
        return None

    def focus_target(self, path: str = "") -> QWidget | None:
        found = self.inputs()
        return found[0] if found else None

    def set_label(self, text: str) -> None:
        """The question's words changed (or were set): accessible names follow them."""
        target = self.buddy()
        if target is not None:
            target.setAccessibleName(text)

    def set_name(self, name: str) -> None:
        """The accessible name, where it differs from the words shown (a tick box's)."""

    def set_context(self, context: str) -> None:
        """The record this question is in (see Row.named): records inside it follow."""

    def set_description(self, text: str) -> None:
        for widget in self.inputs():
            widget.setAccessibleDescription(text)

    def set_invalid(self, bad: bool) -> None:
        target = self.buddy()
        if target is not None:
            set_invalid(target, bad)

    def show_nested(self, problems: list[Problem]) -> None:
        """Problems inside a group or per-child record; paths relative to this editor."""

    def describe(self, path: str) -> str:
        return ""

    def set_children(self, children: Children) -> None:
        """The young people on page 1 (per-child questions follow them)."""

    def _emit_changed(self, *_: object) -> None:
        if not self._loading:
            self.changed.emit()
