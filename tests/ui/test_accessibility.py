"""For a screen reader: every control on every screen has a name, and no two share one.

Each screen the screenshots show (tools/screenshots: the main window, the case
file and its dialogs, the School menu's dialogs, the security screens, signing
in and the first run) is built here on the same kind of data, and each control a
keyboard can reach is checked: a control with no name is said as "button" or
"scroll area", and two alike ("Amend Note" five times) cannot be told apart.
The Alt+letters of each screen are checked too: one letter, one control.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.models import CaseStatus
from app.services import accounts, backup, cases, dashboard
from app.services import settings as settings_service
from app.services.workspace import Workspace
from app.ui.admin import FiguresDialog, RetentionDialog, SettingsDialog
from app.ui.casefile import CaseFileWindow
from app.ui.casefile.window import TABS
from app.ui.first_run import FirstRunWindow
from app.ui.login import LoginWindow
from app.ui.main_window import MainWindow
from app.ui.qt import QApplication, QEvent, QLabel, Qt, QWidget
from app.ui.security import AccountsDialog, AuditViewer, BackupDialog, LockController
from app.ui.security.backups import DamagedDatabaseDialog, RestoreDialog
from app.ui.security.crash import CrashDialog
from app.ui.widgets import mnemonic_letter, with_mnemonics
from tests.helpers.ui import (
    assert_accessible,
    focusable,
    mnemonic_clashes,
    read_in,
    record_shown,
    spoken_name,
    unnamed_or_repeated,
    words,
)
from tests.helpers.wizard_driver import Driver, make_wizard, ws
from tests.helpers.wizard_pages import experimental_in_school
from tests.ui import test_dashboard as shared
from tools.screenshots.dashboard import _story as give_a_case_its_history

demo_template = shared.demo_template  # the 60-case training database, built once
demo_ws = shared.demo_ws
__all__ = ["make_wizard", "ws"]  # fixtures for the wizard's pages

SIZE = (1366, 768)


@pytest.fixture
def show(qtbot: QtBot) -> Iterator[Callable[[QWidget], QWidget]]:
    """Show a screen at the laptop's size; deleted by Qt at the end (see test_keyboard)."""
    made: list[QWidget] = []
    locks: list[LockController] = []

    def shown(window: QWidget) -> QWidget:
        qtbot.addWidget(window)
        made.append(window)
        if window.parentWidget() is None and not window.inherits("QDialog"):
            window.setWindowState(Qt.WindowState.WindowNoState)
            window.resize(*SIZE)
        window.show()
        qtbot.waitExposed(window)
        if isinstance(window, MainWindow):
            if window.lock is not None:
                locks.append(window.lock)
            qtbot.waitUntil(lambda: not window.dashboard.is_loading(), timeout=20_000)
            strip = window.drafts_panel
            qtbot.waitUntil(lambda: strip.isVisible() == bool(window.resume_buttons), timeout=5000)
        return window

    yield shown
    for lock in locks:
        lock.stop()
    for window in made:
        window.close()
        window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _main_window(ws: Workspace) -> MainWindow:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    lock = LockController(app, 5, lambda _password: False, user_label="Jo Smith")
    return MainWindow(ws, lock=lock)


def assert_named_once(window: QWidget, *, letters: bool = True) -> None:
    """Every control named, no name twice; with `letters`, no Alt+letter twice."""
    problems = unnamed_or_repeated(window)
    assert not problems, "; ".join(problems)
    if letters:
        assert not mnemonic_clashes(window), mnemonic_clashes(window)


# -- the checks themselves fail when they should ------------------------------------------
def test_the_check_finds_a_control_with_no_name_and_two_with_one(
    qtbot: QtBot, show: Callable[[QWidget], QWidget]
) -> None:
    from app.ui.qt import QListWidget, QPushButton, QScrollArea, QVBoxLayout

    window = QWidget()
    column = QVBoxLayout(window)
    for _ in range(2):
        column.addWidget(QPushButton("Amend"))
    column.addWidget(QScrollArea())
    column.addWidget(QListWidget())
    column.addWidget(QPushButton("&Save"))
    column.addWidget(QPushButton("&Send"))
    show(window)
    assert sorted(unnamed_or_repeated(window)) == [
        "a QListWidget with no name",
        "a QScrollArea with no name",
        "two controls named 'Amend'",
    ]
    assert mnemonic_clashes(window) == ["Alt+S: &Save, &Send"]


# -- the main window ------------------------------------------------------------------------
@pytest.mark.parametrize("drafts", [0, 1, 3])
def test_the_dashboard_names_every_control_once(
    demo_ws: Workspace, show: Callable[[QWidget], QWidget], drafts: int
) -> None:
    for draft in cases.list_drafts(demo_ws):
        cases.discard_draft(demo_ws, draft.id, "Started by mistake")
    for n in range(drafts):
        case = cases.create_case(demo_ws)
        cases.save_draft_page(demo_ws, case.id, "incident", {"summary": f"Draft {n}"})
    main = show(_main_window(demo_ws))
    assert isinstance(main, MainWindow)
    assert_named_once(main)
    assert_accessible(main.dashboard)
    # The lists and the Today buttons have their own Alt+letters.
    letters = {spoken_name(w): w for w in focusable(main)}
    assert "What needs you today" in letters and "Cases" in letters
    for kind in ("All", "Reviews", "Actions", "Drafts"):
        button = next(b for b in main.dashboard.kind_buttons if words(b.text()).startswith(kind))
        assert "&" in button.text(), kind


def test_alt_letters_take_the_dsl_to_the_lists_and_today_buttons(
    qtbot: QtBot, demo_ws: Workspace, show: Callable[[QWidget], QWidget]
) -> None:
    main = show(_main_window(demo_ws))
    assert isinstance(main, MainWindow)
    dash = main.dashboard
    main.activateWindow()
    dash.search.setFocus()
    qtbot.keyClick(dash.search, Qt.Key.Key_Y, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is dash.today_view
    qtbot.keyClick(dash.today_view, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is dash.cases.table
    qtbot.keyClick(dash.cases.table, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    actions, everything = dash.kind_buttons[2], dash.kind_buttons[0]
    qtbot.waitUntil(actions.isChecked)  # a mnemonic presses its button (briefly shown down)
    assert not everything.isChecked()
    assert {i.kind for i in dash.today.today_model.shown} == {"action"}
    qtbot.keyClick(dash.cases.table, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(everything.isChecked)
    assert not actions.isChecked()


@pytest.mark.parametrize("status", [CaseStatus.OPEN, CaseStatus.MONITORING])
def test_with_a_case_open_every_tab_names_every_control_once(
    qtbot: QtBot, demo_ws: Workspace, show: Callable[[QWidget], QWidget], status: CaseStatus
) -> None:
    """With a draft waiting too: Resume draft's Alt+D stays in the toolbar on every tab."""
    draft = cases.create_case(demo_ws)
    cases.save_draft_page(demo_ws, draft.id, "incident", {"summary": "Typed, then closed"})
    case_id = next(r.id for r in dashboard.case_rows(demo_ws) if r.status == status)
    main = show(_main_window(demo_ws))
    assert isinstance(main, MainWindow) and main.resume_buttons
    case_file = main.open_case_file(case_id)
    assert case_file is not None
    record_shown(qtbot, case_file)
    for tab in TABS:
        case_file.show_tab(tab)
        assert_named_once(main)


# -- the case file ---------------------------------------------------------------------------
@pytest.fixture
def case_file(
    qtbot: QtBot, demo_ws: Workspace, show: Callable[[QWidget], QWidget]
) -> CaseFileWindow:
    case, _repeat = give_a_case_its_history(demo_ws)
    window = show(CaseFileWindow(demo_ws, case.id))
    assert isinstance(window, CaseFileWindow)
    record_shown(qtbot, window)
    return window


@pytest.mark.parametrize("tab", TABS)
def test_each_tab_of_the_case_file_names_every_control_once(
    case_file: CaseFileWindow, tab: str
) -> None:
    case_file.show_tab(tab)
    assert_named_once(case_file)


def test_each_amend_button_says_which_field_of_whom_it_amends(case_file: CaseFileWindow) -> None:
    record = case_file.record
    assert record is not None
    names = [b.accessibleName() for b in case_file.record_view.amend_buttons.values()]
    assert len(names) == len(set(names)) > 50
    assert "Amend Note, question 3, initial review" in names
    assert "Amend Answer, question 5, initial review" in names
    for child in record.rows("young_people"):
        assert f"Amend Full name, {child.name}, young people" in names
        assert f"Amend When, Conversation with {child.name}, conversations" in names
    assert "Amend Summary, the incident" in names


CASE_DIALOGS: dict[str, Callable[[CaseFileWindow], object]] = {
    "amend": lambda w: w.record_view.amend_buttons[("cases", w.case_id, "summary")].click(),
    "close": lambda w: w.change_status(CaseStatus.CLOSED),
    "monitoring": lambda w: w.change_status(CaseStatus.MONITORING),
    "review": lambda w: w.add_review(),
    "action": lambda w: w.add_action(),
    "chronology": lambda w: w.add_chronology_entry(),
    "decision": lambda w: w.add_decision(),
}


@pytest.mark.parametrize("name", CASE_DIALOGS)
def test_each_case_file_dialog_names_every_control_once(
    case_file: CaseFileWindow, name: str
) -> None:
    CASE_DIALOGS[name](case_file)
    dialog = case_file.dialog
    assert dialog is not None
    assert_named_once(dialog)
    dialog.reject()


# -- the School menu -------------------------------------------------------------------------
SCHOOL_DIALOGS: dict[str, Callable[[Workspace], QWidget]] = {
    "settings": SettingsDialog,
    "figures": FiguresDialog,
    "retention": RetentionDialog,
    "accounts": AccountsDialog,
    "backups": BackupDialog,
    "who saw what": AuditViewer,
}


@pytest.mark.parametrize("name", SCHOOL_DIALOGS)
def test_each_school_dialog_names_every_control_once(
    qtbot: QtBot, demo_ws: Workspace, show: Callable[[QWidget], QWidget], name: str
) -> None:
    give_a_case_its_history(demo_ws)  # two cases past retention, as the screenshots show
    accounts.add_account(demo_ws, "apatel", "Asha Patel", "Lighthouse meadow 17")
    dialog = show(SCHOOL_DIALOGS[name](demo_ws))
    read_in(qtbot, dialog)  # what it reads off the GUI thread, in
    assert_named_once(dialog)


@pytest.mark.parametrize("name", ["accounts", "who saw what"])
def test_the_security_dialogs_use_each_alt_letter_once(
    demo_ws: Workspace, show: Callable[[QWidget], QWidget], name: str
) -> None:
    dialog = show(SCHOOL_DIALOGS[name](demo_ws))
    assert not mnemonic_clashes(dialog)


def test_settings_labels_each_have_their_own_alt_letter(
    qtbot: QtBot, demo_ws: Workspace, show: Callable[[QWidget], QWidget]
) -> None:
    dialog = show(SettingsDialog(demo_ws))
    assert isinstance(dialog, SettingsDialog)
    assert_accessible(dialog)
    labels = [label for label in dialog.findChildren(QLabel) if label.buddy() is not None]
    assert len(labels) == len(dialog.inputs) == 11  # with the days to the first review
    assert all("&" in label.text() for label in labels)
    assert not mnemonic_clashes(dialog)
    # Alt+letter puts the cursor in the input, as a DSL would use it.
    police = dialog.inputs["police_emergency"]
    label = next(lb for lb in labels if lb.buddy() is police)
    letter = mnemonic_letter(label.text())
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    key = getattr(Qt.Key, f"Key_{letter.upper()}")
    qtbot.keyClick(dialog, key, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is police


# -- signing in, the first run, backups and a crash ------------------------------------------
def test_the_security_screens_name_every_control_once(
    demo_ws: Workspace, show: Callable[[QWidget], QWidget], tmp_path: Path
) -> None:
    usb = tmp_path / "usb-stick"
    usb.mkdir()
    settings_service.update(demo_ws, {"backup_folder": str(usb)})
    backup.backup_to_folder(demo_ws)
    latest = backup.list_backups(usb)[0]
    db = demo_ws.path
    screens: list[QWidget] = [
        RestoreDialog(db, backup_file=latest),
        DamagedDatabaseDialog(db, "The database file is damaged. Restore the latest backup."),
        CrashDialog(tmp_path / "crash.log", "Casebook crash report (no case data)\n", True),
        LoginWindow(db),
        FirstRunWindow(tmp_path / "new" / "casebook.db"),
    ]
    for screen in screens:
        restore = isinstance(screen, RestoreDialog)
        assert_named_once(show(screen), letters=not restore)  # see LETTERS_NOT_YET_CHECKED


def test_alt_letters_are_given_first_letters_first_and_never_twice() -> None:
    texts = with_mnemonics(["School name", "Police (emergency)", "Police & co", "Save"], "s")
    assert texts == ["School &name", "&Police (emergency)", "Police && &co", "S&ave"]
    assert [mnemonic_letter(t) for t in texts] == ["n", "p", "c", "a"]
    assert with_mnemonics(["ab", "ba", "ab"]) == ["&ab", "&ba", "ab"]  # none left: none at all


# -- the incident wizard, page by page ---------------------------------------------------------
def _wizard_on(make_wizard: Callable[..., Driver], ws: Workspace, page: int) -> Driver:
    case_id = cases.create_case(ws).id
    for page_id, values in experimental_in_school().items():
        cases.save_draft_page(ws, case_id, page_id, values)
    d = make_wizard(case_id)
    d.w.resize(1366, 640)
    d.w.go_to(page)
    return d


@pytest.mark.parametrize("page", range(8), ids=lambda n: f"page {n + 1}")
def test_every_wizard_page_names_every_control_once(
    make_wizard: Callable[..., Driver], ws: Workspace, page: int
) -> None:
    d = _wizard_on(make_wizard, ws, page)
    assert_named_once(d.w)
    names = [spoken_name(w) for w in focusable(d.w)]
    assert f"Page {page + 1} of 8: {d.w.pages[page].spec.title}" in names  # its scroll area
    assert "Guidance for this page" in names


def test_options_and_inputs_in_records_say_their_question_and_whose_they_are(
    make_wizard: Callable[..., Driver], ws: Workspace
) -> None:
    d = _wizard_on(make_wizard, ws, 0)
    names = [spoken_name(w) for w in focusable(d.w)]
    row = d.w.pages[0].form.rows["adults_involved"]
    for value, option in row.editor.buttons:  # type: ignore[attr-defined]
        assert option.accessibleName() == f"{row.current_label}: {row.spec.choice_label(value)}"
    assert "Young person 1: Full name" in names and "Young person 2: Full name" in names
    d.w.go_to(2)  # one record per young person, headed by their name
    names = [spoken_name(w) for w in focusable(d.w)]
    assert any(n.startswith("Zoë O'Brien: ") for n in names)
    assert any(n.startswith("Łukasz Nowak: ") for n in names)


def test_a_new_incident_with_a_record_removed_still_names_every_control_once(
    make_wizard: Callable[..., Driver],
) -> None:
    d = make_wizard()
    d.w.resize(1366, 640)
    d.add("young_people")
    assert_named_once(d.w)
    group = d.editor("young_people")
    d.click(group.items[0].remove)  # type: ignore[attr-defined]
    assert_named_once(d.w)
