"""One editor per question type, chosen by the type the spec gives (`make_editor`).

`base` is what every editor is; `inputs` the boxes typed into; `typed` a line,
number, date or text; `options` choices and tick boxes; `groups` lists of
records. Every editor holds its answer in the draft format and says so through
`changed`.
"""

from __future__ import annotations

from app.ui.wizard.editors.base import Children, Editor, default_for, mnemonic_safe
from app.ui.wizard.editors.groups import ChildRecord, GroupEditor, GroupItem, PerChildEditor
from app.ui.wizard.editors.inputs import ClickLabel, LineInput, TextInput
from app.ui.wizard.editors.options import CheckEditor, ChoiceEditor, MultiEditor
from app.ui.wizard.editors.shown import ShownEditor
from app.ui.wizard.editors.typed import DateEditor, LineEditor, NumberEditor, TextEditor
from app.wizard.spec import FieldSpec

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
    "shown": ShownEditor,
}


def make_editor(spec: FieldSpec) -> Editor:
    return EDITORS[spec.type](spec)


__all__ = [
    "EDITORS",
    "CheckEditor",
    "ChildRecord",
    "Children",
    "ChoiceEditor",
    "ClickLabel",
    "DateEditor",
    "Editor",
    "GroupEditor",
    "GroupItem",
    "LineEditor",
    "LineInput",
    "MultiEditor",
    "NumberEditor",
    "PerChildEditor",
    "ShownEditor",
    "TextEditor",
    "TextInput",
    "default_for",
    "make_editor",
    "mnemonic_safe",
]
