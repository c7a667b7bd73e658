"""One editor per question type, and the form that lays a list of questions out.

Every editor holds its answer in the draft format (see `default_for`) and says
so through `changed`. Labels, choices and help come from the spec, never from
here. Nothing typed is ever read as markup, and no editor takes a dropped or
pasted picture: Casebook never stores an image.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from app import dates
from app.ui.qt import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMimeData,
    QMouseEvent,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QResizeEvent,
    QSizePolicy,
    Qt,
    QTextOption,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.widgets import button, link_button, plain_label
from app.wizard import draft_format
from app.wizard.spec import FieldSpec, is_visible
from app.wizard.validate import Problem

LINE_MAX = 1_000  # a name, a reference, a place: longer is a paste gone wrong
TEXT_MIN_LINES = 3
TEXT_MAX_LINES = 14  # then the box scrolls inside the page
DATE_EXAMPLE = "14/03/2025"
DATETIME_EXAMPLE = "14/03/2025 09:30"
EARLIER_MAX = 3_000  # characters of an earlier answer shown; the draft keeps it all
EARLIER_TEXT = (
    "Saved earlier as: {value}\n"
    "This question has changed since then, so the answer is not filled in above. "
    "Please give it again; this earlier answer is kept until you remove it."
)
EARLIER_REMOVE = "Remove the earlier answer"
UNFIT_PROBLEM = "{label}: give this answer again (the one saved earlier is shown below it)."

Children = list[tuple[str, str]]  # (key, name) of each young person on page 1


def mnemonic_safe(text: str) -> str:
    """Resource text on a button or a buddied label: an '&' shows as an '&'."""
    return text.replace("&", "&&")


def default_for(f: FieldSpec) -> Any:
    """The draft value of an unanswered question."""
    return {"multi": [], "check": False, "group": [], "per_child": {}}.get(f.type, "")


def refuses(mime: QMimeData) -> bool:
    """Pictures, files and links are never taken in; plain text is."""
    return mime.hasImage() or mime.hasUrls() or not mime.hasText()


def set_invalid(widget: QWidget, bad: bool) -> None:
    # The style sheet draws a red border off this property; re-polish so it shows.
    if bool(widget.property("invalid")) == bad:
        return
    widget.setProperty("invalid", bad)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


# -- the inputs themselves ---------------------------------------------------


class LineInput(QLineEdit):
    """A single line. No drop target: nothing can be dragged in."""

    def __init__(self) -> None:
        super().__init__()
        self.setMaxLength(LINE_MAX)
        self.setAcceptDrops(False)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt name)
        event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802 (Qt name)
        event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt name)
        event.ignore()


class TextInput(QPlainTextEdit):
    """Several lines that wrap and grow with what is typed, up to a limit.

    Tab moves on (it never types a tab), Enter is a new line, and a paste keeps
    only the plain text: an image on the clipboard is refused.
    """

    def __init__(self) -> None:
        super().__init__()
        self.setTabChangesFocus(True)
        self.setAcceptDrops(False)
        self.viewport().setAcceptDrops(False)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._lines = 0
        self.document().documentLayout().documentSizeChanged.connect(self._fit)
        self._fit()

    def _fit(self, *_: object) -> None:
        lines = max(TEXT_MIN_LINES, min(TEXT_MAX_LINES, int(self.document().size().height())))
        if lines == self._lines:
            return
        self._lines = lines
        margins = self.contentsMargins()
        height = (
            lines * self.fontMetrics().lineSpacing()
            + 2 * self.document().documentMargin()
            + margins.top()
            + margins.bottom()
            + 4
        )
        self.setFixedHeight(int(height))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        self._fit()

    def canInsertFromMimeData(self, source: QMimeData) -> bool:  # noqa: N802 (Qt name)
        return not refuses(source)

    def insertFromMimeData(self, source: QMimeData) -> None:  # noqa: N802 (Qt name)
        if not refuses(source):
            self.insertPlainText(source.text())

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt name)
        event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802 (Qt name)
        event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt name)
        event.ignore()


class ClickLabel(QLabel):
    """The wrapping text beside a tick box: clicking it ticks the box, as a box's own text would."""

    def __init__(self, target: QAbstractButton) -> None:
        super().__init__()
        self._target = target
        self.setWordWrap(True)
        self.setBuddy(target)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt name)
        if self._target.isEnabled():
            self._target.setFocus(Qt.FocusReason.MouseFocusReason)
            self._target.click()


# -- editors: one per question type -------------------------------------------


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


class DateEditor(LineEditor):
    """A date or a date and time, typed in the UK way. Bad ones are explained on the page."""

    def __init__(self, spec: FieldSpec) -> None:
        with_time = spec.type == "datetime"
        fmt = dates.DATETIME_HINT if with_time else dates.DATE_HINT
        example = DATETIME_EXAMPLE if with_time else DATE_EXAMPLE
        # Room for the format and a little more, whatever the font size.
        super().__init__(spec, max_width=0)
        self.edit.setFixedWidth(self.edit.fontMetrics().horizontalAdvance(fmt + "00000") + 24)
        self.hint_text = f"{fmt}, for example {example}"
        self.edit.setPlaceholderText(fmt)
        self.edit.setMaxLength(40)
        self.now: QPushButton | None = None
        if with_time and not spec.future_ok:
            self.now = button("Now")
            self.now.setAccessibleName("Fill in the date and time now")
            self.now.clicked.connect(self._fill_now)
            layout = self.layout()
            assert isinstance(layout, QHBoxLayout)
            layout.insertWidget(1, self.now)

    def _fill_now(self) -> None:
        self.edit.setText(dates.format_datetime(datetime.now()))
        self.edit.setFocus()

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
        """Each option names itself; the question is in its description (Row)."""

    def set_invalid(self, bad: bool) -> None:
        for _, b in self.buttons:
            set_invalid(b, bad)


class ChoiceEditor(_Options):
    """One of several: radio buttons in an exclusive group (arrow keys move within it)."""

    def __init__(self, spec: FieldSpec) -> None:
        super().__init__(spec, QRadioButton)
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

    def value(self) -> bool:
        return self.box.isChecked()

    def _show(self, value: Any) -> None:
        self.box.setChecked(value is True)

    def inputs(self) -> list[QWidget]:
        return [self.box]

    def buddy(self) -> QWidget:
        return self.box


# -- lists of records: groups and per-child records ---------------------------


class _Record(QFrame):
    """A bordered sub-form with a title: one group item, or one young person's record."""

    def __init__(self, spec: FieldSpec) -> None:
        super().__init__()
        self.setProperty("role", "record")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.spec = spec
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(16, 10, 16, 12)
        self.layout_.setSpacing(2)
        self.title = plain_label()
        self.title.setProperty("role", "record-title")
        self.layout_.addWidget(self.title)
        self.form = Form(spec.fields)
        self.layout_.addWidget(self.form)

    def title_text(self) -> str:
        return self.title.text()


class GroupItem(_Record):
    def __init__(self, spec: FieldSpec, key: str) -> None:
        super().__init__(spec)
        self.key = key
        self.number = 0
        self.remove = button("Remove")
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.remove)
        self.layout_.addLayout(row)
        self.form.changed.connect(self.update_title)

    def set_number(self, number: int) -> None:
        self.number = number
        self.update_title()

    def update_title(self) -> None:
        base = f"{self.spec.item_label or self.spec.label} {self.number}"
        name = ""
        if "name" in self.form.rows:
            name = str(self.form.rows["name"].editor.value()).strip()
        text = f"{base}: {name}" if name else base
        if self.title.text() != text:
            self.title.setText(text)
        self.remove.setAccessibleName(f"Remove {base}")

    def value(self) -> dict[str, Any]:
        return {"key": self.key, **self.form.values()}

    def inputs(self) -> list[QWidget]:
        return [*self.form.inputs(), self.remove]


class GroupEditor(Editor):
    """A list of records (young people, devices, actions), each with Remove; an Add button."""

    def __init__(self, spec: FieldSpec) -> None:
        super().__init__(spec)
        self.items: list[GroupItem] = []
        self._children: Children = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.items_box = QVBoxLayout()
        self.items_box.setSpacing(8)
        layout.addLayout(self.items_box)
        self.add_button = button(mnemonic_safe(spec.add_label or f"Add {spec.item_label}"))
        self.add_button.setAccessibleName(spec.add_label or f"Add {spec.item_label}")
        self.add_button.clicked.connect(self.add_clicked)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addStretch(1)
        layout.addLayout(row)

    def add_clicked(self) -> GroupItem:
        item = self.add_item()
        target = item.form.focus_target("")
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)
        self.structure_changed.emit()
        self._emit_changed()
        return item

    def add_item(self, values: dict[str, Any] | None = None) -> GroupItem:
        record = dict(values or {})
        key = str(record.pop("key", "") or uuid.uuid4().hex)
        item = GroupItem(self.spec, key)
        item.form.set_values(record)
        item.form.set_children(self._children)
        item.form.changed.connect(self._emit_changed)
        item.form.submitted.connect(self.submitted.emit)
        item.form.structure_changed.connect(self.structure_changed.emit)
        item.remove.clicked.connect(lambda: self.remove_item(item))
        self.items.append(item)
        self.items_box.addWidget(item)
        item.set_number(len(self.items))
        return item

    def remove_item(self, item: GroupItem) -> None:
        if item not in self.items:
            return
        index = self.items.index(item)
        self.items.remove(item)
        self.items_box.removeWidget(item)
        item.hide()
        item.deleteLater()
        for n, other in enumerate(self.items, start=1):
            other.set_number(n)
        # Focus goes somewhere sensible, never lost.
        if index < len(self.items):
            self.items[index].remove.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.add_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.structure_changed.emit()
        self._emit_changed()

    def ensure_min_items(self) -> bool:
        """A visible group that needs records starts with empty ones to fill in."""
        added = False
        while len(self.items) < self.spec.min_items:
            self.add_item()
            added = True
        return added

    def value(self) -> list[dict[str, Any]]:
        return [item.value() for item in self.items]

    def _show(self, value: Any) -> None:
        for item in self.items:
            self.items_box.removeWidget(item)
            item.hide()
            item.deleteLater()
        self.items = []
        for record in value if isinstance(value, list) else []:
            if isinstance(record, dict):
                self.add_item(record)

    def inputs(self) -> list[QWidget]:
        found: list[QWidget] = []
        for item in self.items:
            found += item.inputs()
        return [*found, self.add_button]

    def set_label(self, text: str) -> None:
        """The records' own questions carry the names; the section label is a heading."""

    def set_description(self, text: str) -> None:
        self.add_button.setAccessibleDescription(text)

    def set_invalid(self, bad: bool) -> None:
        """A group's own problem (too few records) marks nothing: the message says it."""

    def _item(self, path: str) -> tuple[GroupItem | None, str]:
        index, _, rest = path.partition(".")
        if index.isdigit() and int(index) < len(self.items):
            return self.items[int(index)], rest
        return None, ""

    def focus_target(self, path: str = "") -> QWidget | None:
        item, rest = self._item(path)
        if item is not None:
            return item.form.focus_target(rest)
        return self.items[0].form.focus_target("") if self.items else self.add_button

    def show_nested(self, problems: list[Problem]) -> None:
        by_item: dict[int, list[Problem]] = {}
        for p in problems:
            index, _, rest = p.path.partition(".")
            if index.isdigit():
                by_item.setdefault(int(index), []).append(Problem(rest, p.message, p.severity))
        for n, item in enumerate(self.items):
            item.form.show_problems(by_item.get(n, []))

    def describe(self, path: str) -> str:
        item, rest = self._item(path)
        if item is None:
            return ""
        return f"{item.title_text()}: {item.form.describe(rest)}" if rest else item.title_text()

    def set_children(self, children: Children) -> None:
        self._children = children
        for item in self.items:
            item.form.set_children(children)


class ChildRecord(_Record):
    def __init__(self, spec: FieldSpec, key: str) -> None:
        super().__init__(spec)
        self.key = key

    def set_name(self, name: str) -> None:
        if self.title.text() != name:
            self.title.setText(name)  # plain text: a name is shown exactly as typed


class PerChildEditor(Editor):
    """One record for each young person on page 1, headed by their name."""

    NO_CHILDREN = "Add the young people on the first page; a record for each appears here."

    def __init__(self, spec: FieldSpec) -> None:
        super().__init__(spec)
        self.records: dict[str, ChildRecord] = {}
        self._stash: dict[str, dict[str, Any]] = {}  # saved records not yet shown
        self._known = False  # set_children has been called at least once
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        self.none_label = plain_label(self.NO_CHILDREN, "hint")
        layout.addWidget(self.none_label)
        self.records_box = QVBoxLayout()
        self.records_box.setSpacing(12)
        layout.addLayout(self.records_box)

    def set_children(self, children: Children) -> None:
        wanted = [key for key, _ in children]
        structure = False
        for key in list(self.records):
            if key not in wanted:
                gone = self.records.pop(key)
                self._stash[key] = gone.form.values()
                self.records_box.removeWidget(gone)
                gone.hide()
                gone.deleteLater()
                structure = True
        for key, name in children:
            record = self.records.get(key)
            if record is None:
                record = ChildRecord(self.spec, key)
                record.form.set_values(self._stash.pop(key, {}))
                record.form.changed.connect(self._emit_changed)
                record.form.submitted.connect(self.submitted.emit)
                record.form.structure_changed.connect(self.structure_changed.emit)
                self.records[key] = record
                structure = True
            record.set_name(name)
            record.form.set_children(children)
        if structure:
            for key in wanted:  # the order of page 1
                self.records_box.removeWidget(self.records[key])
                self.records_box.addWidget(self.records[key])
                self.records[key].show()
        self.none_label.setVisible(not children)
        self._known = True
        if structure:
            # Not a change to save: a new record is empty, and a removed child's record is
            # ignored by the checks and by Finish. The page is saved when it is next left.
            self.structure_changed.emit()

    def value(self) -> dict[str, dict[str, Any]]:
        if not self._known:
            return {k: dict(v) for k, v in self._stash.items()}
        return {key: record.form.values() for key, record in self.records.items()}

    def _show(self, value: Any) -> None:
        records = value if isinstance(value, dict) else {}
        self._stash = {str(k): dict(v) for k, v in records.items() if isinstance(v, dict)}
        for key, record in self.records.items():
            record.form.set_values(self._stash.pop(key, {}))

    def inputs(self) -> list[QWidget]:
        found: list[QWidget] = []
        for record in self.records.values():
            found += record.form.inputs()
        return found

    def set_invalid(self, bad: bool) -> None:
        """Problems are shown on each young person's own questions."""

    def set_description(self, text: str) -> None:
        """Each record's questions keep their own descriptions."""

    def focus_target(self, path: str = "") -> QWidget | None:
        key, _, rest = path.partition(".")
        record = self.records.get(key)
        if record is not None:
            return record.form.focus_target(rest)
        first = next(iter(self.records.values()), None)
        return first.form.focus_target("") if first is not None else None

    def show_nested(self, problems: list[Problem]) -> None:
        by_key: dict[str, list[Problem]] = {}
        for p in problems:
            key, _, rest = p.path.partition(".")
            by_key.setdefault(key, []).append(Problem(rest, p.message, p.severity))
        for key, record in self.records.items():
            record.form.show_problems(by_key.get(key, []))

    def describe(self, path: str) -> str:
        key, _, rest = path.partition(".")
        record = self.records.get(key)
        if record is None:
            return ""
        return f"{record.title_text()}: {record.form.describe(rest)}" if rest else ""


EDITORS: dict[str, type[Editor]] = {
    "line": LineEditor,
    "text": TextEditor,
    "date": DateEditor,
    "datetime": DateEditor,
    "number": NumberEditor,
    "choice": ChoiceEditor,
    "multi": MultiEditor,
    "check": CheckEditor,
    "group": GroupEditor,
    "per_child": PerChildEditor,
}


def make_editor(spec: FieldSpec) -> Editor:
    return EDITORS[spec.type](spec)


# -- a question with its label and messages, and a list of questions ----------


class Row(QWidget):
    """Question label, format hint, the editor, then its errors and notes right under it."""

    def __init__(self, spec: FieldSpec) -> None:
        super().__init__()
        self.spec = spec
        self.current_label = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 8)
        layout.setSpacing(4)
        self.editor = make_editor(spec)
        self.label: QLabel | None = None
        if self.editor.labelled_by_row:
            self.label = QLabel()
            self.label.setTextFormat(Qt.TextFormat.PlainText)
            self.label.setWordWrap(True)
            self.label.setProperty("role", "section" if spec.is_container else "question")
            buddy = self.editor.buddy()
            if buddy is not None:
                self.label.setBuddy(buddy)
            layout.addWidget(self.label)
        if self.editor.hint_text:
            layout.addWidget(plain_label(self.editor.hint_text, "hint"))
        layout.addWidget(self.editor)
        # An answer saved in an older format that this editor cannot show (see Form).
        self.earlier = QFrame()
        self.earlier.setProperty("role", "earlier")
        earlier_box = QVBoxLayout(self.earlier)
        earlier_box.setContentsMargins(12, 6, 12, 6)
        earlier_box.setSpacing(2)
        self.earlier_text = plain_label("", "note")
        self.earlier_text.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        earlier_box.addWidget(self.earlier_text)
        self.earlier_remove = link_button(EARLIER_REMOVE)
        earlier_box.addWidget(self.earlier_remove)
        self.earlier.hide()
        layout.addWidget(self.earlier)
        self.errors = plain_label("", "error")
        self.errors.hide()
        self.notes = plain_label("", "note")
        self.notes.hide()
        layout.addWidget(self.errors)
        layout.addWidget(self.notes)
        self.extras = QVBoxLayout()
        layout.addLayout(self.extras)
        self._messages: list[str] = []
        self._earlier_words = ""
        self.set_label(spec.label)

    def set_label(self, text: str) -> None:
        if text == self.current_label:
            return
        self.current_label = text
        if self.label is not None:
            buddied = self.label.buddy() is not None
            self.label.setText(mnemonic_safe(text) if buddied else text)
        self.editor.set_label(text)
        self._describe()

    def add_extra(self, widget: QWidget) -> None:
        self.extras.addWidget(widget)

    def show_earlier(self, value: Any, present: bool) -> None:
        """Show (or hide) an answer saved earlier that the editor cannot show."""
        if present:
            text = draft_format.readable(value, self.spec) or "(blank)"
            if len(text) > EARLIER_MAX:
                text = f"{text[:EARLIER_MAX]}… ({len(text) - EARLIER_MAX:,} more characters)"
            words = EARLIER_TEXT.format(value=text)
            self.earlier_text.setText(words)
            self.earlier_text.setAccessibleName(words)
            self.earlier_remove.setAccessibleName(f"{EARLIER_REMOVE}: {self.current_label}")
        self.earlier.setVisible(present)
        self._earlier_words = self.earlier_text.text() if present else ""
        self._describe()

    def _near(self, message: str) -> str:
        """Next to its question a message need not repeat it: 'Why?: this is required.'
        reads 'This is required.' there (the page's summary names the question)."""
        prefix = f"{self.current_label}: "
        if message.startswith(prefix) and len(message) > len(prefix):
            rest = message[len(prefix) :]
            return rest[0].upper() + rest[1:]
        return message

    def show_problems(self, own: list[Problem], nested: list[Problem]) -> None:
        errors = [self._near(p.message) for p in own if p.severity == "error"]
        notes = [self._near(p.message) for p in own if p.severity != "error"]
        for label, texts in ((self.errors, errors), (self.notes, notes)):
            text = "\n".join(texts)
            if label.text() != text:
                label.setText(text)
                label.setAccessibleName(text)
            label.setVisible(bool(texts))
        self.editor.set_invalid(bool(errors))
        self._messages = errors + notes
        self._describe()
        self.editor.show_nested(nested)

    def _describe(self) -> None:
        # A screen reader reads the problem, then the help, when an input gets focus.
        # Options name themselves, so they also carry the question.
        parts = [*self._messages, self._earlier_words, self.spec.help]
        if self.spec.type in ("choice", "multi"):
            parts.insert(0, self.current_label)
        self.editor.set_description(" ".join(p for p in parts if p))


class Form(QWidget):
    """A list of questions. Branching (show_if) and rewording (label_if) follow the answers live."""

    changed = Signal()
    submitted = Signal()
    structure_changed = Signal()

    def __init__(self, fields: tuple[FieldSpec, ...]) -> None:
        super().__init__()
        self.rows: dict[str, Row] = {}
        self._extra: dict[str, Any] = {}  # saved answers the spec no longer asks: kept as they are
        # Answers saved in a format their editor cannot show (a list where text is asked, a
        # choice no longer offered...): kept and shown beside the question, never emptied.
        self._earlier: dict[str, Any] = {}
        self._loading = False
        self._branching = any(f.show_if or f.label_if or f.min_items for f in fields)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        for f in fields:
            row = Row(f)
            self.rows[f.id] = row
            layout.addWidget(row)
            row.editor.changed.connect(self._on_change)
            row.editor.submitted.connect(self.submitted.emit)
            row.editor.structure_changed.connect(self.structure_changed.emit)
            row.editor.set_value(default_for(f))
            row.earlier_remove.clicked.connect(lambda _=False, fid=f.id: self.remove_earlier(fid))
        self.refresh()

    def values(self) -> dict[str, Any]:
        out = dict(self._extra)
        replaced: dict[str, Any] = {}
        for fid, row in self.rows.items():
            value = row.editor.value()
            if fid in self._earlier:
                if value == default_for(row.spec):
                    value = self._earlier[fid]  # not answered again yet: kept where it was
                else:
                    replaced[fid] = self._earlier[fid]  # answered again: kept beside it
            out[fid] = value
        if replaced:
            out[draft_format.EARLIER_KEY] = replaced
        return out

    def set_values(self, values: dict[str, Any]) -> None:
        kept = values.get(draft_format.EARLIER_KEY)
        kept = dict(kept) if isinstance(kept, dict) else {}
        self._loading = True
        try:
            skip = {*self.rows, draft_format.EARLIER_KEY}
            self._extra = {k: v for k, v in values.items() if k not in skip}
            # An earlier answer to a question no longer asked stays with the others.
            orphans = {k: v for k, v in kept.items() if k not in self.rows}
            if orphans:
                self._extra[draft_format.EARLIER_KEY] = orphans
            self._earlier = {}
            for fid, row in self.rows.items():
                value = values.get(fid, default_for(row.spec))
                if not draft_format.fits(row.spec, value):
                    self._earlier[fid] = value
                    value = default_for(row.spec)
                elif fid in kept:
                    self._earlier[fid] = kept[fid]
                row.editor.set_value(value)
                row.show_earlier(self._earlier.get(fid), fid in self._earlier)
        finally:
            self._loading = False
        self.refresh()

    def remove_earlier(self, fid: str) -> None:
        """The DSL has retyped it (or does not need it): the earlier answer goes."""
        if fid not in self._earlier:
            return
        del self._earlier[fid]
        row = self.rows[fid]
        row.show_earlier(None, False)
        target = row.editor.focus_target("")
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)
        self.structure_changed.emit()  # the button left the tab order
        self.changed.emit()

    def unfit(self, prefix: str = "") -> list[Problem]:
        """Questions still holding an earlier answer their editor cannot show: Finish needs
        them answered again (or the earlier answer removed). Hidden questions are skipped."""
        out: list[Problem] = []
        for fid, row in self.rows.items():
            if row.isHidden():
                continue
            path = f"{prefix}{fid}"
            if fid in self._earlier and row.editor.value() == default_for(row.spec):
                out.append(Problem(path, UNFIT_PROBLEM.format(label=row.current_label)))
            editor = row.editor
            if isinstance(editor, GroupEditor):
                for n, item in enumerate(editor.items):
                    out += item.form.unfit(f"{path}.{n}.")
            elif isinstance(editor, PerChildEditor):
                for key, record in editor.records.items():
                    out += record.form.unfit(f"{path}.{key}.")
        return out

    def refresh(self) -> None:
        """Show only the questions that apply, worded for the answers given."""
        if not self._branching:
            return
        values = self.values()
        grew = False
        for row in self.rows.values():
            visible = is_visible(row.spec, values)
            if row.isHidden() == visible:
                row.setVisible(visible)
            if row.spec.label_if:
                row.set_label(row.spec.label_for(values))
            if visible and isinstance(row.editor, GroupEditor):
                grew = row.editor.ensure_min_items() or grew
        if grew:
            self.structure_changed.emit()

    def _on_change(self) -> None:
        if self._loading:
            return
        self.refresh()
        self.changed.emit()

    def set_children(self, children: Children) -> None:
        for row in self.rows.values():
            row.editor.set_children(children)

    def inputs(self) -> list[QWidget]:
        found: list[QWidget] = []
        for row in self.rows.values():
            found += row.editor.inputs()
            if not row.earlier.isHidden():
                found.append(row.earlier_remove)
            for i in range(row.extras.count()):
                item = row.extras.itemAt(i)
                widget = item.widget() if item is not None else None
                if widget is not None and widget.focusPolicy() != Qt.FocusPolicy.NoFocus:
                    found.append(widget)
        return found

    def show_problems(self, problems: list[Problem]) -> None:
        """Each problem next to its question; paths are relative to this form."""
        own: dict[str, list[Problem]] = {}
        nested: dict[str, list[Problem]] = {}
        for p in problems:
            head, _, rest = p.path.partition(".")
            if rest:
                nested.setdefault(head, []).append(Problem(rest, p.message, p.severity))
            else:
                own.setdefault(head, []).append(p)
        for fid, row in self.rows.items():
            row.show_problems(own.get(fid, []), nested.get(fid, []))

    def focus_target(self, path: str) -> QWidget | None:
        head, _, rest = path.partition(".")
        row = self.rows.get(head)
        if row is None:
            for row in self.rows.values():
                if not row.isHidden():
                    return row.editor.focus_target("")
            return None
        return row.editor.focus_target(rest)

    def editor_at(self, path: str) -> Editor | None:
        """The editor for one answer: 'summary', 'young_people.1.name', 'parents.<key>.who'."""
        head, _, rest = path.partition(".")
        row = self.rows.get(head)
        if row is None:
            return None
        if not rest:
            return row.editor
        inner, _, deeper = rest.partition(".")
        editor = row.editor
        if isinstance(editor, GroupEditor) and inner.isdigit() and int(inner) < len(editor.items):
            return editor.items[int(inner)].form.editor_at(deeper)
        if isinstance(editor, PerChildEditor) and inner in editor.records:
            return editor.records[inner].form.editor_at(deeper)
        return None

    def describe(self, path: str) -> str:
        """A readable name for the question at `path`, e.g. 'Young person 2: Full name'."""
        head, _, rest = path.partition(".")
        row = self.rows.get(head)
        if row is None:
            return ""
        inner = row.editor.describe(rest) if rest else ""
        return inner or row.current_label
