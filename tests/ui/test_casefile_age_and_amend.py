"""The case file shows a young person's age on the day it came to light, and the Amend
dialog opens with its required reason in view."""

from __future__ import annotations

from collections.abc import Callable

from pytestqt.qtbot import QtBot

from app.dates import age_on, format_date
from app.services.workspace import Workspace
from app.ui.casefile import CaseFileWindow
from app.ui.casefile.dialogs import AmendDialog
from app.ui.qt import QPoint, Qt
from tests.ui import test_casefile as casefile

demo_template = casefile.demo_template
demo_ws = casefile.demo_ws
open_file = casefile.open_file


def test_the_age_beside_a_date_of_birth_is_the_age_on_the_day_it_came_to_light(
    qtbot: QtBot,
    demo_ws: Workspace,
    open_file: Callable[[Workspace, int], CaseFileWindow],
) -> None:
    row = casefile.first_case(demo_ws)
    window = open_file(demo_ws, row.id)
    record = window.record
    assert record is not None
    came = record.case.came_to_light_at.date()
    for person in record.rows("young_people"):
        assert person.date_of_birth is not None
        shown = window.record_view.values[("young_people", person.id, "age_years")]
        age = age_on(person.date_of_birth, came)
        assert shown.text() == (
            f"{age} when it came to light ({format_date(came)}), from the date of birth"
        )
        assert "Not recorded" not in shown.text()
        # Worked out, so not amended itself: the date of birth is.
        assert ("young_people", person.id, "age_years") not in window.record_view.amend_buttons
        assert ("young_people", person.id, "date_of_birth") in window.record_view.amend_buttons


def test_the_amend_dialogs_required_reason_is_in_view_when_it_opens(
    qtbot: QtBot,
    demo_ws: Workspace,
    open_file: Callable[[Workspace, int], CaseFileWindow],
) -> None:
    row = casefile.first_case(demo_ws)
    window = open_file(demo_ws, row.id)
    for key in (("cases", row.id, "summary"), ("cases", row.id, "came_to_light_at")):
        window.record_view.amend_buttons[key].click()
        dialog = casefile.the_dialog(window)
        assert isinstance(dialog, AmendDialog)
        qtbot.waitExposed(dialog)
        area = dialog.scroll_area
        assert area is not None
        viewport = area.viewport()
        reason = dialog.reason
        top_left = reason.mapTo(viewport, QPoint(0, 0))
        bottom = top_left.y() + reason.height()
        # The whole box is inside what the dialog shows, with nothing to scroll to reach it.
        assert top_left.y() >= 0 and bottom <= viewport.height(), (bottom, viewport.height())
        assert dialog.save_button.isVisible()
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
