"""The form that lays a list of questions out, and keeps answers saved earlier that no longer fit.

A Row is one question: its label, format hint, editor, messages, and an answer
saved in an older format that the editor cannot show. A Form is a list of rows
whose branching (show_if) and rewording (label_if) follow the answers live.
"""

from __future__ import annotations

from typing import Any

from app.ui.qt import QLabel, QPushButton, Qt, QVBoxLayout, QWidget, Signal
from app.ui.widgets import plain_label
from app.ui.wizard.earlier import UNFIT_PROBLEM, EarlierAnswer
from app.ui.wizard.editors import Children, Editor, default_for, make_editor, mnemonic_safe
from app.ui.wizard.editors.groups import GroupEditor, PerChildEditor
from app.ui.wizard.editors.shown import ShownEditor
from app.wizard import draft_format
from app.wizard.spec import FieldSpec, is_visible
from app.wizard.validate import Problem


class Row(QWidget):
    """Question label, format hint, the editor, then its errors and notes right under it."""

    earlier_removed = Signal()  # the DSL clicked "Remove the earlier answer"

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
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
        # An answer saved in an older format that this editor cannot show (see Form): made
        # the first time one is shown, here under the editor. Few questions ever need one.
        self._layout = layout
        self._earlier_at = layout.count()
        self._earlier: EarlierAnswer | None = None
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
        self.context = ""  # whose record the question is in: "Young person 2", a child's name
        self.set_label(spec.label)

    def named(self, text: str) -> str:
        """What a screen reader calls the question: with its record when it is in one
        ("Young person 2: Full name"), so that no two inputs on a page share a name."""
        return f"{self.context}: {text}" if self.context else text

    def set_label(self, text: str) -> None:
        if text == self.current_label:
            return
        self.current_label = text
        if self.label is not None:
            buddied = self.label.buddy() is not None
            self.label.setText(mnemonic_safe(text) if buddied else text)
        self._label_editor()
        self._describe()

    def set_context(self, context: str) -> None:
        if context == self.context:
            return
        self.context = context
        self._label_editor()
        self.editor.set_context(context)

    def _label_editor(self) -> None:
        if self.editor.labelled_by_row:
            self.editor.set_label(self.named(self.current_label))
        else:  # a tick box shows its question itself: the record goes in its name only
            self.editor.set_label(self.current_label)
            self.editor.set_name(self.named(self.current_label))

    def add_extra(self, widget: QWidget) -> None:
        self.extras.addWidget(widget)

    @property
    def earlier(self) -> EarlierAnswer:
        """The box showing an earlier answer (hidden while there is none)."""
        if self._earlier is None:
            self._earlier = EarlierAnswer()
            self._earlier.remove.clicked.connect(self.earlier_removed)
            self._layout.insertWidget(self._earlier_at, self._earlier)
        return self._earlier

    @property
    def earlier_text(self) -> QLabel:
        return self.earlier.words

    @property
    def earlier_remove(self) -> QPushButton:
        return self.earlier.remove

    def earlier_shown(self) -> bool:
        return self._earlier is not None and not self._earlier.isHidden()

    def show_earlier(self, value: Any, present: bool) -> None:
        """Show (or hide) an answer saved earlier that the editor cannot show."""
        if not present and self._earlier is None:
            return  # nothing shown, nothing to hide
        if present:
            self.earlier.show_value(value, self.spec, self.current_label)
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

    def __init__(self, fields: tuple[FieldSpec, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
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
            row = Row(f, self)  # made in place: see IncidentWizard._build_pages
            self.rows[f.id] = row
            layout.addWidget(row)
            row.editor.changed.connect(self._on_change)
            row.editor.submitted.connect(self.submitted.emit)
            row.editor.structure_changed.connect(self.structure_changed.emit)
            row.editor.set_value(default_for(f))
            row.earlier_removed.connect(lambda fid=f.id: self.remove_earlier(fid))
        self.refresh()

    def values(self) -> dict[str, Any]:
        out = dict(self._extra)
        replaced: dict[str, Any] = {}
        for fid, row in self.rows.items():
            value = row.editor.value()
            if isinstance(row.editor, ShownEditor) and fid not in self._earlier:
                continue  # asked, and kept, on another page
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

    def show_pages(self, pages: dict[str, dict[str, Any]]) -> None:
        """Answers asked once on other pages, shown where this page repeats them."""
        for row in self.rows.values():
            if isinstance(row.editor, ShownEditor):
                row.editor.show_pages(pages)

    def shown_editors(self) -> list[ShownEditor]:
        return [r.editor for r in self.rows.values() if isinstance(r.editor, ShownEditor)]

    def set_context(self, context: str) -> None:
        """The record these questions are in, which their accessible names begin with."""
        for row in self.rows.values():
            row.set_context(context)

    def inputs(self) -> list[QWidget]:
        found: list[QWidget] = []
        for row in self.rows.values():
            found += row.editor.inputs()
            if row.earlier_shown():
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
