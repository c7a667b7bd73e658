"""The incident wizard: from first disclosure to an open case whose every decision has its reason.

A dialog with the pages listed on the left (showing progress), the page in the
middle and the guidance on the right. Every change is saved as a draft within a
few seconds and on every page turn; closing keeps the draft; Finish
(finishing.py) turns the draft into an open case in one transaction and any
problem is shown on the page, never in a pop-up.
"""

from __future__ import annotations

import contextlib
from datetime import datetime
from typing import Any

from app.dates import format_date
from app.errors import InvalidInput
from app.services import cases, session_log
from app.services import settings as settings_service
from app.services.workspace import Workspace
from app.ui import changes
from app.ui.qt import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QKeyEvent,
    QKeySequence,
    QShortcut,
    QStackedWidget,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.screen_fit import fit_to_screen
from app.ui.security.lock import LOCKED_TITLE
from app.ui.widgets import link_button
from app.ui.wizard import autosave as autosave_module
from app.ui.wizard.autosave import Autosave
from app.ui.wizard.banner import DecisionBanner, contacts_of
from app.ui.wizard.discard import DiscardDraftDialog
from app.ui.wizard.finishing import FinishFlow
from app.ui.wizard.footer import WizardFooter
from app.ui.wizard.guidance import GuidancePanel, question_at
from app.ui.wizard.navigation import Navigation, enter_pressed
from app.ui.wizard.page import (
    INCIDENT_PAGE,
    OTHER_CHILDREN,
    SUMMARY_PAGE,
    PageView,
    SummaryPageView,
)
from app.ui.wizard.page_list import PageList
from app.ui.wizard.style import STYLE
from app.wizard import decision_aid, referrals_done
from app.wizard import spec as wizard_spec
from app.wizard.validate import Problem, check_page, context_for

LIVE_MS = 250  # notes, branching across pages and the banner follow the typing this soon
ADD_CHILD = "Add a young person on page 1"
SAVE_FAILED_CLOSE = (
    "{problem} Press Save and close again to close anyway; "
    "the last few seconds of typing may then be lost."
)


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
        drafts = self._open_draft(case_id)
        self.finished_reference = ""
        self.discarded_reference = ""
        self.current = -1  # no page shown yet
        self.furthest = 0
        self._close_anyway = False
        self._children: list[tuple[str, str]] | None = None
        self._set_up_window()
        self.navigation = Navigation(self)
        self.finishing = FinishFlow(self)

        self.autosave = Autosave(
            self._save_page,
            self._page_values,
            already_saved=drafts,
            quiet_ms=quiet_ms,
            max_ms=max_ms,
            parent=self,
        )
        self._live = QTimer(self)
        self._live.setSingleShot(True)
        self._live.setInterval(LIVE_MS)
        self._live.timeout.connect(self._live_update)

        self._suggested: set[str] = set()  # pages showing a suggestion not yet saved
        self._build_pages(drafts)
        if self.resuming:  # a draft: as first shown, it is as it was saved
            # ...except a page showing a suggestion (the first review date): that is not
            # saved yet, so Finish (or any change) saves it like typing.
            self.autosave.shown_as(
                {v.spec.id: v.values() for v in self.pages if v.spec.id not in self._suggested}
            )
        self.banner = DecisionBanner(contacts_of(self.ws))
        self.banner.hide()
        self.guidance = GuidancePanel()
        self.page_list = PageList([view.spec.title for view in self.pages])
        self.page_list.chosen.connect(self.go_to)
        self._build_footer()
        self._lay_out()
        # Styled once the pages are in place: set first, every page put into the styled
        # window was restyled as it moved in (a third of opening the wizard).
        self.setStyleSheet(STYLE)

        self.sync_children()
        saved = [i for i, view in enumerate(self.pages) if view.spec.id in drafts]
        self.furthest = max(saved, default=0)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
        self.show_page(self.furthest)

    # -- building it --------------------------------------------------------------
    def _open_draft(self, case_id: int | None) -> dict[str, dict[str, Any]]:
        """The saved pages of the draft being resumed (none for a new incident)."""
        if case_id is None:
            return {}
        found = [d for d in cases.list_drafts(self.ws) if d.id == case_id]
        if not found:
            raise InvalidInput("That draft has already been finished or is no longer there.")
        self.case_id, self.reference = case_id, found[0].reference
        session_log.draft_opened(self.ws, self.reference)  # pupils' names: a view, audited
        return cases.draft_pages(self.ws, case_id)

    def _set_up_window(self) -> None:
        self._own_title = ""
        self._title()
        self.windowTitleChanged.connect(self._title_changed)
        self.setAcceptDrops(False)
        self.setMinimumSize(900, 560)  # lowered where the screen is smaller
        # 1366x768 less a taskbar and a title bar leaves about 1366x680 for the window.
        fit_to_screen(self, 1280, 640, maximise_when_short=True)
        self.setSizeGripEnabled(True)

    def _build_pages(self, drafts: dict[str, dict[str, Any]]) -> None:
        total = len(self.spec.pages)
        self.pages: list[PageView] = []
        # Each page is made inside the stack, and the stack inside the window: a page
        # moved in once built was restyled widget by widget (a third of opening).
        self.stack = QStackedWidget(self)
        for number, page_spec in enumerate(self.spec.pages, start=1):
            kind = SummaryPageView if page_spec.id == SUMMARY_PAGE else PageView
            view = kind(page_spec, number, total, self.stack)
            view.set_values(self._with_defaults(page_spec.id, drafts.get(page_spec.id, {})))
            view.changed.connect(lambda pid=page_spec.id: self._changed(pid))
            view.submitted.connect(self.go_next)
            view.structure_changed.connect(self.navigation.fix_tab_order)
            for shown in view.form.shown_editors():  # "Change it on page N"
                shown.go_to_page.connect(self.go_to)
            self.pages.append(view)
            self.stack.addWidget(view)
        self.by_id = {view.spec.id: view for view in self.pages}
        page_id, field_id = OTHER_CHILDREN
        if page_id in self.by_id and field_id in self.by_id[page_id].form.rows:
            add_child = link_button(ADD_CHILD)
            add_child.clicked.connect(self.navigation.add_young_person)
            self.by_id[page_id].form.rows[field_id].add_extra(add_child)

    def _with_defaults(self, page_id: str, values: dict[str, Any]) -> dict[str, Any]:
        """A page's answers with the school's suggestions where nothing is typed yet: the
        plan's first review date, as many days ahead as School settings says."""
        field_id = "first_review_on"
        if page_id != "plan" or values.get(field_id):
            return values
        self._suggested.add(page_id)
        day = settings_service.first_review_on(self.ws.settings())
        return {**values, field_id: format_date(day)}

    def _build_footer(self) -> None:
        self.footer = WizardFooter(has_draft=self.case_id is not None)
        self.close_button = self.footer.close_button
        self.discard_button = self.footer.discard_button
        self.status = self.footer.status
        self.guidance_button = self.footer.guidance_button
        self.back_button = self.footer.back_button
        self.next_button = self.footer.next_button
        self.finish_button = self.footer.finish_button
        self.autosave.saved.connect(self._saved)
        self.autosave.failed.connect(self.footer.show_problem)
        self.close_button.clicked.connect(self.reject)
        self.discard_button.clicked.connect(self.discard)
        self.guidance_button.clicked.connect(self.toggle_guidance)
        self.back_button.clicked.connect(self.go_back)
        self.next_button.clicked.connect(self.go_next)
        self.finish_button.clicked.connect(self.finish)
        self.f1 = QShortcut(QKeySequence(Qt.Key.Key_F1), self)
        self.f1.activated.connect(self.toggle_guidance)

    def _lay_out(self) -> None:
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(self.page_list)
        body.addWidget(self.stack, 1)
        body.addWidget(self.guidance)
        rule = QWidget()
        rule.setFixedHeight(1)
        rule.setStyleSheet("background: #b1b4b6;")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addLayout(body, 1)
        outer.addWidget(rule)
        outer.addWidget(self.footer)

    # -- reading the pages ------------------------------------------------------
    def _page_values(self, page_id: str) -> dict[str, Any]:
        return self.by_id[page_id].values()

    def all_values(self) -> dict[str, dict[str, Any]]:
        return {view.spec.id: view.values() for view in self.pages}

    def _title(self) -> None:
        """Name the draft in the title; never while Hide now (or the idle lock) covers the
        window: the taskbar then shows only "Casebook", and the name comes back on unlocking."""
        what = "Resume draft" if self.resuming else "New incident"
        self._own_title = f"{what} {self.reference} — Casebook" if self.reference else what
        if self.windowTitle() != LOCKED_TITLE:
            self.setWindowTitle(self._own_title)

    def _title_changed(self, title: str) -> None:
        # Unlocking puts back the title from before the lock; a draft first saved while
        # covered (the lock saves the typing) has been named since.
        if title not in (LOCKED_TITLE, self._own_title):
            self.setWindowTitle(self._own_title)

    def _save_page(self, page_id: str, values: dict[str, Any]) -> None:
        if self.case_id is not None:
            cases.save_draft_page(self.ws, self.case_id, page_id, values, self.spec.format_version)
            return
        case = cases.start_draft(self.ws, page_id, values, self.spec.format_version)
        self.case_id, self.reference = case.id, case.reference
        self._title()
        self.discard_button.show()
        # The draft now exists: the drafts strip shows it (later saves are told at close).
        changes.tell(self.ws, changes.Change(changes.What.DRAFT, self.reference))

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
        view = self.by_id[page_id]
        # A choice may have revealed questions (below it) or taken some away: the input in
        # use stays where it is on the screen.
        view.keep_still(view.focus_place())
        self._live.start()

    def sync_children(self) -> None:
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
        view = self.pages[self.current]
        place = view.focus_place()  # notes, the banner and the list above may change height
        self.sync_children()
        pages = self.all_values()
        view.show_problems(self.page_problems(self.current, pages))
        self.update_banner(pages)
        if isinstance(view, SummaryPageView) and view.show_decisions_of(pages):
            self.navigation.fix_tab_order()
        view.keep_still(place)

    def update_banner(self, pages: dict[str, dict[str, Any]]) -> None:
        if self.current >= 0:  # answers asked once elsewhere, as they stand now
            self.pages[self.current].form.show_pages(pages)
        if self.current >= 1:
            advice = decision_aid.advise(pages)
            self.banner.show_advice(referrals_done.with_referrals(pages, advice))

    # -- moving between pages (navigation.py) ------------------------------------
    def show_page(self, index: int) -> None:
        self.navigation.show_page(index)

    def go_next(self) -> bool:
        """Check the page; stay with the messages shown, or save and turn the page."""
        return self.navigation.go_next()

    def go_back(self) -> None:
        self.navigation.go_back()

    def go_to(self, index: int) -> None:
        self.navigation.go_to(index)

    # -- finishing, the guidance, saving and closing ------------------------------------
    def finish(self) -> bool:
        """Open the case (see FinishFlow); False leaves the wizard open, the problem shown."""
        return self.finishing.run()

    def toggle_guidance(self) -> None:
        showing = not self.guidance.isVisible()
        self.guidance.setVisible(showing)
        self.footer.show_guidance_shown(showing)

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        self.show_question_of(new)

    def show_question_of(self, widget: QWidget | None) -> None:
        """The guidance's "About this question" for the question holding `widget`."""
        if widget is None or not self.isAncestorOf(widget):
            return
        question = question_at(widget, self)
        if question is not None:
            self.guidance.set_question(*question)

    def _saved(self) -> None:
        self.footer.show_saved(self.autosave.last_saved_at or datetime.now())

    def discard(self) -> DiscardDraftDialog | None:
        """Ask for the reason to discard this draft; Cancel changes nothing."""
        if self.case_id is None:
            return None
        self.autosave.flush()  # what is on screen is saved first, so Cancel loses nothing
        return DiscardDraftDialog.ask(
            self.ws,
            self.case_id,
            self.reference,
            self,
            discarded=self._discarded,
            cancelled=lambda: self.discard_button.setFocus(Qt.FocusReason.OtherFocusReason),
        )

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
        self.sync_children()
        if self.current >= 0 and (self.case_id is not None or self.autosave.pending):
            self.autosave.touch(self.pages[self.current].spec.id)
        if not self.autosave.flush() and not self._close_anyway:
            self._close_anyway = True
            self.footer.show_problem(SAVE_FAILED_CLOSE.format(problem=self.autosave.error))
            return
        self.autosave.stop()
        if self.case_id is not None:  # nothing typed in a new incident: nothing to keep
            changes.tell(self.ws, changes.Change(changes.What.DRAFT, self.reference))
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
        if not enter_pressed(event):  # Enter never closes the wizard
            super().keyPressEvent(event)
