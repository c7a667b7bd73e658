"""Shared test data and checks for the UI tests."""

from __future__ import annotations

from typing import TypeVar

from app.ui.casefile.tables import RowsModel
from app.ui.qt import (
    QAbstractButton,
    QAccessible,
    QCheckBox,
    QDialog,
    QLabel,
    QLineEdit,
    Qt,
    QTableView,
    QWidget,
)

USERNAME = "jsmith"
PASSWORD = "Correct horse battery 7"
DISPLAY_NAME = "Jo Smith"
SCHOOL = "St Aidan's C of E Academy"


def assert_accessible(window: QWidget) -> None:
    """Every input is labelled: its accessible name is its buddy label's text."""
    buddies = {id(label.buddy()): label for label in window.findChildren(QLabel) if label.buddy()}
    edits = window.findChildren(QLineEdit)
    assert edits
    for edit in edits:
        label = buddies.get(id(edit))
        assert label is not None, f"no label for {edit.accessibleName()!r}"
        expected = label.text().replace("&", "")
        assert expected
        assert edit.accessibleName() == expected
    for box in window.findChildren(QCheckBox):
        assert box.accessibleName()
        assert box.accessibleName() == box.text().replace("&", "")


# -- finding widgets as a user does: by the words on them or their label --------------------
W = TypeVar("W", bound=QWidget)


def words(text: str) -> str:
    """What a user reads on a button or label: without the mnemonic's "&"."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _name_of(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, QAbstractButton | QLabel) else ""
    return words(text) if text else ""


def find(window: QWidget, kind: type[W], name: str, *, visible: bool = True) -> W:
    """The one `kind` in `window` whose words or accessible name are `name`.

    A button is found by its text ("Close case…", the "&" left out), an input by
    its label (its accessible name), a list or table by its accessible name.
    `visible`: only what is on screen now (a hidden page's twin is left out).
    """
    found = [
        w
        for w in window.findChildren(kind)
        if name in (_name_of(w), w.accessibleName()) and (w.isVisible() or not visible)
    ]
    assert len(found) == 1, f"{len(found)} {kind.__name__}s named {name!r}"
    return found[0]


def button_named(window: QWidget, name: str, *, visible: bool = True) -> QAbstractButton:
    return find(window, QAbstractButton, name, visible=visible)


def field(window: QWidget, label: str, kind: type[W], *, visible: bool = True) -> W:
    """The `kind` of input labelled `label` (mnemonic "&" left out)."""
    return find(window, kind, words(label), visible=visible)


def label_named(window: QWidget, name: str, *, visible: bool = True) -> QLabel:
    """The label whose accessible name is `name` (a status line, a title, a count)."""
    return find(window, QLabel, name, visible=visible)


def table_named(window: QWidget, name: str, *, visible: bool = False) -> QTableView:
    """The table a screen reader announces as `name` (on any tab, shown or not)."""
    return find(window, QTableView, name, visible=visible)


def rows_of(window: QWidget, name: str) -> RowsModel:
    """The rows the table `name` shows, cell by cell as text (`.text(row, column)`)."""
    model = table_named(window, name).model()
    assert isinstance(model, RowsModel)
    return model


def open_dialog(window: QWidget) -> QDialog:
    """The dialog open over `window` now (the one a user sees in front of it)."""
    found = [d for d in window.findChildren(QDialog) if d.isVisible() and d.parent() is window]
    assert len(found) == 1, f"{len(found)} dialogs open"
    return found[0]


def shown_texts(window: QWidget, table: str) -> list[tuple[str, ...]]:
    """What the table `table` shows now, row by row, as a screen reader reads it."""
    model = table_named(window, table).model()
    return [
        tuple(str(model.data(model.index(r, c))) for c in range(model.columnCount()))
        for r in range(model.rowCount())
    ]


# -- every control a keyboard reaches, named once -------------------------------------------
def takes_tab_focus(widget: QWidget) -> bool:
    """True when Tab can stop on `widget` now (shown, enabled, and not standing in for another)."""
    if widget.focusProxy() is not None:
        return False
    policy = widget.focusPolicy()
    return (
        (policy & Qt.FocusPolicy.TabFocus) == Qt.FocusPolicy.TabFocus
        and widget.isVisible()
        and widget.isEnabled()
    )


def spoken_name(widget: QWidget) -> str:
    """The name a screen reader announces for `widget` (Qt's accessibility interface)."""
    face = QAccessible.queryAccessibleInterface(widget)
    return (face.text(QAccessible.Text.Name) if face is not None else "") or ""


def focusable(window: QWidget) -> list[QWidget]:
    """Every control in `window` that Tab can stop on now."""
    found = [window] if takes_tab_focus(window) else []
    return found + [w for w in window.findChildren(QWidget) if takes_tab_focus(w)]


def unnamed_or_repeated(window: QWidget) -> list[str]:
    """What a screen reader user would stumble on: a control with no name, or two alike."""
    problems: list[str] = []
    seen: dict[str, QWidget] = {}
    for widget in focusable(window):
        name = spoken_name(widget).strip()
        if not name:
            problems.append(f"a {type(widget).__name__} with no name")
        elif name in seen:
            problems.append(f"two controls named {name!r}")
        else:
            seen[name] = widget
    return problems
