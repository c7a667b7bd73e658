"""Turning the wizard's pages: Next checks the page first, every turn saves the page left,
and the page shown is dressed (banner, summary, guidance, buttons, list, tab order, focus)."""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING, Any

from app.ui.qt import QApplication, QKeyEvent, QPushButton, Qt, QWidget
from app.ui.wizard.editors import GroupEditor
from app.ui.wizard.page import INCIDENT_PAGE, YOUNG_PEOPLE, SummaryPageView
from app.wizard import summary
from app.wizard.validate import errors

if TYPE_CHECKING:
    from app.ui.wizard.wizard import IncidentWizard


def enter_pressed(event: QKeyEvent) -> bool:
    """The wizard's Enter: True when it was Enter, and handled here.

    Enter presses a focused button; in a one-line box it is Next (returnPressed);
    in a text box it is a new line (the box keeps it). It never closes the dialog."""
    if event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        return False
    focused = QApplication.focusWidget()
    if isinstance(focused, QPushButton) and focused.isEnabled():
        focused.click()
    event.accept()  # on a radio button or tick box, Space chooses
    return True


class Navigation:
    """Moves one wizard between its pages; the wizard keeps `current` and `furthest`."""

    def __init__(self, wizard: IncidentWizard) -> None:
        self.wizard = wizard

    def show_page(self, index: int) -> None:
        w = self.wizard
        index = max(0, min(index, len(w.pages) - 1))
        w.sync_children()
        w.current = index
        w.furthest = max(w.furthest, index)
        view = w.pages[index]
        w.stack.setCurrentIndex(index)
        pages = w.all_values()
        if index >= 1:
            view.banner_slot.addWidget(w.banner)  # moves it from the page it was on
            w.banner.show()
            w.update_banner(pages)
        else:
            w.banner.hide()
        if isinstance(view, SummaryPageView):
            self._show_summary(view, pages)
        view.show_problems(w.page_problems(index, pages))
        w.guidance.set_page(view.spec)
        w.footer.show_page(index, last=index == len(w.pages) - 1)
        w.page_list.show_progress(
            index, w.furthest, lambda i: bool(errors(w.page_problems(i, pages)))
        )
        self.fix_tab_order()
        view.to_top()
        target = view.first_input()
        if isinstance(view, SummaryPageView) and view.change_buttons:
            target = view.change_buttons[0]  # read the case first, top to bottom
        focus = target or w.next_button
        focus.setFocus(Qt.FocusReason.OtherFocusReason)
        # Turning the page may have put the focus there already (the page's first input),
        # and setFocus then says nothing: the guidance is told here.
        w.show_question_of(focus)

    def go_next(self) -> bool:
        """Check the page; stay with the messages shown, or save and turn the page."""
        w = self.wizard
        if w.current >= len(w.pages) - 1:
            return False
        w.sync_children()
        pages = w.all_values()
        view = w.pages[w.current]
        problems = w.page_problems(w.current, pages)
        if errors(problems):
            view.revealed = True
            view.show_problems(problems)
            view.focus_problem(problems)
            return False
        view.show_problems(problems)
        w.autosave.touch(view.spec.id)
        w.autosave.flush()
        self.show_page(w.current + 1)
        return True

    def go_back(self) -> None:
        w = self.wizard
        if w.current <= 0:
            return
        w.autosave.touch(w.pages[w.current].spec.id)
        w.autosave.flush()
        self.show_page(w.current - 1)

    def go_to(self, index: int) -> None:
        w = self.wizard
        if index == w.current or index > w.furthest:
            return
        w.autosave.touch(w.pages[w.current].spec.id)
        w.autosave.flush()
        self.show_page(index)

    def fix_tab_order(self) -> None:
        """As the window is read: the list of pages, the page (its banner, then its
        questions top to bottom), the guidance beside it, then the buttons left to right."""
        w = self.wizard
        if w.current < 0:
            return
        view = w.pages[w.current]
        banner = [w.banner.toggle] if w.current >= 1 else []  # the banner heads the page
        chain = [
            w.page_list,
            view.scroller,
            *banner,
            *view.focus_chain(),
            w.guidance.scroll_area,
            *w.footer.tab_chain(),
        ]
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)

    def _show_summary(self, view: SummaryPageView, pages: dict[str, dict[str, Any]]) -> None:
        w = self.wizard
        numbers = {p.spec.title: i for i, p in enumerate(w.pages)}
        view.show_overview(summary.summary_sections(pages, w.spec), w.go_to, numbers)
        if view.show_decisions_of(pages):
            self.fix_tab_order()
        me = w.ws.account
        view.show_sign_off(me.display_name, str(me.role.value))

    def add_young_person(self) -> None:
        """From 'other young people involved': add one to page 1 and go there to fill it in."""
        w = self.wizard
        self.go_to(0)
        row = w.by_id[INCIDENT_PAGE].form.rows.get(YOUNG_PEOPLE)
        if row is None or not isinstance(row.editor, GroupEditor):
            return
        item = row.editor.add_clicked()
        target = item.form.focus_target("")
        if target is not None:
            w.pages[0].scroll_to_question(target)
