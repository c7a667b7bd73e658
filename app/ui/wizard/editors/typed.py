"""Answers typed in: a line, a number, a date (or a date and time), several lines."""

from __future__ import annotations

from datetime import date
from typing import Any

from app import dates
from app.ui.qt import QHBoxLayout, QPushButton, Qt, QVBoxLayout, QWidget
from app.ui.widgets import button
from app.ui.wizard.editors.base import Editor
from app.ui.wizard.editors.inputs import LineInput, TextInput
from app.wizard.spec import FieldSpec

DATE_EXAMPLE = "14/03/2025"
DATETIME_EXAMPLE = "14/03/2025 09:30"


class LineEditor(Editor):
    def __init__(self, spec: FieldSpec, *, max_width: int = 0) -> None:
        super().__init__(spec)
        self.edit = LineInput()
        if max_width:
            self.edit.setMaximumWidth(max_width)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1 if not max_width else 0)
        if max_width or type(self) is not LineEditor:
            layout.addStretch(1)
        self.edit.textChanged.connect(self._emit_changed)
        self.edit.returnPressed.connect(self.submitted.emit)

    def value(self) -> str:
        return self.edit.text()

    def _show(self, value: Any) -> None:
        self.edit.setText("" if value is None else str(value))

    def inputs(self) -> list[QWidget]:
        return [self.edit]

    def buddy(self) -> QWidget:
        return self.edit


class NumberEditor(LineEditor):
    def __init__(self, spec: FieldSpec) -> None:
        super().__init__(spec, max_width=140)
        self.edit.setMaxLength(12)
        self.edit.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)


TIME_HINT = "leave out the time if it is not known"
TODAY = "Today"


class DateEditor(LineEditor):
    """A date or a date and time, typed in the UK way. Bad ones are explained on the page.

    A date and time may be given as a date alone when the time is not known: it is then
    kept and printed as "time not known", never as 00:00. The "Today" button beside a
    time fills in today's date only, and leaves the DSL to type the time it happened:
    the time of typing is rarely when something happened (least of all when it came to
    light), so nothing fills it in for them.
    """

    def __init__(self, spec: FieldSpec) -> None:
        with_time = spec.type == "datetime"
        fmt = dates.DATETIME_HINT if with_time else dates.DATE_HINT
        example = DATETIME_EXAMPLE if with_time else DATE_EXAMPLE
        # Room for the format and a little more, whatever the font size.
        super().__init__(spec, max_width=0)
        self.edit.setFixedWidth(self.edit.fontMetrics().horizontalAdvance(fmt + "00000") + 24)
        self.hint_text = f"{fmt}, for example {example}"
        if with_time:
            self.hint_text += f" ({TIME_HINT})"
        self.edit.setPlaceholderText(fmt)
        self.edit.setMaxLength(40)
        self.now: QPushButton | None = None
        if with_time and not spec.future_ok:
            self.now = button(TODAY)
            self.now.setAccessibleName(f"{TODAY}: {spec.label}")
            self.now.setAccessibleDescription("Fills in today's date; type the time after it.")
            self.now.clicked.connect(self._fill_today)
            layout = self.layout()
            assert isinstance(layout, QHBoxLayout)
            layout.insertWidget(1, self.now)

    def set_label(self, text: str) -> None:
        super().set_label(text)
        if self.now is not None:
            self.now.setAccessibleName(f"{TODAY}: {text}")

    def _fill_today(self) -> None:
        """Today's date, then the cursor where the time goes (a time typed is kept)."""
        typed = self.edit.text().strip()
        time_typed = typed.split(" ", 1)[1].strip() if " " in typed else ""
        self.edit.setText(f"{dates.format_date(date.today())} {time_typed}".rstrip() + " ")
        self.edit.setFocus()
        self.edit.setCursorPosition(len(self.edit.text()))

    def inputs(self) -> list[QWidget]:
        return [self.edit, self.now] if self.now is not None else [self.edit]


class TextEditor(Editor):
    def __init__(self, spec: FieldSpec) -> None:
        super().__init__(spec)
        self.edit = TextInput()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        self.edit.textChanged.connect(self._emit_changed)

    def value(self) -> str:
        # toPlainText() turns a non-breaking space into a plain one; the raw text keeps
        # what was typed (its paragraph and line separators are the new lines typed).
        raw = self.edit.document().toRawText()
        return raw.replace("\u2029", "\n").replace("\u2028", "\n")

    def _show(self, value: Any) -> None:
        self.edit.setPlainText("" if value is None else str(value))

    def inputs(self) -> list[QWidget]:
        return [self.edit]

    def buddy(self) -> QWidget:
        return self.edit
