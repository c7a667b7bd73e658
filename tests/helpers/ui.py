"""Shared test data and checks for the UI tests."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from pytestqt.qtbot import QtBot

from app.ui.casefile.tables import RowsModel
from app.ui.qt import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QCheckBox,
    QDialog,
    QLabel,
    QLineEdit,
    QMenuBar,
    QPoint,
    QRect,
    Qt,
    QTabBar,
    QTableView,
    QToolButton,
    QWidget,
)
from app.ui.screen_fit import settle_layouts
from app.ui.widgets import mnemonic_letter

if TYPE_CHECKING:
    from app.ui.casefile import CaseFileWindow

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
    problems = unnamed_or_repeated(window)
    assert not problems, "; ".join(problems)


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
    """The name a screen reader announces for `widget`, as Qt's accessibility gives it
    on Windows: its accessible name, or else a button's words, or the chosen tab's name."""
    if widget.accessibleName():
        return widget.accessibleName()
    if isinstance(widget, QAbstractButton):
        return words(widget.text())
    if isinstance(widget, QTabBar) and widget.currentIndex() >= 0:
        n = widget.currentIndex()
        return widget.accessibleTabName(n) or words(widget.tabText(n))
    return ""


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


def in_window(window: QWidget) -> list[QWidget]:
    """The controls Tab can stop on in `window` itself (not in a dialog it has open)."""
    return [w for w in focusable(window) if w.window() is window]


def tab_walk(qtbot: QtBot, window: QWidget, start: QWidget | None = None) -> list[QWidget]:
    """Press Tab from `start` (the window's first stop) until the focus is back there.

    Returns every stop, the start first. Fails if Tab gets stuck, or comes round
    to a control a second time before reaching the start again.
    """
    stops = in_window(window)
    assert stops, "nothing here takes the focus"
    first = start or _first_in_chain(window, stops)
    window.activateWindow()
    first.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is first, timeout=2000)
    walked = [first]
    for _ in range(len(stops) + 2):
        here = QApplication.focusWidget()
        assert here is not None
        qtbot.keyClick(here, Qt.Key.Key_Tab)
        now = QApplication.focusWidget()
        assert now is not None, f"Tab from {describe(here)} left nothing focused"
        if now is first:
            return walked
        assert now is not here, f"Tab is stuck on {describe(here)}"
        assert now not in walked, (
            f"Tab came back to {describe(now)} without reaching {describe(first)}: "
            + " -> ".join(describe(w) for w in [*walked, now])
        )
        walked.append(now)
    raise AssertionError("Tab never came back: " + " -> ".join(describe(w) for w in walked))


def first_to_read(window: QWidget) -> QWidget:
    """The control a reader meets first: the top one, the left one of a line (the first
    in Tab order among those in one scrolling area, which scroll to meet the reader)."""
    stops = in_window(window)
    chain: dict[QWidget, int] = {}
    widget: QWidget | None = window.nextInFocusChain()
    while widget is not None and widget is not window:
        chain.setdefault(widget, len(chain))
        widget = widget.nextInFocusChain()

    def place(w: QWidget) -> tuple[int, int, int]:
        at = _place(w, window)
        return (at.top(), at.left(), chain.get(w, 0))

    # The first line is every control beside the top one (a button a pixel higher in a
    # framed strip is still on the same line); the reader starts at its left end.
    top = _place(min(stops, key=place), window)
    line = [w for w in stops if _place(w, window).top() < top.bottom()]
    return min(line, key=lambda w: (_place(w, window).left(), chain.get(w, 0)))


def _first_in_chain(window: QWidget, stops: list[QWidget]) -> QWidget:
    widget = window.nextInFocusChain()
    while widget not in stops:
        assert widget is not None and widget is not window, "no control in the focus chain"
        widget = widget.nextInFocusChain()
    assert widget is not None
    return widget


def describe(widget: QWidget) -> str:
    return f"{type(widget).__name__} {spoken_name(widget)!r}"


def out_of_reading_order(stops: list[QWidget]) -> list[str]:
    """Each step of `stops` that goes back against reading order (top to bottom, left to
    right): up to a control above in the same column, or left along the same line."""
    problems = []
    for before, after in zip(stops, stops[1:], strict=False):
        top = _common_ancestor(before, after)
        a, b = _place(before, top), _place(after, top)
        if before.isAncestorOf(after) or after.isAncestorOf(before):
            continue  # a control inside another (a button in a scrolling area)
        same_column = b.left() < a.right() and a.left() < b.right()
        same_line = b.top() < a.bottom() and a.top() < b.bottom()
        if same_column and b.bottom() <= a.top():
            problems.append(f"{describe(after)} is above {describe(before)}")
        elif same_line and not same_column and b.right() <= a.left():
            problems.append(f"{describe(after)} is left of {describe(before)}")
    return problems


def _common_ancestor(a: QWidget, b: QWidget) -> QWidget:
    mine = []
    widget: QWidget | None = a
    while widget is not None:
        mine.append(widget)
        widget = widget.parentWidget()
    widget = b
    while widget is not None and widget not in mine:
        widget = widget.parentWidget()
    assert widget is not None, "two controls in different windows"
    return widget


def _place(widget: QWidget, top: QWidget) -> QRect:
    """Where `widget` is in `top`; inside a scrolling area below `top`, the area's place
    (what it holds moves as it scrolls, and is read in its turn within the area)."""
    shown = widget
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        if isinstance(parent, QAbstractScrollArea):
            shown = parent
        parent = parent.parentWidget()
    return QRect(shown.mapTo(top, QPoint(0, 0)), shown.size())


def read_in(qtbot: QtBot, dialog: QWidget) -> None:
    """Wait, as the DSL does, for a dialog that reads or counts off the GUI thread
    (Retention, the governors' figures) to show what it found."""
    qtbot.waitUntil(lambda: not getattr(dialog, "reading", False), timeout=10_000)


def record_shown(qtbot: QtBot, window: CaseFileWindow) -> None:
    """Wait, as the DSL does, for the case to be read (off the GUI thread) and the last
    of its record's cards to appear (they come a few at a time after the first paint)."""
    qtbot.waitUntil(lambda: not window.reading and window.record_view.complete, timeout=10_000)
    settle_layouts()  # and laid out where the DSL sees them


def assert_tab_order(qtbot: QtBot, window: QWidget) -> list[QWidget]:
    """From the first control in reading order, Tab visits every control of `window`
    once, in reading order, and comes back to the first."""
    stops = in_window(window)  # as the walk begins (choosing a row may enable a button)
    walked = tab_walk(qtbot, window, first_to_read(window))
    missed = [describe(w) for w in stops if w not in walked and not _group_reached(w, walked)]
    assert not missed, f"Tab never reaches {missed}"
    problems = out_of_reading_order(walked)
    assert not problems, "; ".join(problems) + "\nTab: " + " -> ".join(map(describe, walked))
    return walked


def mnemonic_clashes(window: QWidget) -> list[str]:
    """Alt+letters used twice on the screen: buttons, labels for inputs, menus, tabs."""
    owners: dict[str, list[str]] = {}

    def note(text: str, what: str) -> None:
        letter = mnemonic_letter(text)
        if letter:
            owners.setdefault(letter, []).append(what)

    for widget in window.findChildren(QWidget):
        if widget.window() is not window or not widget.isVisible():
            continue
        text = _with_letter(widget)
        if text:
            note(text, text)
        elif isinstance(widget, QMenuBar):
            for action in widget.actions():
                if action.isVisible():
                    note(action.text(), action.text())
        elif isinstance(widget, QTabBar):
            for n in range(widget.count()):
                note(widget.tabText(n), widget.tabText(n))
    return [f"Alt+{k.upper()}: {', '.join(v)}" for k, v in owners.items() if len(v) > 1]


def _with_letter(widget: QWidget) -> str:
    """A button's or an input's label's text, which may hold an Alt+letter."""
    # A toolbar's buttons show their action's words without its "&" (no Alt+letter).
    if isinstance(widget, QAbstractButton) and not isinstance(widget, QToolButton):
        return widget.text()
    if isinstance(widget, QLabel) and widget.buddy() is not None:
        return widget.text()
    return ""


def _group_reached(widget: QWidget, walked: list[QWidget]) -> bool:
    """True for a radio button whose group Tab reached: a group of choices is one Tab
    stop (its chosen one), and the arrow keys move between its choices."""
    if not isinstance(widget, QAbstractButton):
        return False
    group = widget.group()
    if group is not None and group.exclusive():
        return any(b in walked for b in group.buttons())
    parent = widget.parentWidget()
    if not widget.autoExclusive() or parent is None:
        return False
    return any(
        isinstance(b, QAbstractButton) and b.autoExclusive() and b.parentWidget() is parent
        for b in walked
    )
