"""By keyboard alone: Tab reaches every control of each screen, once, in reading order.

Each test presses Tab as a keyboard user does, from the screen's first control,
recording where the focus goes, until it comes back to the start: a loop that
never comes back, a control never reached, or a step back up the screen fails.
The screens are the ones the screenshots show (tools/screenshots), on the same
training data: the main window with and without a draft, with a case open, each
tab of the case file, and the dialogs behind it and behind the School menu.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.models import CaseStatus
from app.services import backup, cases
from app.services import settings as settings_service
from app.services.workspace import Workspace
from app.ui.admin import FiguresDialog, RetentionDialog, SettingsDialog
from app.ui.casefile import CaseFileWindow
from app.ui.casefile.forms import FormDialog
from app.ui.casefile.window import TABS
from app.ui.first_run import FirstRunWindow
from app.ui.login import LoginWindow
from app.ui.main_window import MainWindow
from app.ui.qt import QApplication, QDialog, QEvent, Qt, QWidget
from app.ui.security import AccountsDialog, AuditViewer, BackupDialog, LockController
from app.ui.security.backups import DamagedDatabaseDialog, RestoreDialog
from app.ui.security.crash import CrashDialog
from tests.helpers.ui import assert_tab_order, read_in, record_shown, spoken_name, tab_walk
from tests.helpers.wizard_driver import Driver, make_wizard, ws
from tests.helpers.wizard_pages import experimental_in_school
from tests.ui import test_dashboard as shared
from tools.screenshots.dashboard import _story as give_a_case_its_history

demo_template = shared.demo_template  # the 60-case training database, built once
demo_ws = shared.demo_ws
__all__ = ["make_wizard", "ws"]  # fixtures for the wizard's pages

SIZE = (1366, 768)


@pytest.fixture
def show(qtbot: QtBot) -> Iterator[Callable[[QWidget], None]]:
    """Show a window for the test; deleted by Qt at the end, before Python collects it.

    (Left to the collector, a dialog whose Tab order was walked all the way round
    crashed it at the end of the test: PySide freed a wrapper twice.)
    """
    made: list[QWidget] = []

    def shown(window: QWidget) -> None:
        qtbot.addWidget(window)
        made.append(window)
        window.show()
        qtbot.waitExposed(window)

    yield shown
    for window in made:
        window.close()
        window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _words(widget: QWidget) -> str:
    """A control's spoken name without its count ("Reviews: 4" -> "Reviews")."""
    return re.sub(r": \d+$", "", spoken_name(widget))


@pytest.fixture
def open_main(qtbot: QtBot) -> Iterator[Callable[[Workspace], MainWindow]]:
    """The main window as after signing in (with its lock, so Hide now is there)."""
    locks: list[LockController] = []

    def make(ws: Workspace) -> MainWindow:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        lock = LockController(app, 5, lambda _password: False, user_label="Jo Smith")
        locks.append(lock)
        main = MainWindow(ws, lock=lock)
        qtbot.addWidget(main)
        main.setWindowState(Qt.WindowState.WindowNoState)
        main.resize(*SIZE)
        with qtbot.waitSignal(main.dashboard.loaded, timeout=20_000):
            main.show()
        qtbot.waitExposed(main)
        # The toolbar lays out the drafts strip once it is told there are drafts.
        strip = main.drafts_panel
        qtbot.waitUntil(lambda: strip.isVisible() == bool(main.resume_buttons), timeout=5000)
        return main

    yield make
    for lock in locks:
        lock.stop()


def _without_drafts(ws: Workspace) -> None:
    for draft in cases.list_drafts(ws):
        cases.discard_draft(ws, draft.id, "Started by mistake")


def _with_one_draft(ws: Workspace) -> str:
    _without_drafts(ws)
    case = cases.create_case(ws)
    cases.save_draft_page(ws, case.id, "incident", {"summary": "Typed, then closed"})
    return case.reference


FILTERS = ["Search", "Status", "Pathway", "Year group", "Opened from", "Opened to"]
DASHBOARD = [
    *["All", "Reviews", "Actions", "Drafts", "What needs you today"],
    *["Refresh", *FILTERS, "Clear filters", "Cases"],
]


# -- the check itself fails when it should ---------------------------------------------------
def test_the_check_fails_on_a_step_back_up_the_screen_and_on_a_control_never_reached(
    qtbot: QtBot, show: Callable[[QWidget], None]
) -> None:
    from app.ui.qt import QPushButton, QVBoxLayout

    window = QWidget()
    column = QVBoxLayout(window)
    top, middle, bottom = QPushButton("Top"), QPushButton("Middle"), QPushButton("Bottom")
    for b in (top, middle, bottom):
        column.addWidget(b)
    QWidget.setTabOrder(bottom, middle)  # Top, Bottom, Middle: back up the screen
    show(window)
    with pytest.raises(AssertionError, match="'Middle' is above QPushButton 'Bottom'"):
        assert_tab_order(qtbot, window)
    QWidget.setTabOrder(top, middle)  # reading order again
    QWidget.setTabOrder(middle, bottom)
    assert [spoken_name(w) for w in assert_tab_order(qtbot, window)] == ["Top", "Middle", "Bottom"]


# -- the main window -------------------------------------------------------------------------
def test_with_a_draft_tab_goes_round_the_whole_dashboard_and_back(
    qtbot: QtBot, demo_ws: Workspace, open_main: Callable[[Workspace], MainWindow]
) -> None:
    """The loop the DSL met: from Search, Tab stopped at Resume draft for ever."""
    reference = _with_one_draft(demo_ws)
    main = open_main(demo_ws)
    walked = assert_tab_order(qtbot, main)
    toolbar = ["New incident", f"Resume draft {reference}", "Hide now (F12)", "Sign out"]
    assert [_words(w) for w in walked] == toolbar + DASHBOARD
    # From Search, as the DSL started: round every control and back to Search.
    search = main.dashboard.search
    from_search = tab_walk(qtbot, main, start=search)
    assert len(from_search) == len(walked)
    assert [_words(w) for w in from_search[:3]] == ["Search", "Status", "Pathway"]


def test_with_no_draft_tab_goes_round_the_dashboard_and_back(
    qtbot: QtBot, demo_ws: Workspace, open_main: Callable[[Workspace], MainWindow]
) -> None:
    _without_drafts(demo_ws)
    main = open_main(demo_ws)
    walked = assert_tab_order(qtbot, main)
    toolbar = ["New incident", "Hide now (F12)", "Sign out"]  # no drafts strip
    assert [_words(w) for w in walked] == toolbar + DASHBOARD


def test_with_several_drafts_show_all_and_discard_come_in_reading_order(
    qtbot: QtBot, demo_ws: Workspace, open_main: Callable[[Workspace], MainWindow]
) -> None:
    for summary in ("First", "Second"):
        case = cases.create_case(demo_ws)
        cases.save_draft_page(demo_ws, case.id, "incident", {"summary": summary})
    main = open_main(demo_ws)
    drafts = next(b for b in main.dashboard.kind_buttons if _words(b) == "Drafts")
    qtbot.mouseClick(drafts, Qt.MouseButton.LeftButton)
    today = main.dashboard.today_view
    today.setCurrentIndex(today.model().index(0, 0))  # a draft chosen: Discard draft is live
    names = [_words(w) for w in assert_tab_order(qtbot, main)]
    assert names[1] == "Show all" and names[2].startswith("Resume draft ")
    chosen = main.dashboard.today.selected_draft()
    assert chosen is not None
    at = names.index(f"Discard draft {chosen.reference}")
    assert names[at + 1 : at + 6] == ["All", "Reviews", "Actions", "Drafts", today.accessibleName()]


def test_with_a_case_open_tab_reaches_the_tabs_and_the_case_then_the_dashboard_again(
    qtbot: QtBot, demo_ws: Workspace, open_main: Callable[[Workspace], MainWindow]
) -> None:
    _with_one_draft(demo_ws)
    main = open_main(demo_ws)
    case_id = main.dashboard.shown_case_ids()[0]
    window = main.open_case_file(case_id)
    assert window is not None
    record_shown(qtbot, window)
    walked = assert_tab_order(qtbot, main)
    names = [_words(w) for w in walked]
    assert names[4] == f"Case {window.reference}"  # the window's tabs, after the toolbar
    assert "Record tab" in names  # the case file's own tabs
    assert "Search" not in names  # the dashboard is behind
    main.close_current_tab()
    qtbot.waitUntil(lambda: main.tabs.count() == 1)
    names = [_words(w) for w in assert_tab_order(qtbot, main)]
    assert names[4:] == DASHBOARD  # no stop on the hidden tab bar: no loop


# -- the case file ---------------------------------------------------------------------------
@pytest.fixture
def case_file(qtbot: QtBot, demo_ws: Workspace, show: Callable[[QWidget], None]) -> CaseFileWindow:
    """The screenshots' case: amended, back-dated, reviewed, with two young people."""
    case, _repeat = give_a_case_its_history(demo_ws)
    window = CaseFileWindow(demo_ws, case.id)
    window.resize(*SIZE)
    show(window)
    record_shown(qtbot, window)
    return window


@pytest.mark.parametrize("tab", TABS)
def test_each_tab_of_the_case_file_is_walked_in_reading_order(
    qtbot: QtBot, case_file: CaseFileWindow, tab: str
) -> None:
    case_file.show_tab(tab)
    names = [spoken_name(w) for w in assert_tab_order(qtbot, case_file)]
    assert f"{tab} tab" in names
    at = names.index(f"{tab} tab")
    # The tab bar, then what is on the tab; the header's buttons before both.
    assert at > 0 and at < len(names) - 1


def test_tab_reaches_every_amend_button_of_the_record_each_by_its_own_name(
    qtbot: QtBot, case_file: CaseFileWindow
) -> None:
    walked = assert_tab_order(qtbot, case_file)
    amends = [spoken_name(w) for w in walked if spoken_name(w).startswith("Amend ")]
    assert len(amends) == len(case_file.record_view.amend_buttons) > 50
    assert "Amend Note, question 3, initial review" in amends
    assert len(set(amends)) == len(amends)


# -- the dialogs -----------------------------------------------------------------------------
def _dialog_of(window: CaseFileWindow) -> FormDialog:
    dialog = window.dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


CASE_DIALOGS: dict[str, Callable[[CaseFileWindow], object]] = {
    "amend": lambda w: w.record_view.amend_buttons[("cases", w.case_id, "summary")].click(),
    "close": lambda w: w.change_status(CaseStatus.CLOSED),
    "review": lambda w: w.add_review(),
    "action": lambda w: w.add_action(),
    "chronology": lambda w: w.add_chronology_entry(),
    "decision": lambda w: w.add_decision(),
}


@pytest.mark.parametrize("name", CASE_DIALOGS)
def test_each_case_file_dialog_is_walked_in_reading_order_ending_with_its_buttons(
    qtbot: QtBot, case_file: CaseFileWindow, name: str
) -> None:
    CASE_DIALOGS[name](case_file)
    dialog = _dialog_of(case_file)
    qtbot.waitExposed(dialog)
    walked = assert_tab_order(qtbot, dialog)
    # The inputs, then Cancel and Save (when it can be pressed).
    save = dialog.save_button
    buttons = ["Cancel", spoken_name(save)] if save.isEnabled() else ["Cancel"]
    assert [spoken_name(w) for w in walked[-len(buttons) :]] == buttons
    dialog.reject()


SCHOOL_DIALOGS: dict[str, Callable[[Workspace], QDialog]] = {
    "settings": SettingsDialog,
    "figures": FiguresDialog,
    "retention": RetentionDialog,
    "accounts": AccountsDialog,
    "backups": BackupDialog,
    "who saw what": AuditViewer,
}


@pytest.mark.parametrize("name", SCHOOL_DIALOGS)
def test_each_school_dialog_is_walked_in_reading_order(
    qtbot: QtBot, demo_ws: Workspace, show: Callable[[QWidget], None], name: str
) -> None:
    give_a_case_its_history(demo_ws)  # two cases past retention, as the screenshots show
    dialog = SCHOOL_DIALOGS[name](demo_ws)
    show(dialog)
    read_in(qtbot, dialog)  # what it reads off the GUI thread, in
    assert_tab_order(qtbot, dialog)


def test_settings_tab_follows_the_inputs_down_the_page(
    qtbot: QtBot, demo_ws: Workspace, show: Callable[[QWidget], None]
) -> None:
    dialog = SettingsDialog(demo_ws)
    show(dialog)
    names = [spoken_name(w) for w in assert_tab_order(qtbot, dialog)]
    assert names[-2:] == ["Cancel", "Save settings"]
    inputs = [spoken_name(edit) for edit in dialog.inputs.values()]
    assert [n for n in names if n in inputs] == inputs
    # The backup folder is read here and saved only by School > Backups (after a backup).
    assert dialog.inputs["backup_folder"].isReadOnly()


def test_signing_in_the_first_run_a_restore_and_a_crash_are_walked_in_reading_order(
    qtbot: QtBot, demo_ws: Workspace, show: Callable[[QWidget], None], tmp_path: Path
) -> None:
    usb = tmp_path / "usb-stick"
    usb.mkdir()
    settings_service.update(demo_ws, {"backup_folder": str(usb)})
    backup.backup_to_folder(demo_ws)
    db = demo_ws.path
    screens: list[QWidget] = [
        RestoreDialog(db, backup_file=backup.list_backups(usb)[0]),
        DamagedDatabaseDialog(db, "The database file is damaged. Restore the latest backup."),
        CrashDialog(tmp_path / "crash.log", "Casebook crash report (no case data)\n", True),
        LoginWindow(db),
        FirstRunWindow(tmp_path / "new" / "casebook.db"),
    ]
    for screen in screens:
        show(screen)
        assert_tab_order(qtbot, screen)


# -- the incident wizard, page by page ---------------------------------------------------------
@pytest.mark.parametrize("page", range(8), ids=lambda n: f"page {n + 1}")
def test_every_wizard_page_is_walked_in_reading_order(
    qtbot: QtBot, make_wizard: Callable[..., Driver], ws: Workspace, page: int
) -> None:
    case_id = cases.create_case(ws).id
    for page_id, values in experimental_in_school().items():
        cases.save_draft_page(ws, case_id, page_id, values)
    d = make_wizard(case_id)
    d.w.resize(1366, 640)
    d.w.go_to(page)
    walked = assert_tab_order(qtbot, d.w)
    names = [spoken_name(w) for w in walked]
    assert names[0] == "Pages"
    assert names[-1] in ("Next", "Finish and open the case")  # the buttons, left to right
    assert names.index("Guidance for this page") < names.index("Save and close")
    if page >= 1:  # the banner's "Show why" before the questions
        assert names.index("Show why the decision aid says this, and the contacts in full") < 4


def test_a_new_incident_is_walked_in_reading_order_with_a_record_added_and_removed(
    qtbot: QtBot, make_wizard: Callable[..., Driver]
) -> None:
    d = make_wizard()
    d.w.resize(1366, 640)
    d.add("young_people")
    assert_tab_order(qtbot, d.w)
    d.click(d.editor("young_people").items[0].remove)  # type: ignore[attr-defined]
    walked = assert_tab_order(qtbot, d.w)
    assert "Undo removing Young person 1" in [spoken_name(w) for w in walked]
