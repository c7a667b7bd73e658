"""The incident wizard: from first disclosure to an open case whose every decision has its reason.

A dialog with the pages listed on the left (showing progress), the page in the
middle and the guidance on the right. Every change is saved as a draft within a
few seconds and on every page turn; closing keeps the draft; Finish turns the
draft into an open case in one transaction (app.services.incident.finish) and
any problem is shown on the page, never in a pop-up.
"""

from __future__ import annotations

import contextlib
import logging
from datetime import datetime
from itertools import pairwise
from typing import Any

from app import dates
from app.errors import CasebookError, InvalidInput
from app.services import cases, incident
from app.services.workspace import Workspace
from app.ui.qt import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QKeyEvent,
    QKeySequence,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QShortcut,
    QStackedWidget,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.screen_fit import fit_to_screen
from app.ui.widgets import GENERIC_ERROR, button, link_button, plain_label, set_role
from app.ui.wizard import autosave as autosave_module
from app.ui.wizard.autosave import Autosave
from app.ui.wizard.banner import DecisionBanner, contacts_from
from app.ui.wizard.discard import DiscardDraftDialog
from app.ui.wizard.editors import GroupEditor
from app.ui.wizard.form import Row
from app.ui.wizard.guidance import GuidancePanel
from app.ui.wizard.page import PageView, SummaryPageView
from app.wizard import decision_aid, summary
from app.wizard import spec as wizard_spec
from app.wizard.validate import Problem, check_page, context_for, errors

log = logging.getLogger(__name__)

# Ids fixed by the pages file (they decide where answers are stored).
INCIDENT_PAGE = "incident"
YOUNG_PEOPLE = "young_people"
OTHER_CHILDREN = ("incident_handling", "other_children_involved")
SUMMARY_PAGE = "summary"

LIVE_MS = 250  # notes, branching across pages and the banner follow the typing this soon
ADD_CHILD = "Add a young person on page 1"
SAVED_AS_YOU_TYPE = "Saved as you type: close at any time and resume from the main window."
SAVED_AT = "Draft saved at {time}: close at any time and resume from the main window."
SAVE_FAILED_CLOSE = (
    "{problem} Press Save and close again to close anyway; "
    "the last few seconds of typing may then be lost."
)
INCOMPLETE = "Before the case can be opened, this page needs:"
ROLE_NAMES = {"dsl": "DSL", "deputy": "Deputy DSL"}

STYLE = """
QLabel[role="note"] { color: #1d4f91; }
QLabel[role="question"], QLabel[role="record-title"], QLabel[role="answer-label"] {
    font-weight: bold;
}
QLabel[role="section"] { font-weight: bold; font-size: 13pt; }
QFrame[role="error-summary"] { background: #fdf0f0; border-left: 5px solid #a4262c; }
QLabel[role="error-list"] { color: #0b0c0c; }
QLabel[role="prompts"] { color: #0b0c0c; }
QFrame[role="record"] { background: #fafafa; border: 1px solid #b1b4b6; border-radius: 4px; }
QFrame[role="guidance"] { background: #f3f2f1; border-left: 1px solid #b1b4b6; }
QWidget[role="guidance-body"] { background: #f3f2f1; }
QFrame[view="refer"] { background: #fdf0f0; border: 2px solid #a4262c; border-radius: 4px; }
QFrame[view="in_school"] { background: #eef7ee; border: 2px solid #0b6a0b; border-radius: 4px; }
QFrame[view="undecided"] { background: #eef3f8; border: 2px solid #1d4f91; border-radius: 4px; }
QLineEdit[invalid="true"], QPlainTextEdit[invalid="true"] { border: 2px solid #a4262c; }
QRadioButton[invalid="true"], QCheckBox[invalid="true"] { color: #a4262c; }
QPlainTextEdit { background: #ffffff; }
QListWidget#pages {
    background: #f3f2f1; border: none; border-right: 1px solid #b1b4b6; padding: 6px 8px;
}
QListWidget#pages::item { padding: 8px 0px; }
QListWidget#pages::item:disabled { color: #6f777b; }
QListWidget#pages::item:selected { background: #1d4f91; color: #ffffff; }
QPushButton[role="primary"] { background: #1d4f91; color: #ffffff; font-weight: bold;
    border: 1px solid #0f2f5a; border-radius: 3px; }
QPushButton[role="primary"]:focus { border: 3px solid #ffdd00; }
QFrame[role="earlier"] { background: #eef3f8; border-left: 4px solid #1d4f91; }
"""


class IncidentWizard(QDialog):
    """Emits `case_opened(reference)` after Finish, `draft_kept(reference)` when closed,
    or `draft_discarded(reference)` when the DSL discards the draft."""

    case_opened = Signal(str)
    draft_kept = Signal(str)
    draft_discarded = Signal(str)

    def __init__(
        self,
        ws: Workspace,
        case_id: int | None = None,
        parent: QWidget | None = None,
        *,
        quiet_ms: int = autosave_module.QUIET_MS,
        max_ms: int = autosave_module.MAX_MS,
    ) -> None:
        super().__init__(parent)
        self.ws = ws
        self.spec = wizard_spec.load()
        self.resuming = case_id is not None
        # A new incident becomes a draft case at its first save, so opening the wizard by
        # mistake and closing it leaves nothing behind to tidy up.
        self.case_id: int | None = None
        self.reference = ""
        drafts: dict[str, dict[str, Any]] = {}
        if case_id is not None:
            found = [d for d in cases.list_drafts(ws) if d.id == case_id]
            if not found:
                raise InvalidInput("That draft has already been finished or is no longer there.")
            self.case_id, self.reference = case_id, found[0].reference
            drafts = cases.draft_pages(ws, case_id)
        self.finished_reference = ""
        self.discarded_reference = ""
        self.discard_dialog: DiscardDraftDialog | None = None
        self.current = -1  # no page shown yet
        self.furthest = 0
        self._close_anyway = False
        self._children: list[tuple[str, str]] | None = None
        self._guard = False
        self._title()
        self.setStyleSheet(STYLE)
        self.setAcceptDrops(False)
        self.setMinimumSize(900, 560)  # lowered where the screen is smaller
        fit_to_screen(self, 1280, 700, maximise_when_short=True)
        self.setSizeGripEnabled(True)

        self.autosave = Autosave(
            self._save_page,
            self._page_values,
            already_saved=drafts,
            quiet_ms=quiet_ms,
            max_ms=max_ms,
            parent=self,
        )
        self.autosave.saved.connect(self._saved)
        self.autosave.failed.connect(self._save_failed)
        self._live = QTimer(self)
        self._live.setSingleShot(True)
        self._live.setInterval(LIVE_MS)
        self._live.timeout.connect(self._live_update)

        # -- the pages -------------------------------------------------------
        total = len(self.spec.pages)
        self.pages: list[PageView] = []
        self.stack = QStackedWidget()
        for number, page_spec in enumerate(self.spec.pages, start=1):
            kind = SummaryPageView if page_spec.id == SUMMARY_PAGE else PageView
            view = kind(page_spec, number, total)
            view.set_values(drafts.get(page_spec.id, {}))
            view.changed.connect(lambda pid=page_spec.id: self._changed(pid))
            view.submitted.connect(self.go_next)
            view.structure_changed.connect(self._fix_tab_order)
            self.pages.append(view)
            self.stack.addWidget(view)
        self.by_id = {view.spec.id: view for view in self.pages}
        self._add_child_button: QPushButton | None = None
        page_id, field_id = OTHER_CHILDREN
        if page_id in self.by_id and field_id in self.by_id[page_id].form.rows:
            self._add_child_button = link_button(ADD_CHILD)
            self._add_child_button.clicked.connect(self.add_young_person)
            self.by_id[page_id].form.rows[field_id].add_extra(self._add_child_button)

        self.banner = DecisionBanner(contacts_from(self._settings()))
        self.banner.hide()
        self.guidance = GuidancePanel()

        self.page_list = QListWidget()
        self.page_list.setObjectName("pages")
        self.page_list.setAccessibleName("Pages")
        self.page_list.setWordWrap(True)
        self.page_list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.page_list.setFixedWidth(240)
        self.page_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for view in self.pages:
            self.page_list.addItem(QListWidgetItem(view.spec.title))
        self.page_list.currentRowChanged.connect(self._list_moved)

        # -- the buttons -----------------------------------------------------
        self.close_button = button("Save and &close")
        self.close_button.setToolTip("Your draft is kept; resume it from the main window (Esc)")
        self.discard_button = button("D&iscard this draft…")
        self.discard_button.setToolTip("Started by mistake? Delete what was typed, with a reason")
        self.discard_button.setVisible(self.case_id is not None)  # once there is a draft
        self.discard_button.clicked.connect(self.discard)
        self.status = plain_label(SAVED_AS_YOU_TYPE, "hint")
        self.status.setAccessibleName("Draft status")
        self.guidance_button = button("Hide &guidance (F1)")
        self.back_button = button("&Back")
        self.next_button = button("&Next")
        self.finish_button = button("&Finish and open the case")
        for primary in (self.next_button, self.finish_button):
            primary.setProperty("role", "primary")
        self.close_button.clicked.connect(self.reject)
        self.guidance_button.clicked.connect(self.toggle_guidance)
        self.back_button.clicked.connect(self.go_back)
        self.next_button.clicked.connect(self.go_next)
        self.finish_button.clicked.connect(self.finish)
        self.f1 = QShortcut(QKeySequence(Qt.Key.Key_F1), self)
        self.f1.activated.connect(self.toggle_guidance)

        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(self.page_list)
        body.addWidget(self.stack, 1)
        body.addWidget(self.guidance)
        footer = QHBoxLayout()
        footer.setContentsMargins(16, 10, 16, 12)
        footer.setSpacing(10)
        footer.addWidget(self.close_button)
        footer.addWidget(self.discard_button)
        footer.addWidget(self.status, 1)
        footer.addWidget(self.guidance_button)
        footer.addSpacing(12)
        footer.addWidget(self.back_button)
        footer.addWidget(self.next_button)
        footer.addWidget(self.finish_button)
        rule = QWidget()
        rule.setFixedHeight(1)
        rule.setStyleSheet("background: #b1b4b6;")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addLayout(body, 1)
        outer.addWidget(rule)
        outer.addLayout(footer)

        # -- state -----------------------------------------------------------
        self._sync_children()
        saved = [i for i, view in enumerate(self.pages) if view.spec.id in drafts]
        self.furthest = max(saved, default=0)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
        self.show_page(self.furthest)

    # -- reading the pages ------------------------------------------------------
    def _settings(self) -> dict[str, str]:
        try:
            return self.ws.settings()
        except Exception:  # the contacts then say "not set yet"; the wizard still works
            log.warning("the wizard could not read the settings")
            return {}

    def _page_values(self, page_id: str) -> dict[str, Any]:
        return self.by_id[page_id].values()

    def all_values(self) -> dict[str, dict[str, Any]]:
        return {view.spec.id: view.values() for view in self.pages}

    def _title(self) -> None:
        what = "Resume draft" if self.resuming else "New incident"
        self.setWindowTitle(f"{what} {self.reference} — Casebook" if self.reference else what)

    def _save_page(self, page_id: str, values: dict[str, Any]) -> None:
        if self.case_id is None:
            case = cases.create_case(self.ws)
            self.case_id, self.reference = case.id, case.reference
            self._title()
            self.discard_button.show()
        cases.save_draft_page(self.ws, self.case_id, page_id, values, self.spec.format_version)

    def unfit_problems(self) -> dict[str, list[Problem]]:
        """Questions still holding an answer saved in an older format, by page id."""
        found = {view.spec.id: view.form.unfit() for view in self.pages}
        return {page: problems for page, problems in found.items() if problems}

    def page_problems(self, index: int, pages: dict[str, dict[str, Any]]) -> list[Problem]:
        view = self.pages[index]
        return check_page(view.spec, pages[view.spec.id], context_for(pages))

    def input_for(self, page_id: str, path: str) -> QWidget | None:
        """The input for one answer, e.g. ("incident", "young_people.0.name")."""
        return self.by_id[page_id].form.focus_target(path)

    # -- changes ------------------------------------------------------------------
    def _changed(self, page_id: str) -> None:
        self.autosave.touch(page_id)
        self._live.start()

    def _sync_children(self) -> None:
        """Per-child questions follow the young people on page 1."""
        incident = self.by_id.get(INCIDENT_PAGE)
        if incident is None:
            return
        children = list(context_for({INCIDENT_PAGE: incident.values()}).children)
        if children == self._children:
            return
        self._children = children
        for view in self.pages:
            view.form.set_children(children)

    def _live_update(self) -> None:
        if self.current < 0:
            return
        self._sync_children()
        pages = self.all_values()
        view = self.pages[self.current]
        view.show_problems(self.page_problems(self.current, pages))
        self._update_banner(pages)
        if isinstance(view, SummaryPageView):
            self._show_decisions(view, pages)

    def _update_banner(self, pages: dict[str, dict[str, Any]]) -> None:
        if self.current >= 1:
            self.banner.show_advice(decision_aid.advise(pages))

    # -- moving between pages -----------------------------------------------------
    def show_page(self, index: int) -> None:
        index = max(0, min(index, len(self.pages) - 1))
        self._sync_children()
        self.current = index
        self.furthest = max(self.furthest, index)
        view = self.pages[index]
        self._guard = True
        self.stack.setCurrentIndex(index)
        self._guard = False
        pages = self.all_values()
        if index >= 1:
            view.banner_slot.addWidget(self.banner)  # moves it from the page it was on
            self.banner.show()
            self._update_banner(pages)
        else:
            self.banner.hide()
        if isinstance(view, SummaryPageView):
            self._show_summary(view, pages)
        view.show_problems(self.page_problems(index, pages))
        self.guidance.set_page(view.spec)
        last = index == len(self.pages) - 1
        self.back_button.setEnabled(index > 0)
        self.next_button.setVisible(not last)
        self.finish_button.setVisible(last)
        self._update_list(pages)
        self._fix_tab_order()
        view.to_top()
        target = view.first_input()
        if isinstance(view, SummaryPageView) and view.change_buttons:
            target = view.change_buttons[0]  # read the case first, top to bottom
        (target or self.next_button).setFocus(Qt.FocusReason.OtherFocusReason)

    def go_next(self) -> bool:
        """Check the page; stay with the messages shown, or save and turn the page."""
        if self.current >= len(self.pages) - 1:
            return False
        self._sync_children()
        pages = self.all_values()
        view = self.pages[self.current]
        problems = self.page_problems(self.current, pages)
        if errors(problems):
            view.revealed = True
            view.show_problems(problems)
            view.focus_problem(problems)
            return False
        view.show_problems(problems)
        self.autosave.touch(view.spec.id)
        self.autosave.flush()
        self.show_page(self.current + 1)
        return True

    def go_back(self) -> None:
        if self.current <= 0:
            return
        self.autosave.touch(self.pages[self.current].spec.id)
        self.autosave.flush()
        self.show_page(self.current - 1)

    def go_to(self, index: int) -> None:
        if index == self.current or index > self.furthest:
            return
        self.autosave.touch(self.pages[self.current].spec.id)
        self.autosave.flush()
        self.show_page(index)

    def _list_moved(self, row: int) -> None:
        if self._guard or row < 0:
            return
        if row > self.furthest:
            self._guard = True
            self.page_list.setCurrentRow(self.current)
            self._guard = False
            return
        self.go_to(row)

    def _update_list(self, pages: dict[str, dict[str, Any]]) -> None:
        self._guard = True
        for i, view in enumerate(self.pages):
            item = self.page_list.item(i)
            reached = i <= self.furthest
            state = ""
            if reached and i != self.current:
                state = "attention" if errors(self.page_problems(i, pages)) else "done"
            mark = {"done": "✓  ", "attention": "!  "}.get(state, "    ")
            item.setText(f"{mark}{i + 1}. {view.spec.title}")
            spoken = {"done": "done", "attention": "needs attention"}.get(state, "")
            item.setData(
                Qt.ItemDataRole.AccessibleTextRole,
                f"{i + 1}. {view.spec.title}" + (f", {spoken}" if spoken else ""),
            )
            flags = item.flags()
            if reached:
                item.setFlags(flags | Qt.ItemFlag.ItemIsEnabled)
            else:
                item.setFlags(flags & ~Qt.ItemFlag.ItemIsEnabled)
        self.page_list.setCurrentRow(self.current)
        self._guard = False

    def _fix_tab_order(self) -> None:
        """Questions top to bottom, then the buttons, then the list of pages."""
        if self.current < 0:
            return
        chain = [
            *self.pages[self.current].focus_chain(),
            self.back_button,
            self.next_button,
            self.finish_button,
            self.guidance_button,
            self.close_button,
            self.discard_button,
            self.page_list,
        ]
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)

    # -- the summary page ------------------------------------------------------------
    def _show_summary(self, view: SummaryPageView, pages: dict[str, dict[str, Any]]) -> None:
        numbers = {p.spec.title: i for i, p in enumerate(self.pages)}
        view.show_overview(summary.summary_sections(pages, self.spec), self.go_to, numbers)
        self._show_decisions(view, pages)
        me = self.ws.account
        role = ROLE_NAMES.get(str(me.role.value), str(me.role.value))
        view.sign_off.setText(
            f"Finish records that {me.display_name} ({role}) signed this case off, "
            f"at the time Finish is pressed (now {dates.format_datetime(datetime.now())})."
        )

    def _show_decisions(self, view: SummaryPageView, pages: dict[str, dict[str, Any]]) -> None:
        found = [(d.decision, d.reason, d.aid_view or "") for d in summary.decisions(pages)]
        if found != view.shown_decisions:
            view.shown_decisions = found
            view.show_decisions(found)
            self._fix_tab_order()

    # -- finishing ----------------------------------------------------------------------
    def finish(self) -> bool:
        """Open the case: every page must be complete; problems are shown on their page."""
        self._sync_children()
        pages = self.all_values()
        incomplete: dict[str, list[Problem]] = {}
        for i, view in enumerate(self.pages):
            bad = errors(self.page_problems(i, pages))
            if bad:
                incomplete[view.spec.id] = bad
        for page, unfit in self.unfit_problems().items():
            incomplete[page] = incomplete.get(page, []) + unfit
        if incomplete:
            self._show_incomplete(incomplete)
            return False
        for view in self.pages:
            self.autosave.touch(view.spec.id)
        summary_view = self.pages[-1]
        assert isinstance(summary_view, SummaryPageView)
        if not self.autosave.flush():
            self._summary_message(summary_view, self.autosave.error)
            return False
        assert self.case_id is not None  # every page was just saved
        try:
            reference = incident.finish(self.ws, self.case_id)
        except incident.IncompleteCase as exc:
            self._show_incomplete(exc.problems)
            return False
        except CasebookError as exc:
            self._summary_message(summary_view, str(exc))
            return False
        except Exception as exc:  # the message may hold typed text: log its type only
            log.error("finishing a case failed with %s", type(exc).__name__)
            self._summary_message(summary_view, GENERIC_ERROR)
            return False
        self.finished_reference = reference
        self.autosave.stop()
        self.case_opened.emit(reference)
        self.accept()
        return True

    def _summary_message(self, view: SummaryPageView, text: str) -> None:
        view.message.setText(text)
        view.message.setAccessibleName(text)
        view.message.show()
        view.scroller.ensureWidgetVisible(view.message)
        self.finish_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_incomplete(self, incomplete: dict[str, list[Problem]]) -> None:
        """Go to the first page that needs something and say what, next to each question."""
        first = next((i for i, v in enumerate(self.pages) if v.spec.id in incomplete), None)
        if first is None:
            return
        self.furthest = max(self.furthest, first)
        if first != self.current:
            self.autosave.touch(self.pages[self.current].spec.id)
            self.autosave.flush()
            self.show_page(first)
        view = self.pages[first]
        view.revealed = True
        problems = incomplete[view.spec.id]
        view.show_problems(problems, lead=INCOMPLETE)
        view.focus_problem(problems)

    # -- the guidance panel -------------------------------------------------------------
    def toggle_guidance(self) -> None:
        showing = not self.guidance.isVisible()
        self.guidance.setVisible(showing)
        self.guidance_button.setText("Hide &guidance (F1)" if showing else "Show &guidance (F1)")
        self.guidance_button.setAccessibleName(
            "Hide guidance (F1)" if showing else "Show guidance (F1)"
        )

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is None or not self.isAncestorOf(new):
            return
        widget: QWidget | None = new
        row: Row | None = None
        help_text = ""
        while widget is not None and widget is not self:
            if isinstance(widget, Row):
                row = row or widget
                if widget.spec.help:
                    help_text = widget.spec.help
                    break
            widget = widget.parentWidget()
        if row is not None:
            self.guidance.set_question(row.current_label, help_text)

    # -- saving and closing -----------------------------------------------------------
    def _saved(self) -> None:
        when = self.autosave.last_saved_at or datetime.now()
        self.status.setText(SAVED_AT.format(time=f"{when:%H:%M:%S}"))
        set_role(self.status, "hint")

    def _save_failed(self, problem: str) -> None:
        self.status.setText(problem)
        set_role(self.status, "error")

    def add_young_person(self) -> None:
        """From 'other young people involved': add one to page 1 and go there to fill it in."""
        self.go_to(0)
        row = self.by_id[INCIDENT_PAGE].form.rows.get(YOUNG_PEOPLE)
        if row is None or not isinstance(row.editor, GroupEditor):
            return
        item = row.editor.add_clicked()
        target = item.form.focus_target("")
        if target is not None:
            self.pages[0].scroller.ensureWidgetVisible(target, 40, 120)

    def discard(self) -> DiscardDraftDialog | None:
        """Ask for the reason to discard this draft; Cancel changes nothing."""
        if self.case_id is None:
            return None
        self.autosave.flush()  # what is on screen is saved first, so Cancel loses nothing
        dialog = DiscardDraftDialog(self.ws, self.case_id, self.reference, self)
        dialog.accepted.connect(self._discarded)
        dialog.rejected.connect(
            lambda: self.discard_button.setFocus(Qt.FocusReason.OtherFocusReason)
        )
        self.discard_dialog = dialog
        dialog.open()
        return dialog

    def _discarded(self) -> None:
        self.autosave.stop()
        self.discarded_reference = self.reference
        self.draft_discarded.emit(self.reference)
        super().reject()  # nothing is left to keep

    def reject(self) -> None:
        """Esc, Save and close, or the window's close button: the draft is kept."""
        if self.finished_reference:
            super().reject()
            return
        self._sync_children()
        if self.current >= 0 and (self.case_id is not None or self.autosave.pending):
            self.autosave.touch(self.pages[self.current].spec.id)
        if not self.autosave.flush() and not self._close_anyway:
            self._close_anyway = True
            self.status.setText(SAVE_FAILED_CLOSE.format(problem=self.autosave.error))
            set_role(self.status, "error")
            return
        self.autosave.stop()
        if self.case_id is not None:  # nothing typed in a new incident: nothing to keep
            self.draft_kept.emit(self.reference)
        super().reject()

    def done(self, result: int) -> None:
        self._live.stop()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            with contextlib.suppress(RuntimeError, TypeError):
                app.focusChanged.disconnect(self._focus_changed)
        super().done(result)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt name)
        # Enter presses a focused button; in a one-line box it is Next (returnPressed);
        # in a text box it is a new line (the box keeps it). It never closes the dialog.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focused = QApplication.focusWidget()
            if isinstance(focused, QPushButton) and focused.isEnabled():
                focused.click()
            event.accept()  # on a radio button or tick box, Space chooses
            return
        super().keyPressEvent(event)
