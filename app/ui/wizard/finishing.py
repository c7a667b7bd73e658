"""Finish: every page complete and saved, then the draft becomes an open case in one transaction
(app.services.incident.finish). A problem is shown on its page, never in a pop-up."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from app.errors import CasebookError
from app.services import incident
from app.ui import changes
from app.ui.qt import Qt
from app.ui.screen_fit import settle_layouts
from app.ui.widgets import GENERIC_ERROR
from app.ui.wizard.page import SummaryPageView
from app.wizard.validate import Problem, errors

if TYPE_CHECKING:
    from app.ui.wizard.wizard import IncidentWizard

log = logging.getLogger(__name__)

INCOMPLETE = "Before the case can be opened, this page needs:"


class FinishFlow:
    """The steps of Finish, in order, for one wizard."""

    def __init__(self, wizard: IncidentWizard) -> None:
        self.wizard = wizard

    def incomplete(self) -> dict[str, list[Problem]]:
        """What each page still needs (errors, and answers to give again), by page id."""
        w = self.wizard
        w.sync_children()
        pages = w.all_values()
        found: dict[str, list[Problem]] = {}
        for i, view in enumerate(w.pages):
            bad = errors(w.page_problems(i, pages))
            if bad:
                found[view.spec.id] = bad
        for page, unfit in w.unfit_problems().items():
            found[page] = found.get(page, []) + unfit
        return found

    def run(self) -> bool:
        """Open the case: every page must be complete; problems are shown on their page."""
        w = self.wizard
        incomplete = self.incomplete()
        if incomplete:
            self.show_incomplete(incomplete)
            return False
        for view in w.pages:
            w.autosave.touch(view.spec.id)
        summary_view = w.pages[-1]
        assert isinstance(summary_view, SummaryPageView)
        if not w.autosave.flush():
            self._message(summary_view, w.autosave.error)
            return False
        assert w.case_id is not None  # every page was just saved
        try:
            reference = incident.finish(w.ws, w.case_id)
        except incident.IncompleteCase as exc:
            self.show_incomplete(exc.problems)
            return False
        except CasebookError as exc:
            self._message(summary_view, str(exc))
            return False
        except Exception as exc:  # the message may hold typed text: log its type only
            log.error("finishing a case failed with %s", type(exc).__name__)
            self._message(summary_view, GENERIC_ERROR)
            return False
        w.finished_reference = reference
        w.autosave.stop()
        changes.tell(w.ws, changes.Change(changes.What.CASE, reference))
        w.case_opened.emit(reference)
        w.accept()
        return True

    def _message(self, view: SummaryPageView, text: str) -> None:
        view.message.setText(text)
        view.message.setAccessibleName(text)
        view.message.show()
        settle_layouts()  # the message has its place before it is scrolled to
        view.scroller.ensureWidgetVisible(view.message, 40, 40)
        self.wizard.finish_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_incomplete(self, incomplete: dict[str, list[Problem]]) -> None:
        """Go to the first page that needs something and say what, next to each question."""
        w = self.wizard
        first = next((i for i, v in enumerate(w.pages) if v.spec.id in incomplete), None)
        if first is None:
            return
        w.furthest = max(w.furthest, first)
        if first != w.current:
            w.autosave.touch(w.pages[w.current].spec.id)
            w.autosave.flush()
            w.show_page(first)
        view = w.pages[first]
        view.revealed = True
        problems = incomplete[view.spec.id]
        view.show_problems(problems, lead=INCOMPLETE)
        view.focus_problem(problems)
