"""The case file on a demo database: amendments and their history, actions,
reviews, chronology, status changes, and the young person's other cases."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from app.models import CaseStatus
from app.services import audit, cases, dashboard, followup
from app.services.workspace import Workspace
from app.ui.casefile import CaseFileWindow
from app.ui.casefile.dialogs import (
    ActionDialog,
    AmendDialog,
    ChronologyDialog,
    CompleteActionDialog,
    ReviewDialog,
    StatusDialog,
)
from app.ui.casefile.forms import FormDialog
from app.ui.casefile.window import READING
from app.ui.qt import QApplication, QComboBox, QLabel, QListWidget, Qt
from tests.helpers.ui import (
    assert_accessible,
    button_named,
    find,
    label_named,
    record_shown,
    rows_of,
    table_named,
)
from tests.ui import test_dashboard as shared

# The demo database fixtures, shared with the dashboard tests.
demo_template = shared.demo_template
demo_ws = shared.demo_ws

TODAY = date.today()
UK = "%d/%m/%Y"


@pytest.fixture
def open_file(qtbot: QtBot) -> Iterator[Callable[[Workspace, int], CaseFileWindow]]:
    def make(ws: Workspace, case_id: int) -> CaseFileWindow:
        window = CaseFileWindow(ws, case_id)
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        record_shown(qtbot, window)
        return window

    yield make


def first_case(ws: Workspace, status: CaseStatus = CaseStatus.OPEN) -> dashboard.CaseRow:
    return next(r for r in dashboard.case_rows(ws) if r.status == status)


def the_dialog(window: CaseFileWindow) -> FormDialog:
    dialog = window.dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def save(qtbot: QtBot, window: CaseFileWindow, dialog: FormDialog) -> None:
    """Press the dialog's main button; the window reloads and says it changed."""
    with qtbot.waitSignal(window.changed, timeout=5_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)


def test_opening_a_case_is_audited_once_and_shows_every_section(
    qtbot: QtBot,
    demo_ws: Workspace,
    open_file: Callable[[Workspace, int], CaseFileWindow],
) -> None:
    row = first_case(demo_ws)
    window = open_file(demo_ws, row.id)
    assert label_named(window, f"Case {row.reference}").text() == f"Case {row.reference}"
    assert label_named(window, "Status").text() == "Open"
    sections = [
        window.record_view.index.item(i).text() for i in range(window.record_view.index.count())
    ]
    assert sections == [
        "The incident",
        "Young people",
        "Initial review",
        "Conversations",
        "Dealing with the incident",
        "Police",
        "Other agencies",
        "Parents and carers",
        "The plan",
        "Classification and review",
    ]
    summary = window.record_view.values[("cases", row.id, "summary")]
    record = cases.load_case(demo_ws, row.id, audit_view=False)
    assert summary.text() == record.case.summary
    assert summary.textFormat() == Qt.TextFormat.PlainText
    with demo_ws.read() as s:
        viewed = [e for e in audit.entries_for(s, row.reference) if e.action == "viewed"]
    assert len(viewed) == 1
    window.load()  # a reload after a change is not a second viewing
    with demo_ws.read() as s:
        assert len([e for e in audit.entries_for(s, row.reference) if e.action == "viewed"]) == 1


def test_amend_a_field_and_see_its_history(
    qtbot: QtBot,
    demo_ws: Workspace,
    open_file: Callable[[Workspace, int], CaseFileWindow],
) -> None:
    row = first_case(demo_ws)
    window = open_file(demo_ws, row.id)
    before = window.record_view.values[("cases", row.id, "summary")].text()
    qtbot.mouseClick(
        window.record_view.amend_buttons[("cases", row.id, "summary")], Qt.MouseButton.LeftButton
    )
    dialog = the_dialog(window)
    assert isinstance(dialog, AmendDialog)
    assert dialog.current_label.text() == before

    # No reason: refused on the dialog, nothing written.
    dialog.editor.setText("Image shared in a <b>group chat</b> & on AirDrop.")  # type: ignore[attr-defined]
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "Give the reason for the amendment." in dialog.message.text()
    assert cases.case_history(demo_ws, row.id) == []

    qtbot.keyClicks(dialog.reason, "Pupil clarified where it was shared")
    save(qtbot, window, dialog)
    assert not dialog.isVisible()
    shown = window.record_view.values[("cases", row.id, "summary")]
    assert shown.text() == "Image shared in a <b>group chat</b> & on AirDrop."
    assert shown.textFormat() == Qt.TextFormat.PlainText

    window.show_tab("History")
    model = rows_of(window, "History")
    assert model.rowCount() == 1
    when, who, what, was, now, reason = (model.text(0, c) for c in range(6))
    assert who == "dsl"
    assert what == "The incident — Summary"
    assert was == before
    assert now == "Image shared in a <b>group chat</b> & on AirDrop."
    assert reason == "Pupil clarified where it was shared"
    assert datetime.strptime(when, "%d/%m/%Y %H:%M").date() == TODAY


def test_a_case_file_says_it_is_reading_then_shows_its_first_section_then_the_rest(
    qtbot: QtBot, demo_ws: Workspace
) -> None:
    row = first_case(demo_ws)

    def opened() -> CaseFileWindow:
        window = CaseFileWindow(demo_ws, row.id)
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        return window

    window = opened()
    # At once: the window is up and says what it is doing; nothing to act on yet.
    assert window.reading and window.message.text() == READING
    assert not button_named(window, "Print…", visible=False).isVisible()
    first: dict[str, object] = {}

    def look() -> None:  # the moment the case is first on screen
        view = window.record_view
        first["titles"] = [view.index.item(i).text() for i in range(view.index.count())]
        first["complete"] = view.complete
        first["shown"] = [w.text() for w in window.findChildren(QLabel) if w.isVisible()]

    window.shown.connect(look)
    qtbot.waitUntil(lambda: "titles" in first, timeout=10_000)
    titles = first["titles"]
    assert isinstance(titles, list) and len(titles) == 10  # the index lists them all at once
    assert first["complete"] is False
    assert "The incident" in first["shown"] and "Classification and review" not in first["shown"]  # type: ignore[operator]
    record_shown(qtbot, window)  # nothing pressed meanwhile: the rest come by themselves
    shown = [w.text() for w in window.findChildren(QLabel) if w.isVisible()]
    assert all(title in shown for title in titles)
    assert not window.message.isVisible() and button_named(window, "Print…").isVisible()

    # Straight to the last section as soon as the case is shown: it is made there and then.
    again = opened()
    jumped: list[bool] = []

    def jump() -> None:
        view = again.record_view
        jumped.append(view.complete)
        view.index.setCurrentRow(len(titles) - 1)
        jumped.append(view.complete)

    again.shown.connect(jump)
    qtbot.waitUntil(lambda: bool(jumped), timeout=10_000)
    assert jumped == [False, True]
    view = again.record_view
    last = view.cards[-1]
    viewport = view.scroller.viewport()
    top = last.mapTo(viewport, last.rect().topLeft()).y()
    assert view.scroller.verticalScrollBar().value() > 0
    assert 0 <= top < viewport.height()  # scrolled to it: its title in view


def test_amending_a_field_far_down_the_record_keeps_the_dsl_where_they_were(
    qtbot: QtBot,
    demo_ws: Workspace,
    open_file: Callable[[Workspace, int], CaseFileWindow],
) -> None:
    row = first_case(demo_ws)
    window = open_file(demo_ws, row.id)
    view = window.record_view
    key = [k for k in view.amend_buttons if k[2] in ("notes", "next_steps", "support_needed")][-1]
    view.scroller.ensureWidgetVisible(view.amend_buttons[key])
    place = view.scroller.verticalScrollBar().value()
    assert place > 0, "the field should be below the first screen"

    qtbot.mouseClick(view.amend_buttons[key], Qt.MouseButton.LeftButton)
    dialog = the_dialog(window)
    assert isinstance(dialog, AmendDialog)
    editor: Any = dialog.editor
    if hasattr(editor, "setPlainText"):
        editor.setPlainText("Said more » at the second meeting")
    else:
        editor.setText("Said more » at the second meeting")
    qtbot.keyClicks(dialog.reason, "Added after the meeting")
    save(qtbot, window, dialog)

    # The record was read and built again, and it is still at the same place.
    assert view.values[key].text() == "Said more » at the second meeting"
    assert view.scroller.verticalScrollBar().value() == place
    button = view.amend_buttons[key]
    top = button.mapTo(view.scroller.viewport(), button.rect().topLeft()).y()
    assert 0 <= top < view.scroller.viewport().height()


def test_amending_a_date_is_typed_the_uk_way_and_shown_the_uk_way(
    qtbot: QtBot,
    demo_ws: Workspace,
    open_file: Callable[[Workspace, int], CaseFileWindow],
) -> None:
    row = first_case(demo_ws)
    window = open_file(demo_ws, row.id)
    record = window.record
    assert record is not None
    person = record.rows("young_people")[0]
    key = ("young_people", person.id, "date_of_birth")
    old = person.date_of_birth
    window.record_view.amend_buttons[key].click()
    dialog = the_dialog(window)
    assert isinstance(dialog, AmendDialog)
    assert_accessible(dialog)
    dialog.editor.setText("31/02/2012")  # type: ignore[attr-defined]
    qtbot.keyClicks(dialog.reason, "Checked with the school office")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "enter a real date as DD/MM/YYYY" in dialog.message.text()
    dialog.editor.setText("03/04/2012")  # type: ignore[attr-defined]
    save(qtbot, window, dialog)
    assert window.record_view.values[key].text() == "03/04/2012"
    window.show_tab("History")
    assert rows_of(window, "History").text(0, 2) == f"Young person: {person.name} — Date of birth"
    assert rows_of(window, "History").text(0, 3) == old.strftime(UK)
    assert rows_of(window, "History").text(0, 4) == "03/04/2012"


def test_a_required_field_cannot_be_blanked(
    qtbot: QtBot,
    demo_ws: Workspace,
    open_file: Callable[[Workspace, int], CaseFileWindow],
) -> None:
    row = first_case(demo_ws)
    window = open_file(demo_ws, row.id)
    assert window.record is not None
    person = window.record.rows("young_people")[0]
    window.record_view.amend_buttons[("young_people", person.id, "name")].click()
    dialog = the_dialog(window)
    dialog.editor.clear()  # type: ignore[attr-defined]
    qtbot.keyClicks(dialog.reason, "Typo")  # type: ignore[attr-defined]
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "Full name cannot be left blank." in dialog.message.text()
    assert cases.case_history(demo_ws, row.id) == []


def test_add_and_complete_an_action(
    qtbot: QtBot,
    demo_ws: Workspace,
    open_file: Callable[[Workspace, int], CaseFileWindow],
) -> None:
    row = first_case(demo_ws)
    window = open_file(demo_ws, row.id)
    window.show_tab("Actions")
    before = rows_of(window, "Actions").rowCount()
    qtbot.mouseClick(button_named(window, "Add action…", visible=False), Qt.MouseButton.LeftButton)
    dialog = the_dialog(window)
    assert isinstance(dialog, ActionDialog)
    assert_accessible(dialog)
    qtbot.keyClicks(dialog.description, "Check the image is gone from the group chat")
    dialog.owner.setCurrentIndex(dialog.owner.findText("dsl"))
    due = TODAY + timedelta(days=3)
    dialog.due.setText(due.strftime(UK))
    save(qtbot, window, dialog)

    model = rows_of(window, "Actions")
    assert model.rowCount() == before + 1
    rows = [tuple(model.text(r, c) for c in range(4)) for r in range(model.rowCount())]
    mine = next(r for r in rows if r[0] == "Check the image is gone from the group chat")
    assert mine[1:] == ("dsl", due.strftime(UK), "Not done yet")
    stored = next(
        a
        for a in cases.load_case(demo_ws, row.id, audit_view=False).rows("actions")
        if a.description.startswith("Check the image")
    )
    assert (stored.owner_id, stored.due_on) == (demo_ws.account.id, due)

    # Complete it, with a note.
    r = rows.index(mine)
    table_named(window, "Actions").setCurrentIndex(model.index(r, 0))
    assert button_named(window, "Mark done…", visible=False).isEnabled()
    qtbot.mouseClick(button_named(window, "Mark done…", visible=False), Qt.MouseButton.LeftButton)
    dialog = the_dialog(window)
    assert isinstance(dialog, CompleteActionDialog)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "Say what was done." in dialog.message.text()
    qtbot.keyClicks(dialog.note, "Both pupils showed me; it has been removed")
    save(qtbot, window, dialog)
    done = [model.text(r, 3) for r in range(model.rowCount()) if model.text(r, 0) == mine[0]]
    assert done == [f"Done {TODAY.strftime(UK)}: Both pupils showed me; it has been removed"]
    window.show_tab("Chronology")
    texts = [
        rows_of(window, "Chronology").text(r, 3)
        for r in range(rows_of(window, "Chronology").rowCount())
    ]
    assert any(t.startswith("Action done: Check the image") for t in texts)


def test_an_overdue_action_says_so(
    demo_ws: Workspace, open_file: Callable[[Workspace, int], CaseFileWindow]
) -> None:
    row = first_case(demo_ws)
    followup.add_action(demo_ws, row.id, "Late thing", due_on=TODAY - timedelta(days=1))
    window = open_file(demo_ws, row.id)
    model = rows_of(window, "Actions")
    r = next(r for r in range(model.rowCount()) if model.text(r, 0) == "Late thing")
    assert model.text(r, 2) == f"Overdue: {(TODAY - timedelta(days=1)).strftime(UK)}"
    assert "overdue" in label_named(window, "Needs attention", visible=False).text()
    assert label_named(window, "Needs attention", visible=False).isVisible()


def test_record_a_review_that_sets_the_next_date(
    qtbot: QtBot,
    demo_ws: Workspace,
    open_file: Callable[[Workspace, int], CaseFileWindow],
) -> None:
    row = first_case(demo_ws)
    window = open_file(demo_ws, row.id)
    window.show_tab("Reviews")
    qtbot.mouseClick(
        button_named(window, "Record a review…", visible=False), Qt.MouseButton.LeftButton
    )
    dialog = the_dialog(window)
    assert isinstance(dialog, ReviewDialog)
    assert_accessible(dialog)
    interval = int(demo_ws.settings()["review_interval_days"])
    assert dialog.next_review.text() == (TODAY + timedelta(days=interval)).strftime(UK)
    qtbot.keyClicks(dialog.notes, "Settled; attending lessons. Parents content.")
    dialog.risk.setCurrentIndex(dialog.risk.findText("No"))
    next_on = TODAY + timedelta(days=14)
    dialog.next_review.setText(next_on.strftime(UK))
    save(qtbot, window, dialog)

    assert window.record is not None
    assert window.record.case.next_review_on == next_on
    assert (
        f"Next review {next_on.strftime(UK)}"
        in label_named(window, "Where the case is up to").text()
    )
    model = rows_of(window, "Reviews")
    assert [model.text(0, c) for c in (0, 2, 3, 4)] == [
        TODAY.strftime(UK),
        "No",
        next_on.strftime(UK),
        "Settled; attending lessons. Parents content.",
    ]
    refreshed = next(r for r in dashboard.case_rows(demo_ws) if r.id == row.id)
    assert refreshed.next_review_on == next_on


def test_a_review_may_propose_closing_instead_of_a_next_date(
    qtbot: QtBot,
    demo_ws: Workspace,
    open_file: Callable[[Workspace, int], CaseFileWindow],
) -> None:
    row = first_case(demo_ws)
    window = open_file(demo_ws, row.id)
    window.add_review()
    dialog = the_dialog(window)
    assert isinstance(dialog, ReviewDialog)
    qtbot.keyClicks(dialog.notes, "No further concerns.")
    dialog.next_review.clear()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "Or tick Propose closing the case." in dialog.message.text()
    dialog.propose_closing.setChecked(True)
    assert not dialog.next_review.isEnabled()
    save(qtbot, window, dialog)
    assert rows_of(window, "Reviews").text(0, 3) == "Proposed closing"
    assert "proposed closing" in label_named(window, "Notes on this case", visible=False).text()


def test_close_needs_every_action_done_and_a_summary_then_reopen_needs_a_reason(
    qtbot: QtBot,
    demo_ws: Workspace,
    open_file: Callable[[Workspace, int], CaseFileWindow],
) -> None:
    row = next(
        r for r in dashboard.case_rows(demo_ws) if r.status == CaseStatus.OPEN and r.open_actions
    )
    window = open_file(demo_ws, row.id)
    assert (
        button_named(window, "Close case…", visible=False).isVisible()
        and not button_named(window, "Reopen case…", visible=False).isVisible()
    )

    qtbot.mouseClick(button_named(window, "Close case…", visible=False), Qt.MouseButton.LeftButton)
    dialog = the_dialog(window)
    assert isinstance(dialog, StatusDialog)
    assert not dialog.save_button.isEnabled()
    assert "still open" in dialog.blocker.text()
    dialog.reject()

    record = window.record
    assert record is not None
    for action in record.rows("actions"):
        if action.done_at is None:
            followup.complete_action(demo_ws, row.id, action.id, "Done")
    window.load()

    button_named(window, "Close case…", visible=False).click()
    dialog = the_dialog(window)
    assert isinstance(dialog, StatusDialog) and dialog.save_button.isEnabled()
    assert dialog.summary is not None
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "Write the closing summary.\nGive the reason."
    qtbot.keyClicks(dialog.summary, "Support in place; image removed; no further concerns.")
    qtbot.keyClicks(dialog.reason, "Agreed at the review")
    save(qtbot, window, dialog)
    assert label_named(window, "Status").text() == "Closed"
    assert (
        button_named(window, "Reopen case…", visible=False).isVisible()
        and not button_named(window, "Close case…", visible=False).isVisible()
    )
    assert not button_named(window, "Add action…", visible=False).isEnabled()
    assert "Closing" in [
        window.record_view.index.item(i).text() for i in range(window.record_view.index.count())
    ]

    button_named(window, "Reopen case…", visible=False).click()
    dialog = the_dialog(window)
    assert isinstance(dialog, StatusDialog)
    assert dialog.windowTitle() == "Reopen the case"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "Give the reason." in dialog.message.text()
    qtbot.keyClicks(dialog.reason, "A new image has been shared")
    save(qtbot, window, dialog)
    assert label_named(window, "Status").text() == "Open"
    decisions = [
        (rows_of(window, "Decisions").text(r, 1), rows_of(window, "Decisions").text(r, 3))
        for r in range(rows_of(window, "Decisions").rowCount())
    ]
    assert ("Closing the case", "Agreed at the review") in decisions
    assert ("Reopening the case", "A new image has been shared") in decisions


def test_monitoring_and_back(
    qtbot: QtBot, demo_ws: Workspace, open_file: Callable[[Workspace, int], CaseFileWindow]
) -> None:
    row = first_case(demo_ws)
    window = open_file(demo_ws, row.id)
    button_named(window, "Move to monitoring…", visible=False).click()
    dialog = the_dialog(window)
    qtbot.keyClicks(dialog.reason, "Work done; watching for now")  # type: ignore[attr-defined]
    save(qtbot, window, dialog)
    assert label_named(window, "Status").text() == "Monitoring"
    assert (
        button_named(window, "Move back to open…", visible=False).isVisible()
        and not button_named(window, "Move to monitoring…", visible=False).isVisible()
    )


def test_a_back_dated_chronology_entry_is_marked(
    qtbot: QtBot,
    demo_ws: Workspace,
    open_file: Callable[[Workspace, int], CaseFileWindow],
) -> None:
    row = first_case(demo_ws)
    window = open_file(demo_ws, row.id)
    window.show_tab("Chronology")
    qtbot.mouseClick(button_named(window, "Add entry…", visible=False), Qt.MouseButton.LeftButton)
    dialog = the_dialog(window)
    assert isinstance(dialog, ChronologyDialog)
    assert_accessible(dialog)
    # The service refuses a time in the future; its words show on the dialog.
    dialog.when.setText((datetime.now() + timedelta(days=2)).strftime("%d/%m/%Y %H:%M"))
    qtbot.keyClicks(dialog.entry, "Mum rang: <i>worried</i> about messages")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.message.text() == "When it happened cannot be in the future."
    assert dialog.message.textFormat() == Qt.TextFormat.PlainText

    happened = datetime.now().replace(second=0, microsecond=0) - timedelta(days=3)
    dialog.when.setText(happened.strftime("%d/%m/%Y %H:%M"))
    save(qtbot, window, dialog)
    model = rows_of(window, "Chronology")
    r = next(
        r
        for r in range(model.rowCount())
        if model.text(r, 3) == "Mum rang: <i>worried</i> about messages"
    )
    assert model.text(r, 0) == happened.strftime("%d/%m/%Y %H:%M")
    assert model.text(r, 1).startswith("Back-dated: written ")
    happened_times = [
        datetime.strptime(model.text(i, 0), "%d/%m/%Y %H:%M") for i in range(model.rowCount())
    ]
    assert happened_times == sorted(happened_times)


def same_child_in_two_cases(ws: Workspace) -> tuple[dashboard.CaseRow, dashboard.CaseRow, Any]:
    """Two open cases, the first's first young person made the second's too (by an
    amendment of name and date of birth): (here, there, that young person)."""
    rows = [r for r in dashboard.case_rows(ws) if r.status == CaseStatus.OPEN]
    here, there = rows[0], rows[1]
    child = cases.load_case(ws, here.id, audit_view=False).rows("young_people")[0]
    other = cases.load_case(ws, there.id, audit_view=False).rows("young_people")[0]
    for field, value in (("name", child.name), ("date_of_birth", child.date_of_birth)):
        cases.amend(ws, there.id, "young_people", other.id, field, value, "Same pupil")
    return here, there, child


def test_other_cases_for_this_child_can_be_opened(
    qtbot: QtBot,
    demo_ws: Workspace,
    open_file: Callable[[Workspace, int], CaseFileWindow],
) -> None:
    here, there, child = same_child_in_two_cases(demo_ws)
    window = open_file(demo_ws, here.id)
    assert (
        f"{child.name} is in 1 other case"
        in label_named(window, "Notes on this case", visible=False).text()
    )
    window.show_tab("Young people")
    find(window, QListWidget, "Young people in this case", visible=False).setCurrentRow(0)
    model = rows_of(window, "Other cases for this child")
    refs = [model.text(r, 0) for r in range(model.rowCount())]
    assert f"{here.reference} (this case)" in refs and there.reference in refs
    r = refs.index(there.reference)
    assert model.text(r, 4) == "Same name and date of birth"
    table_named(window, "Other cases for this child").setCurrentIndex(model.index(r, 0))
    assert button_named(window, "Open that case", visible=False).isEnabled()
    with qtbot.waitSignal(window.open_case) as got:
        qtbot.mouseClick(
            button_named(window, "Open that case", visible=False), Qt.MouseButton.LeftButton
        )
    assert got.args == [there.id]
    table_named(window, "Other cases for this child").setCurrentIndex(
        model.index(refs.index(f"{here.reference} (this case)"), 0)
    )
    assert not button_named(window, "Open that case", visible=False).isEnabled()


def test_print_asks_for_the_print_dialog_with_the_reference(
    qtbot: QtBot, demo_ws: Workspace, open_file: Callable[[Workspace, int], CaseFileWindow]
) -> None:
    row = first_case(demo_ws)
    window = open_file(demo_ws, row.id)
    with qtbot.waitSignal(window.print_requested) as got:
        qtbot.mouseClick(button_named(window, "Print…", visible=False), Qt.MouseButton.LeftButton)
    assert got.args == [row.reference]


def test_a_case_that_is_gone_says_so_calmly(
    demo_ws: Workspace, open_file: Callable[[Workspace, int], CaseFileWindow]
) -> None:
    window = open_file(demo_ws, 999_999)
    assert window.message.isVisible()
    assert window.message.text() == "There is no case 999999."
    assert not window.tabs.isEnabled()
    assert not button_named(window, "Print…", visible=False).isVisible()


def test_dialogs_are_keyboard_friendly(
    qtbot: QtBot, demo_ws: Workspace, open_file: Callable[[Workspace, int], CaseFileWindow]
) -> None:
    row = first_case(demo_ws)
    window = open_file(demo_ws, row.id)
    window.add_chronology_entry()
    dialog = the_dialog(window)
    assert isinstance(dialog, ChronologyDialog)
    dialog.activateWindow()  # as a window manager does when it opens
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    assert QApplication.focusWidget() is dialog.entry
    qtbot.keyClicks(dialog.entry, "Spoke to the form tutor")
    # Ctrl+Enter saves from inside the text box.
    with qtbot.waitSignal(window.changed):
        qtbot.keyClick(dialog.entry, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not dialog.isVisible()


def test_an_action_for_someone_without_an_account_and_a_decision_with_its_reason(
    qtbot: QtBot, demo_ws: Workspace, open_file: Callable[[Workspace, int], CaseFileWindow]
) -> None:
    row = first_case(demo_ws)
    window = open_file(demo_ws, row.id)
    window.add_action()
    dialog = the_dialog(window)
    assert isinstance(dialog, ActionDialog)
    qtbot.keyClicks(dialog.description, "Speak to the pupil's youth worker")
    dialog.owner.setCurrentIndex(dialog.owner.count() - 1)  # someone without an account
    assert dialog.other_name.isEnabled()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "Type the name of the person who will do it." in dialog.message.text()
    qtbot.keyClicks(dialog.other_name, "Sam O'Neill (youth service)")
    save(qtbot, window, dialog)
    model = rows_of(window, "Actions")
    who = [model.text(r, 1) for r in range(model.rowCount()) if "youth worker" in model.text(r, 0)]
    assert who == ["Sam O'Neill (youth service)"]

    window.add_decision()
    decision = the_dialog(window)
    qtbot.keyClicks(decision.decision, "Not to tell the other school yet")  # type: ignore[attr-defined]
    qtbot.mouseClick(decision.save_button, Qt.MouseButton.LeftButton)
    assert decision.message.text() == "Give the reason for the decision."
    qtbot.keyClicks(decision.reason, "Police asked us to wait until they have spoken to him")  # type: ignore[attr-defined]
    save(qtbot, window, decision)
    texts = [
        rows_of(window, "Decisions").text(r, 2)
        for r in range(rows_of(window, "Decisions").rowCount())
    ]
    assert "Not to tell the other school yet" in texts


def test_escalating_the_pathway_is_an_amendment_chosen_from_a_list(
    qtbot: QtBot, demo_ws: Workspace, open_file: Callable[[Workspace, int], CaseFileWindow]
) -> None:
    row = next(r for r in dashboard.case_rows(demo_ws) if r.status == CaseStatus.OPEN and r.pathway)
    window = open_file(demo_ws, row.id)
    window.record_view.amend_buttons[("cases", row.id, "pathway")].click()
    dialog = the_dialog(window)
    assert isinstance(dialog, AmendDialog)
    box = dialog.editor
    assert isinstance(box, QComboBox)
    assert [box.itemText(i) for i in range(box.count())] == [
        "Police",
        "Children's social care",
        "In school",
        "Not recorded",
    ]
    box.setCurrentIndex(0)
    qtbot.keyClicks(dialog.reason, "New information: an adult was involved")
    save(qtbot, window, dialog)
    assert window.record_view.values[("cases", row.id, "pathway")].text() == "Police"
    assert "Pathway: Police" in label_named(window, "Where the case is up to").text()
    assert next(r for r in dashboard.case_rows(demo_ws) if r.id == row.id).pathway == "police"


def test_not_known_about_an_adult_can_be_chosen_and_set_back_in_the_amend_dialog(
    qtbot: QtBot, demo_ws: Workspace, open_file: Callable[[Workspace, int], CaseFileWindow]
) -> None:
    row = first_case(demo_ws)
    window = open_file(demo_ws, row.id)
    key = ("cases", row.id, "adults_involved")
    window.record_view.amend_buttons[key].click()
    dialog = the_dialog(window)
    assert isinstance(dialog, AmendDialog)
    box = dialog.editor
    assert isinstance(box, QComboBox)
    words = [box.itemText(i) for i in range(box.count())]
    assert words == ["Yes", "No", "Not known", "Not recorded"]
    box.setFocus()
    box.setCurrentIndex(words.index("Not known"))
    qtbot.keyClicks(dialog.reason, "The account may belong to an adult; not yet confirmed")
    save(qtbot, window, dialog)
    assert window.record_view.values[key].text() == "Not known"
    window.show_tab("History")
    assert rows_of(window, "History").text(0, 4) == "Not known"
