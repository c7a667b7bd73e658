"""The form dialog of the case file and admin screens, and its inputs.

A `FormDialog`, on the one dialog base (app.ui.dialog.Dialog), has a heading,
labelled inputs (each label is its input's buddy and accessible name), a
message shown on the dialog itself, and Save / Cancel. Save first checks what
was typed (`check`), then runs the service call (`save`) through `run_safely`:
a refusal from a service appears on the dialog as the service worded it, in
plain text, and the dialog stays open.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from app.dates import (
    DATE_HINT,
    DATETIME_HINT,
    format_date,
    format_datetime,
    parse_date,
    parse_datetime,
)
from app.ui.dialog import Dialog
from app.ui.qt import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QShortcut,
    QSize,
    QSizePolicy,
    Qt,
    QVBoxLayout,
    QWidget,
)
from app.ui.screen_fit import fit_to_screen
from app.ui.widgets import (
    Message,
    button,
    button_row,
    line_edit,
    plain_label,
    primary_button,
    run_safely,
    strip_mnemonic,
)

TEXT_LIMIT = 200_000


class TextBox(QPlainTextEdit):
    """Several lines of plain text; Tab moves on (keyboard users are not trapped)."""

    def __init__(self, lines: int = 4) -> None:
        super().__init__()
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        height = self.fontMetrics().lineSpacing() * lines + 16
        self.setMinimumHeight(height)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._lines_height = height

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        """As tall as the lines asked for (Qt's own hint is taller), so a dialog opens
        with every input in view; it still grows when the dialog is made taller."""
        hint = super().sizeHint()
        return QSize(hint.width(), self._lines_height)

    def text(self) -> str:
        return self.toPlainText()

    def setText(self, text: str) -> None:  # noqa: N802 (Qt-style name, like QLineEdit)
        self.setPlainText(text)


def buddy_label(text: str, widget: QWidget) -> QLabel:
    """The label of an input: plain text, its Alt+letter reaching the input, whose
    accessible name it gives."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setBuddy(widget)
    widget.setAccessibleName(strip_mnemonic(text))
    return label


def attach_label(layout: QVBoxLayout, text: str, widget: QWidget, hint: str = "") -> QLabel:
    """Label above, optional hint, then the input; label = buddy = accessible name."""
    label = buddy_label(text, widget)
    layout.addSpacing(6)
    layout.addWidget(label)
    if hint:
        widget.setAccessibleDescription(hint)
        layout.addWidget(plain_label(hint, "hint"))
    layout.addWidget(widget)
    return label


def date_text(value: date | None) -> str:
    return format_date(value) if value else ""


def datetime_text(value: datetime | None) -> str:
    return format_datetime(value) if value else ""


def read_date(edit: QLineEdit, *, required: bool = False) -> tuple[date | None, str]:
    """(the date, "") or (None, a sentence naming the field)."""
    name = edit.accessibleName()
    text = edit.text().strip()
    if not text:
        return None, (f"{name}: enter a date as {DATE_HINT}." if required else "")
    try:
        return parse_date(text), ""
    except ValueError:
        return None, f"{name}: enter a real date as {DATE_HINT}, for example 24/11/2026."


def read_datetime(edit: QLineEdit, *, required: bool = False) -> tuple[datetime | None, str]:
    name = edit.accessibleName()
    text = edit.text().strip()
    if not text:
        return None, (f"{name}: enter a date and time as {DATETIME_HINT}." if required else "")
    try:
        return parse_datetime(text), ""
    except ValueError:
        return None, (
            f"{name}: enter a real date and time as {DATETIME_HINT}, for example 24/11/2026 14:30."
        )


def combo(choices: Sequence[tuple[str, Any]], current: Any = None) -> QComboBox:
    """A drop-down of (words, value) pairs, with `current` selected when present."""
    box = QComboBox()
    box.setMinimumHeight(34)
    for text, value in choices:
        box.addItem(text, value)
    for n, (_text, value) in enumerate(choices):
        if value == current:
            box.setCurrentIndex(n)
            break
    return box


class FormDialog(Dialog):
    """Heading, inputs, message, Save and Cancel. Subclasses add inputs and `save`."""

    def __init__(
        self,
        title: str,
        parent: QWidget | None = None,
        *,
        intro: str = "",
        save_text: str = "&Save",
        width: int = 620,
    ) -> None:
        # The inputs scroll on a short screen; heading and buttons stay in view.
        super().__init__(title, parent, width=width, margins=(24, 20, 24, 8))
        if self.scroll_area is not None:  # no Tab stop of its own: Tab to an input scrolls to it
            self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        if intro:
            self.intro = plain_label(intro)
            self.column.addWidget(self.intro)
        bottom = self.footer()
        self.message = Message()
        bottom.addWidget(self.message)
        self.save_button = primary_button(save_text)
        self.cancel_button = button("Cancel")
        self.buttons = button_row(self.save_button, left=self.cancel_button)
        bottom.addLayout(self.buttons)
        self.save_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.reject)
        # Ctrl+Enter saves from anywhere, a multi-line box included.
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(self.submit)
        self.saved = False

    # -- building ------------------------------------------------------------------------
    def add_line(
        self, text: str, value: str = "", hint: str = "", max_length: int = 500
    ) -> QLineEdit:
        edit = line_edit(max_length=max_length)
        edit.setText(value)
        attach_label(self.column, text, edit, hint)
        return edit

    def add_text(self, text: str, value: str = "", hint: str = "", lines: int = 4) -> TextBox:
        box = TextBox(lines)
        box.setText(value)
        attach_label(self.column, text, box, hint)
        return box

    def add_date(self, text: str, value: date | None = None, hint: str = "") -> QLineEdit:
        edit = line_edit(max_length=10)
        edit.setText(date_text(value))
        edit.setPlaceholderText(DATE_HINT)
        edit.setMaximumWidth(200)
        attach_label(self.column, text, edit, hint or f"As {DATE_HINT}.")
        return edit

    def add_datetime(self, text: str, value: datetime | None = None, hint: str = "") -> QLineEdit:
        edit = line_edit(max_length=16)
        edit.setText(datetime_text(value))
        edit.setPlaceholderText(DATETIME_HINT)
        edit.setMaximumWidth(260)
        attach_label(self.column, text, edit, hint or f"As {DATETIME_HINT}.")
        return edit

    def add_combo(
        self, text: str, choices: Sequence[tuple[str, Any]], current: Any = None, hint: str = ""
    ) -> QComboBox:
        box = combo(choices, current)
        attach_label(self.column, text, box, hint)
        return box

    def add_check(self, text: str, checked: bool = False) -> QCheckBox:
        box = QCheckBox(text)
        box.setChecked(checked)
        box.setAccessibleName(strip_mnemonic(text))
        self.column.addSpacing(6)
        self.column.addWidget(box)
        return box

    def add_note(self, text: str, role: str = "") -> QLabel:
        label = plain_label(text, role)
        self.column.addSpacing(6)
        self.column.addWidget(label)
        return label

    def add_row(self, *widgets: QWidget) -> QHBoxLayout:
        row = QHBoxLayout()
        for w in widgets:
            row.addWidget(w)
        row.addStretch(1)
        self.column.addLayout(row)
        return row

    def finish_layout(self) -> None:
        self.column.addStretch(1)

    def fit_contents(self) -> None:
        """Open as tall as the inputs need, within the screen, so the last input (often
        the required reason) is in view without scrolling; a short screen still scrolls."""
        area = self.scroll_area
        body = area.widget() if area is not None else None
        if area is None or body is None:
            return
        width = max(self.minimumWidth(), self.sizeHint().width())
        layout = body.layout()
        inner = width - 2 * area.frameWidth()
        high = (
            layout.totalHeightForWidth(inner)
            if layout is not None and layout.hasHeightForWidth()
            else body.sizeHint().height()
        )
        bottom = self.outer.itemAt(self.outer.count() - 1)
        extra = bottom.sizeHint().height() if bottom is not None else 0
        fit_to_screen(self, width, high + extra + 8)

    # -- saving --------------------------------------------------------------------------
    def check(self) -> list[str]:
        """Problems with what was typed, each a sentence naming its field."""
        return []

    def save(self) -> None:
        """Call the service; raise to refuse (the message shows on the dialog)."""
        raise NotImplementedError

    def submit(self) -> None:
        problems = self.check()
        if problems:
            self.message.show_error("\n".join(problems))
            return
        self.message.clear()
        if run_safely(self._save, self.message):
            self.saved = True
            self.accept()

    def _save(self) -> bool:
        self.save()
        return True
