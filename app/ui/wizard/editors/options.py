"""Answers chosen: one of several (radio buttons), any of several, one tick box."""

from __future__ import annotations

from typing import Any

from app.ui.qt import (
    QAbstractButton,
    QApplication,
    QButtonGroup,
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QKeyEvent,
    QRadioButton,
    Qt,
    QWidget,
)
from app.ui.wizard.editors.base import Editor, mnemonic_safe, set_invalid
from app.ui.wizard.editors.inputs import ClickLabel
from app.wizard.spec import FieldSpec


def _option_columns(labels: list[str]) -> int:
    """Short options sit side by side; long ones one to a line."""
    longest = max((len(t) for t in labels), default=0)
    if longest <= 20 and len(labels) <= 4:
        return len(labels)
    if longest <= 14:
        return 4
    if longest <= 30:
        return 3 if len(labels) > 6 else 2
    return 1


class _Options(Editor):
    """Radio buttons or tick boxes, one per choice; each names itself."""

    def __init__(self, spec: FieldSpec, kind: type[QAbstractButton]) -> None:
        super().__init__(spec)
        self.buttons: list[tuple[str, QAbstractButton]] = []
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(2)
        columns = _option_columns([label for _, label in spec.choices])
        for i, (value, label) in enumerate(spec.choices):
            b = kind()
            b.setText(mnemonic_safe(label))
            b.setAccessibleName(label)
            grid.addWidget(b, i // columns, i % columns)
            self.buttons.append((value, b))
        grid.setColumnStretch(columns, 1)

    def inputs(self) -> list[QWidget]:
        return [b for _, b in self.buttons]

    def set_label(self, text: str) -> None:
        """Each option is named with its question ("Is an adult involved?: Yes"): a page
        has many a Yes and No, and a screen reader meets each on its own."""
        words = dict(self.spec.choices)
        for value, b in self.buttons:
            b.setAccessibleName(f"{text}: {words[value]}")

    def set_invalid(self, bad: bool) -> None:
        for _, b in self.buttons:
            set_invalid(b, bad)


ARROWS = (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down)


class ChoiceButton(QRadioButton):
    """One option of a choice. An arrow key chooses the option it moves to, as in any
    radio group, also while none is chosen yet (Qt then only moves the focus, and the
    answer would stay blank though an option looks picked)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt name)
        group = self.group()
        unanswered = group is not None and group.checkedButton() is None
        super().keyPressEvent(event)
        if not unanswered or event.key() not in ARROWS:
            return
        moved_to = QApplication.focusWidget()
        chosen = isinstance(moved_to, QRadioButton) and moved_to.isChecked()
        if isinstance(moved_to, QRadioButton) and moved_to.group() is group and not chosen:
            moved_to.click()


class ChoiceEditor(_Options):
    """One of several: radio buttons in an exclusive group (arrow keys move within it)."""

    def __init__(self, spec: FieldSpec) -> None:
        super().__init__(spec, ChoiceButton)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        for _, b in self.buttons:
            self.group.addButton(b)
        self.group.buttonToggled.connect(self._toggled)

    def _toggled(self, _button: QAbstractButton, checked: bool) -> None:
        if checked:
            self._emit_changed()

    def value(self) -> str:
        for value, b in self.buttons:
            if b.isChecked():
                return value
        return ""

    def _show(self, value: Any) -> None:
        wanted = "" if value is None else str(value)
        self.group.setExclusive(False)  # so that no option may be chosen
        for v, b in self.buttons:
            b.setChecked(v == wanted)
        self.group.setExclusive(True)

    def focus_target(self, path: str = "") -> QWidget | None:
        for _, b in self.buttons:
            if b.isChecked():
                return b
        return self.buttons[0][1] if self.buttons else None


class MultiEditor(_Options):
    """Any of several: tick boxes."""

    def __init__(self, spec: FieldSpec) -> None:
        super().__init__(spec, QCheckBox)
        for _, b in self.buttons:
            b.toggled.connect(self._emit_changed)

    def value(self) -> list[str]:
        return [v for v, b in self.buttons if b.isChecked()]

    def _show(self, value: Any) -> None:
        chosen = {str(v) for v in value} if isinstance(value, list | tuple) else set()
        for v, b in self.buttons:
            b.setChecked(v in chosen)


class CheckEditor(Editor):
    """One tick box; its question is the wrapping text beside it."""

    labelled_by_row = False

    def __init__(self, spec: FieldSpec) -> None:
        super().__init__(spec)
        self.box = QCheckBox()
        self.label = ClickLabel(self.box)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.box, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.label, 1)
        self.box.toggled.connect(self._emit_changed)

    def set_label(self, text: str) -> None:
        self.label.setText(mnemonic_safe(text))
        self.box.setAccessibleName(text)

    def set_name(self, name: str) -> None:
        self.box.setAccessibleName(name)

    def value(self) -> bool:
        return self.box.isChecked()

    def _show(self, value: Any) -> None:
        self.box.setChecked(value is True)

    def inputs(self) -> list[QWidget]:
        return [self.box]

    def buddy(self) -> QWidget:
        return self.box
