"""One wizard page, built from its `PageSpec`: heading, the decision aid's banner,
a line naming what needs attention, and the questions; it scrolls when long.

The summary page adds the whole case above its own questions, as plain text.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from app import dates
from app.ui.qt import (
    QApplication,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPoint,
    QPushButton,
    QScrollArea,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.screen_fit import settle_layouts
from app.ui.widgets import heading, link_button, plain_label
from app.ui.wizard.form import Form, Row
from app.vocabulary import ROLE_WORDS
from app.wizard import summary
from app.wizard.spec import PageSpec
from app.wizard.validate import Problem

COLUMN_WIDTH = 820
SHOW_AT_MOST = 3_000  # characters of one answer on the summary page; the record keeps it all
INDENT_PX = 20
MARGIN_PX = 24  # room kept above a question and below its message when scrolled to


# Ids fixed by the pages file (they decide where answers are stored).
INCIDENT_PAGE = "incident"
YOUNG_PEOPLE = "young_people"
OTHER_CHILDREN = ("incident_handling", "other_children_involved")
SUMMARY_PAGE = "summary"


def errors_title(count: int) -> str:
    if count == 1:
        return "Before you go on, one answer needs attention. It is explained next to it:"
    return f"Before you go on, {count} answers need attention. Each is explained next to it:"


def _bullets(names: list[str]) -> str:
    return "\n".join(f"•  {name}" for name in names)


class PageView(QWidget):
    changed = Signal()
    submitted = Signal()  # Enter in a single-line box
    structure_changed = Signal()

    def __init__(
        self, spec: PageSpec, number: int, total: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.spec = spec
        self.revealed = False  # errors are shown (after Next); they then update live
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroller = QScrollArea()
        self.scroller.setAccessibleName(f"Page {number} of {total}: {spec.title}")
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer.addWidget(self.scroller)
        content = QWidget()
        self.scroller.setWidget(content)
        around = QHBoxLayout(content)
        around.setContentsMargins(28, 20, 28, 28)
        inner = QWidget()
        inner.setMaximumWidth(COLUMN_WIDTH)
        around.addStretch(1)
        around.addWidget(inner, 100)
        around.addStretch(1)
        self.column = QVBoxLayout(inner)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.setSpacing(4)

        self.step = plain_label(f"Page {number} of {total}", "hint")
        self.column.addWidget(self.step)
        self.title = heading(spec.title, 1.5)
        self.column.addWidget(self.title)
        self.subtitle = plain_label(spec.subtitle)
        self.column.addWidget(self.subtitle)
        self.column.addSpacing(8)
        self.banner_slot = QVBoxLayout()
        self.column.addLayout(self.banner_slot)
        # What needs attention, named, above the questions (each is explained next to it).
        self.problems_box = QFrame()
        self.problems_box.setProperty("role", "error-summary")
        box = QVBoxLayout(self.problems_box)
        box.setContentsMargins(14, 10, 14, 10)
        box.setSpacing(4)
        self.problems_title = plain_label("", "error")
        box.addWidget(self.problems_title)
        self.problems = plain_label()
        self.problems.setProperty("role", "error-list")
        box.addWidget(self.problems)
        self.problems_box.hide()
        self.column.addWidget(self.problems_box)
        self.before_form = QVBoxLayout()
        self.before_form.setSpacing(4)
        self.column.addLayout(self.before_form)
        self.form = Form(spec.fields, inner)
        self.column.addWidget(self.form)
        self.after_form = QVBoxLayout()
        self.column.addLayout(self.after_form)
        self.column.addStretch(1)
        self.form.changed.connect(self.changed.emit)
        self.form.submitted.connect(self.submitted.emit)
        self.form.structure_changed.connect(self.structure_changed.emit)

    def values(self) -> dict[str, Any]:
        return self.form.values()

    def set_values(self, values: dict[str, Any]) -> None:
        self.form.set_values(values)

    def show_problems(self, problems: list[Problem], lead: str = "") -> None:
        """Notes always; errors only once revealed (after Next). `lead` replaces the usual line."""
        shown = [p for p in problems if self.revealed or p.severity != "error"]
        self.form.show_problems(shown)
        bad: list[str] = []
        for p in shown:
            if p.severity == "error":
                name = self.form.describe(p.path) or p.message
                if name not in bad:
                    bad.append(name)
        if bad:
            title = lead or errors_title(len(bad))
            self.problems_title.setText(title)
            self.problems.setText(_bullets(bad))
            self.problems_box.setAccessibleName(f"{title} {'; '.join(bad)}.")
            self.problems.setAccessibleName("; ".join(bad))
            self.problems_box.show()
        else:
            self.problems_box.hide()

    def focus_problem(self, problems: list[Problem]) -> QWidget | None:
        """Focus the first question with an error and scroll it into view."""
        for p in problems:
            if p.severity != "error":
                continue
            target = self.form.focus_target(p.path)
            if target is not None:
                target.setFocus(Qt.FocusReason.OtherFocusReason)
                self.scroll_to_question(target)
                return target
        return None

    def scroll_to_question(self, target: QWidget) -> None:
        """Bring the question holding `target` into view from its label down to its
        message under the input ("This is required."); a question taller than the view
        shows from its label."""
        settle_layouts()
        content = self.scroller.widget()
        row = _row_of(target)
        if content is None or row is None:
            self.scroller.ensureWidgetVisible(target, 40, 120)
            return
        last: QWidget = row.errors if row.errors.isVisibleTo(row) else row.notes
        if not last.isVisibleTo(row):
            last = target
        top = row.mapTo(content, QPoint(0, 0)).y() - MARGIN_PX
        bottom = last.mapTo(content, QPoint(0, last.height())).y() + MARGIN_PX
        bar = self.scroller.verticalScrollBar()
        seen = self.scroller.viewport().height()
        value = bar.value()
        if bottom > value + seen:
            value = bottom - seen
        if top < value or bottom - top > seen:
            value = top
        bar.setValue(max(0, value))

    def focus_place(self) -> tuple[QWidget, int] | None:
        """The focused input on this page and how far down the view it is."""
        focus = QApplication.focusWidget()
        content = self.scroller.widget()
        if focus is None or content is None or not content.isAncestorOf(focus):
            return None
        return focus, focus.mapTo(self.scroller.viewport(), QPoint(0, 0)).y()

    def keep_still(self, place: tuple[QWidget, int] | None) -> None:
        """After something above it appeared or went, scroll so the focused input is back
        where it was: what the DSL is typing into or clicking never moves under them."""
        if place is None:
            return
        settle_layouts()
        focus, before = place
        if not focus.isVisible():
            return
        now = focus.mapTo(self.scroller.viewport(), QPoint(0, 0)).y()
        if now != before:
            bar = self.scroller.verticalScrollBar()
            bar.setValue(bar.value() + now - before)

    def first_input(self) -> QWidget | None:
        return self.form.focus_target("")

    def focus_chain(self) -> list[QWidget]:
        return self.form.inputs()

    def to_top(self) -> None:
        self.scroller.verticalScrollBar().setValue(0)


def _row_of(widget: QWidget) -> Row | None:
    """The question (Row) an input belongs to: the innermost, in a record's own form."""
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, Row):
        parent = parent.parentWidget()
    return parent


def _value_label(text: str) -> QLabel:
    if len(text) > SHOW_AT_MOST:
        text = f"{text[:SHOW_AT_MOST]}… ({len(text) - SHOW_AT_MOST:,} more characters)"
    label = plain_label(text)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class SummaryPageView(PageView):
    """Page 8: every page's answers, every decision with its reason, then classify and sign off."""

    def __init__(
        self, spec: PageSpec, number: int, total: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(spec, number, total, parent)
        self.overview = QWidget()
        self.overview_box = QVBoxLayout(self.overview)
        self.overview_box.setContentsMargins(0, 0, 0, 0)
        self.overview_box.setSpacing(4)
        self.before_form.addWidget(self.overview)
        self.change_buttons: list[QPushButton] = []
        self.shown_decisions: list[tuple[str, str, str]] | None = None
        self.decisions = QWidget()
        self.decisions_box = QVBoxLayout(self.decisions)
        self.decisions_box.setContentsMargins(0, 0, 0, 0)
        self.decisions_box.setSpacing(4)
        self.before_form.addWidget(self.decisions)
        self.before_form.addSpacing(12)
        self.sign_off = plain_label()
        self.sign_off.setProperty("role", "sign-off")
        self.after_form.addSpacing(12)
        self.after_form.addWidget(heading("Sign-off", 1.25))
        self.after_form.addWidget(self.sign_off)
        self.message = plain_label("", "error")
        self.message.hide()
        self.after_form.addWidget(self.message)

    @staticmethod
    def _clear(box: QVBoxLayout) -> None:
        while box.count():
            item = box.takeAt(0)
            if item is None:
                break
            widget = item.widget()
            if widget is not None:
                widget.hide()
                widget.deleteLater()
            else:
                inner = item.layout()
                if isinstance(inner, QVBoxLayout | QHBoxLayout | QGridLayout):
                    SummaryPageView._clear_layout(inner)

    @staticmethod
    def _clear_layout(layout: QVBoxLayout | QHBoxLayout | QGridLayout) -> None:
        while layout.count():
            item = layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()

    def show_overview(
        self,
        sections: list[tuple[str, list[tuple[str, str]]]],
        go_to: Callable[[int], None],
        page_numbers: dict[str, int],
    ) -> None:
        """The whole case, section by section, each with a Change button to its page."""
        self._clear(self.overview_box)
        self.change_buttons = []
        for title, rows in sections:
            top = QHBoxLayout()
            top.setContentsMargins(0, 0, 0, 0)
            top.addWidget(heading(title, 1.25), 1)
            index = page_numbers.get(title)
            if index is not None:
                change = link_button("Change")
                change.setAccessibleName(f"Change {title}")
                change.clicked.connect(lambda _=False, i=index: go_to(i))
                top.addWidget(change, 0, Qt.AlignmentFlag.AlignBottom)
                self.change_buttons.append(change)
            holder = QWidget()
            holder.setLayout(top)
            self.overview_box.addSpacing(10)
            self.overview_box.addWidget(holder)
            table = QFrame()
            table.setProperty("role", "answers")
            grid = QGridLayout(table)
            grid.setContentsMargins(0, 4, 0, 4)
            grid.setHorizontalSpacing(20)
            grid.setVerticalSpacing(6)
            grid.setColumnStretch(0, 2)
            grid.setColumnStretch(1, 3)
            if not rows:
                grid.addWidget(plain_label("Nothing recorded on this page.", "hint"), 0, 0, 1, 2)
            for r, (label, value) in enumerate(rows):
                depth = (len(label) - len(label.lstrip(" "))) // 4
                key = plain_label(label.strip())
                key.setContentsMargins(depth * INDENT_PX, 0, 0, 0)
                if value:
                    key.setProperty("role", "answer-label")
                    grid.addWidget(key, r, 0, Qt.AlignmentFlag.AlignTop)
                    grid.addWidget(_value_label(value), r, 1, Qt.AlignmentFlag.AlignTop)
                else:  # a sub-heading: a record in a list, or one young person
                    key.setProperty("role", "record-title")
                    grid.addWidget(key, r, 0, 1, 2)
            self.overview_box.addWidget(table)

    def show_sign_off(self, name: str, role: str) -> None:
        """Who Finish will record as signing the case off (the DSL signed in)."""
        self.sign_off.setText(
            f"Finish records that {name} ({ROLE_WORDS.get(role, role)}) signed this case off, "
            f"at the time Finish is pressed (now {dates.format_datetime(datetime.now())})."
        )

    def show_decisions_of(self, pages: dict[str, dict[str, Any]]) -> bool:
        """The decisions in the answers given so far; True when what is shown changed."""
        found = [(d.decision, d.reason, d.aid_view or "") for d in summary.decisions(pages)]
        if found == self.shown_decisions:
            return False
        self.shown_decisions = found
        self.show_decisions(found)
        return True

    def show_decisions(self, decisions: list[tuple[str, str, str]]) -> None:
        """(decision, reason, what the decision aid said) for each decision."""
        self._clear(self.decisions_box)
        self.decisions_box.addSpacing(12)
        self.decisions_box.addWidget(heading("Decisions and their reasons", 1.25))
        if not decisions:
            self.decisions_box.addWidget(plain_label("No decisions recorded yet.", "hint"))
        for decision, reason, aid in decisions:
            block = QFrame()
            block.setProperty("role", "record")
            column = QVBoxLayout(block)
            column.setContentsMargins(14, 8, 14, 10)
            column.setSpacing(2)
            title = plain_label(decision)
            title.setProperty("role", "record-title")
            column.addWidget(title)
            column.addWidget(_value_label(f"Reason: {reason}" if reason else "Reason: not given"))
            if aid:
                column.addWidget(plain_label(f"The decision aid said: {aid}", "hint"))
            self.decisions_box.addWidget(block)

    def focus_chain(self) -> list[QWidget]:
        return [*self.change_buttons, *self.form.inputs()]
