"""Lists of records: a group (young people, devices, actions) and one record per young person.

Each record is a small Form of its own questions, so problems, focus and
descriptions pass down by path ('young_people.1.name', 'parents.<key>.who').
"""

from __future__ import annotations

import uuid
from typing import Any

from app.ui.qt import QFrame, QHBoxLayout, Qt, QVBoxLayout, QWidget
from app.ui.widgets import button, plain_label
from app.ui.wizard.editors.base import Children, Editor, mnemonic_safe
from app.wizard.spec import FieldSpec
from app.wizard.validate import Problem

REMOVED = "{what} removed."
UNDO_NAME = "Undo removing {what}"


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
        # A record is a form of editors, and form.py imports every editor: so Form comes here.
        from app.ui.wizard.form import Form

        self.form = Form(spec.fields, self)
        self.layout_.addWidget(self.form)

    def title_text(self) -> str:
        return self.title.text()


class GroupItem(_Record):
    def __init__(self, spec: FieldSpec, key: str) -> None:
        super().__init__(spec)
        self.key = key
        self.number = 0
        self.outer = ""  # the record the list itself is in (a child's name), if any
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
        full = f"{self.outer}: {base}" if self.outer else base
        self.remove.setAccessibleName(f"Remove {full}")
        self.form.set_context(full)

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
        self._context = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.items_box = QVBoxLayout()
        self.items_box.setSpacing(8)
        layout.addLayout(self.items_box)
        self.add_button = button(mnemonic_safe(spec.add_label or f"Add {spec.item_label}"))
        self.add_button.setAccessibleName(spec.add_label or f"Add {spec.item_label}")
        self.add_button.clicked.connect(self.add_clicked)
        # After Remove: "Young person 2: Sam removed." and Undo, until the next Add or Remove.
        self._removed: tuple[int, dict[str, Any], str] | None = None
        self.undo_bar = QFrame()
        self.undo_bar.setProperty("role", "earlier")
        undo_row = QHBoxLayout(self.undo_bar)
        undo_row.setContentsMargins(12, 6, 12, 6)
        self.undo_text = plain_label()
        undo_row.addWidget(self.undo_text, 1)
        self.undo_button = button("&Undo")
        self.undo_button.clicked.connect(self.undo_remove)
        undo_row.addWidget(self.undo_button)
        self.undo_bar.hide()
        layout.addWidget(self.undo_bar)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addStretch(1)
        layout.addLayout(row)

    def add_clicked(self) -> GroupItem:
        self._forget_removed()
        item = self.add_item()
        target = item.form.focus_target("")
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)
        self.structure_changed.emit()
        self._emit_changed()
        return item

    def add_item(self, values: dict[str, Any] | None = None, at: int | None = None) -> GroupItem:
        record = dict(values or {})
        key = str(record.pop("key", "") or uuid.uuid4().hex)
        item = GroupItem(self.spec, key)
        item.form.set_values(record)
        item.form.set_children(self._children)
        item.form.changed.connect(self._emit_changed)
        item.form.submitted.connect(self.submitted.emit)
        item.form.structure_changed.connect(self.structure_changed.emit)
        item.remove.clicked.connect(lambda: self.remove_item(item))
        item.outer = self._context
        index = len(self.items) if at is None else max(0, min(at, len(self.items)))
        self.items.insert(index, item)
        self.items_box.insertWidget(index, item)
        for n, other in enumerate(self.items, start=1):
            other.set_number(n)
        return item

    def remove_item(self, item: GroupItem) -> None:
        """Remove a record at once, with an Undo under the list (focused: Space undoes it)
        until the next Add or Remove in this list."""
        if item not in self.items:
            return
        index = self.items.index(item)
        self._forget_removed()
        self._removed = (index, item.value(), item.title_text())
        self.items.remove(item)
        self.items_box.removeWidget(item)
        item.hide()
        item.deleteLater()
        for n, other in enumerate(self.items, start=1):
            other.set_number(n)
        self.undo_text.setText(REMOVED.format(what=self._removed[2]))
        what = f"{self._context}: {self._removed[2]}" if self._context else self._removed[2]
        self.undo_button.setAccessibleName(UNDO_NAME.format(what=what))
        self.undo_bar.show()
        self.undo_button.setFocus(Qt.FocusReason.OtherFocusReason)  # never lost
        self.structure_changed.emit()
        self._emit_changed()

    def undo_remove(self) -> GroupItem | None:
        """Put the record last removed back where it was, as it was."""
        if self._removed is None:
            return None
        index, values, _title = self._removed
        self._forget_removed()
        item = self.add_item(values, at=index)
        item.remove.setFocus(Qt.FocusReason.OtherFocusReason)
        self.structure_changed.emit()
        self._emit_changed()
        return item

    def _forget_removed(self) -> None:
        self._removed = None
        self.undo_bar.hide()

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
        self._forget_removed()
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
        undo = [self.undo_button] if not self.undo_bar.isHidden() else []
        return [*found, *undo, self.add_button]

    def set_label(self, text: str) -> None:
        """The records' own questions carry the names; the section label is a heading."""
        self.add_button.setAccessibleName(self._add_words())

    def _add_words(self) -> str:
        words = self.spec.add_label or f"Add {self.spec.item_label}"
        return f"{words}: {self._context}" if self._context else words

    def set_context(self, context: str) -> None:
        self._context = context
        self.add_button.setAccessibleName(self._add_words())
        for item in self.items:
            item.outer = context
            item.update_title()

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
        self._context = ""
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
            record.form.set_context(f"{self._context}: {name}" if self._context else name)
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

    def set_context(self, context: str) -> None:
        self._context = context
        for record in self.records.values():
            name = record.title_text()
            record.form.set_context(f"{context}: {name}" if context else name)

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
