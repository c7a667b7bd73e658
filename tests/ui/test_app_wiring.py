"""The whole app wired together: the real Casebook controller on real databases.

First run, sign in, the dashboard, case files in tabs, printing, every School
menu item, what a deputy does not see, Hide now, backups on close, restoring,
an unexpected error, a damaged or already-open database.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app import printing
from app.errors import NotAllowed
from app.models import CaseStatus, StaffRole
from app.services import accounts, backup, cases, dashboard, retention, workspace
from app.services import settings as settings_service
from app.services.workspace import Workspace
from app.storage.instance_lock import AlreadyOpen
from app.storage.paths import keyslots_path
from app.training import populate
from app.ui import login as login_module
from app.ui.about import AboutDialog
from app.ui.admin import FiguresDialog, RetentionDialog, SettingsDialog
from app.ui.admin.retention import DestroyDialog
from app.ui.app import Casebook, Running, launch
from app.ui.casefile import CaseFileWindow
from app.ui.casefile.dialogs import ChronologyDialog
from app.ui.dashboard.widget import LOADING
from app.ui.first_run import FirstRunWindow
from app.ui.login import RESTORED, LoginWindow
from app.ui.main import shutdown as close_and_back_up
from app.ui.main.school_dialogs import RETENTION_LOOK
from app.ui.main.shutdown import CLOSING_TEXT
from app.ui.main_window import MainWindow, window_title
from app.ui.print_dialog import PrintRecordDialog
from app.ui.qt import (
    QAbstractButton,
    QApplication,
    QKeySequence,
    QLabel,
    QMenu,
    Qt,
    QTimer,
    QWidget,
    isValid,
)
from app.ui.security import AccountsDialog, AuditViewer, BackupDialog, RestoreDialog
from app.ui.security.crash import CrashDialog
from app.ui.security.lock import LOCKED_TITLE, WRONG_PASSWORD, LockOverlay
from app.ui.transfer import ImportDialog, TransferredFilesDialog
from app.ui.wizard.wizard import IncidentWizard
from tests.helpers.dashboard import case_table, every_case, search_box, shown, today_items
from tests.helpers.held import held, loop_runs_while_held
from tests.helpers.ui import (
    DISPLAY_NAME,
    PASSWORD,
    SCHOOL,
    USERNAME,
    button_named,
    label_named,
    open_dialog,
    read_in,
    record_shown,
)
from tests.helpers.wizard_driver import Driver
from tests.helpers.wizard_pages import experimental_in_school
from tests.ui import test_admin as admin_tests
from tests.ui import test_dashboard as shared

demo_template = shared.demo_template  # a 60-case training database, built once
DEMO_USER = shared.DEMO_USER
DEMO_PASSWORD = shared.DEMO_PASSWORD
DEPUTY, DEPUTY_PASSWORD = "deputy", "Kettle orbit lantern 58"
CHILD = "Zoë Quixley-Marchbanks"
TYPED = "Mum phoned: the photo was shared in the Year 9 group chat at 3pm"


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Path:
    """A copy of the training database, closed, for the app to open."""
    path = tmp_path / "school" / "casebook.db"
    path.parent.mkdir()
    shutil.copy2(demo_template, path)
    shutil.copy2(keyslots_path(demo_template), keyslots_path(path))
    return path


_TRACKED: list[QWidget] = []


def track(window: QWidget | None) -> None:
    """Close `window` at the end of the test, unless the app has deleted it by then.

    The app swaps its windows and deletes the old one itself (qtbot.addWidget
    would try to close a deleted window).
    """
    assert window is not None
    _TRACKED.append(window)


@pytest.fixture(autouse=True)
def _close_tracked() -> Iterator[None]:
    yield
    while _TRACKED:
        window = _TRACKED.pop()
        if isValid(window):
            window.close()
            window.deleteLater()  # and the dialogs it still holds, as qtbot.addWidget does


@pytest.fixture
def controllers() -> Iterator[list[Casebook]]:
    """Controllers a test starts: everything they opened is closed at the end."""
    made: list[Casebook] = []
    yield made
    for controller in made:
        controller.shutdown()


@pytest.fixture
def start(qtbot: QtBot, controllers: list[Casebook]) -> Callable[[Path], Casebook]:
    def make(db: Path) -> Casebook:
        controller = Casebook(db)
        controllers.append(controller)
        controller.start()
        assert controller.window is not None
        track(controller.window)
        return controller

    return make


def wait_loaded(qtbot: QtBot, main: MainWindow) -> None:
    """The dashboard's rows come from a worker: wait until they are on screen."""
    dash = main.dashboard
    qtbot.waitUntil(
        lambda: (
            not dash.is_loading() and label_named(dash, "Today", visible=False).text() != LOADING
        ),
        timeout=20_000,
    )


def sign_in(
    qtbot: QtBot, controller: Casebook, username: str = DEMO_USER, password: str = DEMO_PASSWORD
) -> MainWindow:
    login = controller.window
    assert isinstance(login, LoginWindow)
    login.username.setText(username)
    qtbot.keyClicks(login.password, password)
    qtbot.keyClick(login.password, Qt.Key.Key_Return)
    # The key is derived off the GUI thread: wait for the window it opens (or the page's
    # own words for why not, said below).
    with contextlib.suppress(Exception):
        qtbot.waitUntil(lambda: isinstance(controller.window, MainWindow), timeout=20_000)
    main = controller.window
    assert isinstance(main, MainWindow), login.message.text()
    track(main)
    wait_loaded(qtbot, main)
    return main


def activate(qtbot: QtBot, window: QWidget) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def menu_texts(menu: QMenu) -> list[str]:
    return [a.text() for a in menu.actions() if a.isVisible() and not a.isSeparator()]


def open_row(qtbot: QtBot, main: MainWindow, status: CaseStatus = CaseStatus.OPEN) -> str:
    """Select the first case with `status` in the list and press Enter; its reference."""
    dash = main.dashboard
    row = next(r for r in range(shown(dash).rowCount()) if shown(dash).case_row(r).status == status)
    case_table(dash).setFocus()
    case_table(dash).selectRow(row)
    qtbot.keyClick(case_table(dash), Qt.Key.Key_Return)
    opened = main.current_case()
    assert opened is not None
    record_shown(qtbot, opened)  # read off the GUI thread, then shown
    return str(shown(dash).case_row(row).reference)


# -- first run to the dashboard, a case file and printing --------------------------------


def test_first_run_sign_in_dashboard_case_file_print_and_sign_out(
    qtbot: QtBot, db_path: Path, start: Callable[[Path], Casebook]
) -> None:
    controller = start(db_path)
    first = controller.window
    assert isinstance(first, FirstRunWindow)
    qtbot.keyClicks(first.school_name, SCHOOL)
    qtbot.keyClick(first.school_name, Qt.Key.Key_Return)
    qtbot.keyClicks(first.full_name, DISPLAY_NAME)
    qtbot.keyClicks(first.username, USERNAME)
    qtbot.keyClicks(first.passwords.password, PASSWORD)
    qtbot.keyClicks(first.passwords.confirm, PASSWORD)
    qtbot.keyClick(first.passwords.confirm, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(first.key_label.text()), timeout=20_000)  # made off the GUI thread
    key = first.key_label.text().replace("\n", "-")
    first.key_tick.setChecked(True)
    qtbot.mouseClick(first.key_next, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(first.key_again, key)
    qtbot.mouseClick(first.finish, Qt.MouseButton.LeftButton)
    assert isinstance(controller.window, LoginWindow)
    track(controller.window)

    main = sign_in(qtbot, controller, USERNAME, PASSWORD)
    assert main.tabs.currentWidget() is main.dashboard  # the dashboard is the main window
    assert every_case(main.dashboard).rowCount() == 0
    assert main.windowTitle() == f"Casebook — {SCHOOL}"  # nothing due yet
    assert controller.lock is not None and main.lock is controller.lock

    populate(main.ws, 14, date.today())  # demo cases, as if recorded over months
    main.refresh_action.trigger()  # View > Refresh (F5)
    qtbot.waitUntil(lambda: every_case(main.dashboard).rowCount() == 14, timeout=20_000)
    reviews, actions, _drafts = main.dashboard.today_counts()
    assert reviews or actions  # the demo has overdue work: the title says how much
    assert main.windowTitle() == window_title(SCHOOL, reviews, actions)
    assert main.windowTitle().endswith(" due")

    reference = open_row(qtbot, main)
    case = main.current_case()
    assert isinstance(case, CaseFileWindow)
    assert label_named(case, f"Case {reference}").text() == f"Case {reference}"
    assert main.tabs.tabText(main.tabs.currentIndex()) == f"Case {reference}"
    assert main.print_action.isEnabled() and main.close_tab_action.isEnabled()

    # The same case again: the same tab, not a second one.
    main.show_dashboard()
    assert not main.print_action.isEnabled()  # no case in front
    tabs = main.tabs.count()
    open_row(qtbot, main)
    assert main.current_case() is case and main.tabs.count() == tabs

    main.print_action.trigger()  # Case > Print…
    dialog = open_dialog(main)
    assert isinstance(dialog, PrintRecordDialog) and dialog.isVisible()
    assert dialog.reference == reference
    assert dialog.windowModality() == Qt.WindowModality.WindowModal
    dialog.close_button.click()
    button_named(case, "Print…").click()  # the case file's own Print… goes to the same dialog
    dialog = open_dialog(main)
    assert isinstance(dialog, PrintRecordDialog) and dialog.isVisible()
    dialog.reject()

    # Ctrl+F from a case tab goes back to the dashboard's search.
    activate(qtbot, main)
    qtbot.keySequence(case.tabs, QKeySequence(QKeySequence.StandardKey.Find))
    assert main.tabs.currentWidget() is main.dashboard
    assert QApplication.focusWidget() is search_box(main.dashboard)

    ws = main.ws
    main.sign_out_action.trigger()
    assert isinstance(controller.window, LoginWindow)
    track(controller.window)
    assert controller.window.username.text() == USERNAME
    assert controller.window.throttle is controller.throttle  # one for the life of the app
    assert controller.lock is None  # stopped with the workspace
    assert ws.engine.pool.checkedout() == 0
    again = workspace.unlock(db_path, USERNAME, PASSWORD)  # the database lock is released
    again.close()


def test_closing_a_case_tab_and_the_dashboard_stays(
    qtbot: QtBot, demo_db: Path, start: Callable[[Path], Casebook]
) -> None:
    main = sign_in(qtbot, start(demo_db))
    open_row(qtbot, main)
    open_row_case = main.current_case()
    assert open_row_case is not None
    main.close_tab_action.trigger()  # Ctrl+W
    assert main.tabs.count() == 1 and main.tabs.currentWidget() is main.dashboard
    assert main.case_files == {}
    main.close_tab(0)  # the dashboard cannot be closed
    assert main.tabs.count() == 1


def test_resuming_a_draft_from_the_main_window_and_finishing_opens_its_case_file(
    qtbot: QtBot, demo_db: Path, start: Callable[[Path], Casebook]
) -> None:
    main = sign_in(qtbot, start(demo_db))
    drafts = label_named(main, "Drafts to finish", visible=False)
    show_all = button_named(main, "Show all", visible=False)
    case_id = cases.create_case(main.ws).id
    for page, values in experimental_in_school().items():
        cases.save_draft_page(main.ws, case_id, page, values)
    reference = cases.load_case(main.ws, case_id, audit_view=False).case.reference
    assert main.focusWidget() is main.resume_buttons[0]  # offered first, at sign-in
    main.refresh_action.trigger()
    qtbot.waitUntil(lambda: drafts.text().startswith("2 drafts"), timeout=20_000)
    # On a window narrower than NARROW_WIDTH (this test's) the strip leaves out when
    # it was saved, so Sign out stays in view; its tooltip still says it in full.
    assert drafts.text().startswith(f"2 drafts to finish. Newest: {reference}")
    assert drafts.toolTip().startswith(f"2 drafts to finish. Newest: {reference}, last")
    assert show_all.isVisible()
    [newest] = main.resume_buttons
    assert newest.accessibleName() == f"Resume draft {reference}"
    qtbot.mouseClick(newest, Qt.MouseButton.LeftButton)
    wizard = main.wizard
    assert isinstance(wizard, IncidentWizard) and wizard.case_id == case_id
    qtbot.addWidget(wizard)
    Driver(qtbot, wizard).finish()
    assert not wizard.isVisible()
    case = main.current_case()
    assert case is not None and case.case_id == case_id  # the record just made, in front
    record_shown(qtbot, case)
    assert main.message.text() == f"Case {case.reference} is open."
    qtbot.waitUntil(lambda: drafts.text().startswith("Draft to finish"), timeout=20_000)
    assert main.drafts_panel.isVisible() and not show_all.isVisible()
    main.show_all_drafts()  # Show all, when there are several: the drafts on the dashboard
    assert main.tabs.currentWidget() is main.dashboard
    assert [i.kind for i in today_items(main.dashboard).shown] == ["draft"]


# -- the School menu, and what a deputy sees ---------------------------------------------


def test_each_school_menu_item_opens_its_dialog(
    qtbot: QtBot, demo_db: Path, start: Callable[[Path], Casebook]
) -> None:
    controller = start(demo_db)
    main = sign_in(qtbot, controller)
    assert menu_texts(main.school_menu) == [
        "&Settings…",
        "Staff &accounts…",
        "&Backups…",
        "&Retention…",
        "&Governors' figures…",
        "&Who saw what…",
        "&Import a transferred file…",
        "&Transferred files…",
    ]
    for action, kind in (
        (main.import_transfer_action, ImportDialog),
        (main.transferred_files_action, TransferredFilesDialog),
        (main.accounts_action, AccountsDialog),
        (main.backups_action, BackupDialog),
        (main.retention_action, RetentionDialog),
        (main.audit_action, AuditViewer),
        (main.figures_action, FiguresDialog),
        (main.about_action, AboutDialog),
        (main.settings_action, SettingsDialog),
    ):
        action.trigger()
        dialog = open_dialog(main)
        assert isinstance(dialog, kind), action.text()
        assert dialog.isVisible() and dialog.parent() is main
        assert dialog.windowModality() == Qt.WindowModality.WindowModal
        if isinstance(dialog, FiguresDialog):
            assert dialog.export_button.isVisibleTo(dialog)
            year = dialog.year.currentText()
            out = demo_db.parent / "figures.pdf"
            exporting = main.export_figures(year, dialog, path=out)
            assert exporting is not None
            qtbot.waitUntil(lambda: not main.export_job.running, timeout=20_000)  # type: ignore[union-attr]
            assert out.read_bytes().startswith(b"%PDF") and out.stat().st_mode & 0o077 == 0
            assert f"saved to {out}" in main.message.text()
        if not isinstance(dialog, SettingsDialog):
            dialog.reject()

    # Settings saved: the title shows the new name, and the lock the new idle time.
    settings = open_dialog(main)
    assert isinstance(settings, SettingsDialog)
    settings.inputs["school_name"].setText("Northshire High")
    settings.inputs["idle_lock_minutes"].setText("7")
    qtbot.mouseClick(settings.save_button, Qt.MouseButton.LeftButton)
    assert not settings.isVisible()
    assert main.windowTitle().startswith("Casebook — Northshire High — ")
    assert main.school_label.text() == "Northshire High"
    assert controller.lock is not None and controller.lock.idle_minutes == 7


def test_a_deputy_does_not_see_what_only_the_dsl_can_do(
    qtbot: QtBot, demo_db: Path, start: Callable[[Path], Casebook]
) -> None:
    ws = workspace.unlock(demo_db, DEMO_USER, DEMO_PASSWORD)
    try:
        accounts.add_account(ws, DEPUTY, "Dee Puty", "a first password set", StaffRole.DEPUTY)
    finally:
        ws.close()
    deputy = workspace.unlock(demo_db, DEPUTY, "a first password set")
    try:  # they have chosen their own since (tests/ui/test_accounts_first_sign_in.py)
        accounts.change_own_password(deputy, "a first password set", DEPUTY_PASSWORD)
    finally:
        deputy.close()
    main = sign_in(qtbot, start(demo_db), DEPUTY, DEPUTY_PASSWORD)
    assert main.status_label.text() == "Signed in as Dee Puty (Deputy DSL)"
    assert menu_texts(main.school_menu) == [
        "&Settings…",
        "Change my &password…",
        "&Backups…",
        "&Governors' figures…",
        "&Import a transferred file…",
        "&Transferred files…",
    ]
    assert not main.retention_action.isEnabled() and not main.audit_action.isEnabled()
    assert main.school_dialogs.open_retention() is None
    assert main.school_dialogs.open_audit() is None

    main.settings_action.trigger()
    settings = open_dialog(main)
    assert isinstance(settings, SettingsDialog)
    assert not settings.save_button.isEnabled()  # read-only for a deputy
    settings.reject()
    main.accounts_action.trigger()
    assert isinstance(open_dialog(main), AccountsDialog) and not open_dialog(main).is_dsl
    open_dialog(main).reject()

    # The service refuses too, whatever a screen offers.
    closed = next(r for r in dashboard.case_rows(main.ws) if r.status == CaseStatus.CLOSED)
    with pytest.raises(NotAllowed):
        retention.destroy(main.ws, closed.id, "tidy up")
    with pytest.raises(NotAllowed):
        retention.record_keep(main.ws, closed.id, "keep", date.today())


def test_retention_opens_a_case_to_look_at_and_a_destroyed_case_loses_its_tab(
    qtbot: QtBot, demo_db: Path, start: Callable[[Path], Casebook]
) -> None:
    main = sign_in(qtbot, start(demo_db))
    old = admin_tests._past_retention(main.ws, 1)[0]
    main.retention_action.trigger()
    dialog = open_dialog(main)
    assert isinstance(dialog, RetentionDialog)
    read_in(qtbot, dialog)
    dialog.open_button.click()
    assert not dialog.isVisible()  # modal: it steps aside so the case can be read
    case = main.current_case()
    assert case is not None and case.case_id == old.id
    record_shown(qtbot, case)
    assert main.message.text() == RETENTION_LOOK.format(reference=old.reference)

    main.retention_action.trigger()
    dialog = open_dialog(main)
    assert isinstance(dialog, RetentionDialog)
    read_in(qtbot, dialog)
    dialog.destroy_button.click()
    destroy = open_dialog(dialog)
    assert isinstance(destroy, DestroyDialog)
    qtbot.keyClicks(destroy.reason, "Past retention; reviewed with the head")
    qtbot.keyClicks(destroy.confirm, old.reference)
    with qtbot.waitSignal(dialog.changed):
        qtbot.mouseClick(destroy.save_button, Qt.MouseButton.LeftButton)
    assert old.id not in main.case_files and main.tabs.count() == 1


# -- Hide now -------------------------------------------------------------------------------


def test_hide_now_covers_the_window_and_a_case_dialog_and_unlocking_restores_them(
    qtbot: QtBot, demo_db: Path, start: Callable[[Path], Casebook]
) -> None:
    controller = start(demo_db)
    main = sign_in(qtbot, controller)
    title = main.windowTitle()
    reference = open_row(qtbot, main)
    case = main.current_case()
    assert case is not None
    case.add_chronology_entry()
    dialog = case.dialog
    assert isinstance(dialog, ChronologyDialog)
    qtbot.addWidget(dialog)
    activate(qtbot, dialog)
    qtbot.keyClicks(dialog.entry, TYPED)
    assert QApplication.focusWidget() is dialog.entry

    assert main.hide_action.text() == "&Hide now\tF12" and main.hide_action.shortcut().isEmpty()
    qtbot.keyClick(dialog.entry, Qt.Key.Key_F12)
    lock = controller.lock
    assert lock is not None and lock.is_locked
    covered = {o.parentWidget() for o in lock.overlays() if o.isVisible()}
    assert {main, dialog} <= covered
    assert main.windowTitle() == LOCKED_TITLE  # no school or case on the taskbar
    assert dialog.entry.toPlainText() == TYPED  # nothing closed underneath

    overlay = next(o for o in lock.overlays() if o.parentWidget() is dialog)
    qtbot.keyClicks(overlay.password, "not the password")
    qtbot.keyClick(overlay.password, Qt.Key.Key_Return)
    assert lock.is_locked and overlay.message.text().startswith(WRONG_PASSWORD)
    lock.throttle.succeeded()  # no wait before the right one, in a test
    overlay.password.clear()
    qtbot.keyClicks(overlay.password, DEMO_PASSWORD)
    qtbot.keyClick(overlay.password, Qt.Key.Key_Return)

    assert not lock.is_locked
    qtbot.waitUntil(lambda: not [o for o in main.findChildren(LockOverlay) if o.isVisible()])
    assert dialog.isVisible() and dialog.entry.toPlainText() == TYPED
    assert QApplication.focusWidget() is dialog.entry
    assert main.windowTitle() == title
    assert main.current_case() is case
    assert label_named(case, f"Case {reference}").text() == f"Case {reference}"
    dialog.reject()

    main.hide_action.trigger()  # View > Hide now
    assert lock.is_locked
    lock.unlock()


def test_hide_now_saves_the_wizard_typing_at_once(
    qtbot: QtBot, demo_db: Path, start: Callable[[Path], Casebook]
) -> None:
    controller = start(demo_db)
    main = sign_in(qtbot, controller)
    wizard = main.open_wizard()
    assert isinstance(wizard, IncidentWizard)
    qtbot.addWidget(wizard)
    driver = Driver(qtbot, wizard)
    driver.type("summary", TYPED)
    assert wizard.case_id is None or not cases.draft_pages(main.ws, wizard.case_id)
    assert controller.lock is not None
    controller.lock.hide_now()
    assert wizard.case_id is not None
    saved = cases.draft_pages(main.ws, wizard.case_id)["incident"]["summary"]
    assert saved == TYPED
    controller.lock.unlock()
    wizard.reject()


# -- backups --------------------------------------------------------------------------------


def set_backup_folder(db: Path, folder: Path) -> None:
    ws = workspace.unlock(db, DEMO_USER, DEMO_PASSWORD)
    try:
        settings_service.update(ws, {"backup_folder": str(folder)})
    finally:
        ws.close()


def test_signing_in_makes_the_daily_backup_and_closing_another(
    qtbot: QtBot, demo_db: Path, tmp_path: Path, start: Callable[[Path], Casebook]
) -> None:
    folder = tmp_path / "usb-stick"
    set_backup_folder(demo_db, folder)
    main = sign_in(qtbot, start(demo_db))
    qtbot.waitUntil(lambda: len(backup.list_backups(folder)) == 1, timeout=20_000)
    qtbot.waitUntil(lambda: not main.shutdown.backing_up)
    assert not main.message.isVisible()  # it worked: nothing to say
    ws = main.ws
    main.close()
    assert len(backup.list_backups(folder)) == 2  # and one more as it closed
    assert ws.engine.pool.checkedout() == 0
    workspace.unlock(demo_db, DEMO_USER, DEMO_PASSWORD).close()  # closed and unlocked


def test_a_backup_that_fails_on_close_is_said_calmly(
    qtbot: QtBot,
    demo_db: Path,
    start: Callable[[Path], Casebook],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    failed = "The backup could not be written to E:\\ : check the USB stick."
    monkeypatch.setattr(close_and_back_up, "auto_backup_on_close", lambda _ws: failed)
    told: list[str] = []
    monkeypatch.setattr(MainWindow, "tell_closing_problem", lambda _self, text: told.append(text))
    controller = start(demo_db)
    main = sign_in(qtbot, controller)
    main.sign_out_action.trigger()  # signing out: the sign-in page says it
    login = controller.window
    assert isinstance(login, LoginWindow)
    track(login)
    assert login.message.text() == failed and told == []

    main = sign_in(qtbot, controller)
    main.close()  # quitting: a message box says it, as the window goes
    assert told == [failed]


def test_restoring_a_backup_from_the_backups_dialog(
    qtbot: QtBot, demo_db: Path, tmp_path: Path, start: Callable[[Path], Casebook]
) -> None:
    folder = tmp_path / "usb-stick"
    set_backup_folder(demo_db, folder)
    controller = start(demo_db)
    main = sign_in(qtbot, controller)
    qtbot.waitUntil(lambda: len(backup.list_backups(folder)) == 1, timeout=20_000)
    qtbot.waitUntil(lambda: not main.shutdown.backing_up)
    made = backup.list_backups(folder)[0]
    case_id = cases.create_case(main.ws).id  # made after the backup: restoring removes it

    main.backups_action.trigger()
    dialog = open_dialog(main)
    assert isinstance(dialog, BackupDialog)
    dialog.backups.setCurrentRow(0)
    dialog.restore.click()
    question = dialog.restore_question  # asked first, still signed in
    assert question is not None and controller.window is main
    qtbot.waitExposed(question)
    assert question.file.text() == str(made) and question.username.text() == DEMO_USER
    qtbot.keyClicks(question.password, DEMO_PASSWORD)
    question.restore_button.click()  # checked against the backup, then signed out
    qtbot.waitUntil(lambda: isinstance(controller.window, LoginWindow), timeout=20_000)
    login = controller.window
    assert isinstance(login, LoginWindow)
    track(login)
    assert controller.lock is None
    restore = controller.restore_dialog
    assert isinstance(restore, RestoreDialog) and restore.isVisible()
    assert restore.file.text() == str(made)
    qtbot.waitUntil(lambda: restore.stack.currentIndex() == 1, timeout=20_000)  # at once
    assert login.message.text() == RESTORED
    restore.done_button.click()

    main = sign_in(qtbot, controller)
    assert case_id not in [d.id for d in cases.list_drafts(main.ws)]


# -- an unexpected error --------------------------------------------------------------------


def test_an_error_in_a_slot_saves_the_typing_and_logs_no_child_names(
    qtbot: QtBot, demo_db: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    logs = tmp_path / "logs"
    running = launch(app, demo_db, log_folder=logs)
    assert isinstance(running, Running)
    try:
        controller = running.controller
        track(controller.window)
        main = sign_in(qtbot, controller)
        wizard = main.open_wizard()
        assert isinstance(wizard, IncidentWizard)
        qtbot.addWidget(wizard)
        Driver(qtbot, wizard).type("summary", f"{CHILD} sent the photo")

        def boom() -> None:
            raise RuntimeError(f"could not save the note about {CHILD} <b>at 3pm</b>")

        with qtbot.waitSignal(running.crash.shown, timeout=10_000) as shown:
            QTimer.singleShot(0, boom)
        dialog = shown.args[0]
        assert isinstance(dialog, CrashDialog) and dialog.isVisible()
        assert "What you typed has been saved." in dialog.text.text()
        [log] = running.crash.logs
        assert log.parent == logs
        assert wizard.case_id is not None
        assert cases.draft_pages(main.ws, wizard.case_id)["incident"]["summary"] == (
            f"{CHILD} sent the photo"
        )
        everything = log.read_text(encoding="utf-8") + dialog.text.text()
        everything += dialog.details + "".join(capfd.readouterr())
        for needle in (CHILD, "Quixley", "<b>", "could not save the note"):
            assert needle not in everything
        dialog.close_button.click()
        wizard.reject()
    finally:
        running.close()


# -- signing in: a damaged database, a database already open ---------------------------------


def test_a_damaged_database_at_sign_in_offers_the_backup(
    qtbot: QtBot, demo_db: Path, start: Callable[[Path], Casebook], monkeypatch: pytest.MonkeyPatch
) -> None:
    offered: list[tuple[QWidget, Path, str]] = []

    def prompt(parent: QWidget, path: Path, message: str) -> bool:
        offered.append((parent, path, message))
        return True  # as if the DSL restored the latest backup

    monkeypatch.setattr(login_module, "damaged_database_prompt", prompt)
    data = bytearray(demo_db.read_bytes())
    data[:64] = b"\xff" * 64  # no longer decryptable
    demo_db.write_bytes(bytes(data))
    controller = start(demo_db)
    login = controller.window
    assert isinstance(login, LoginWindow)
    login.username.setText(DEMO_USER)
    qtbot.keyClicks(login.password, DEMO_PASSWORD)
    qtbot.keyClick(login.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not login.signing_in, timeout=20_000)
    assert controller.window is login  # not signed in
    [(parent, path, message)] = offered
    assert parent is login and path == demo_db and "damaged" in message.lower()
    assert login.message.text() == RESTORED


def test_a_database_already_open_reads_calmly_on_the_sign_in_page(
    qtbot: QtBot, demo_db: Path, start: Callable[[Path], Casebook], opened: list[Workspace]
) -> None:
    opened.append(workspace.unlock(demo_db, DEMO_USER, DEMO_PASSWORD))
    controller = start(demo_db)
    login = controller.window
    assert isinstance(login, LoginWindow)
    login.username.setText(DEMO_USER)
    qtbot.keyClicks(login.password, DEMO_PASSWORD)
    qtbot.keyClick(login.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not login.signing_in, timeout=20_000)
    assert controller.window is login
    assert login.message.text() == str(AlreadyOpen())
    assert login.message.property("role") == "error"


# -- keyboard -------------------------------------------------------------------------------


def mnemonic(text: str) -> str:
    cleaned = text.replace("&&", "")
    at = cleaned.find("&")
    return cleaned[at + 1].lower() if 0 <= at < len(cleaned) - 1 else ""


def visible_mnemonics(window: QWidget) -> list[str]:
    found = []
    for label in window.findChildren(QLabel):
        if label.buddy() is not None and label.isVisible():
            found.append(mnemonic(label.text()))
    for b in window.findChildren(QAbstractButton):
        if b.isVisible():
            found.append(mnemonic(b.text()))
    return [m for m in found if m]


def test_the_menus_have_mnemonics_that_nothing_on_screen_shares(
    qtbot: QtBot, demo_db: Path, start: Callable[[Path], Casebook]
) -> None:
    main = sign_in(qtbot, start(demo_db))
    # The demo has a draft: its Resume button counts too (shown once the lists are read,
    # which a busy machine may not have done when the window first appears).
    qtbot.waitUntil(main.drafts_panel.isVisible, timeout=10_000)
    menus = [mnemonic(m.title()) for m in (main.case_menu, main.school_menu, main.view_menu)]
    menus.append(mnemonic(main.help_menu.title()))
    assert menus == ["c", "s", "v", "h"]
    for where in ("on the dashboard", "with a case file in front"):
        if where != "on the dashboard":
            open_row(qtbot, main)
        keys = menus + visible_mnemonics(main)
        assert len(keys) == len(set(keys)), (where, sorted(keys))
    for menu in (main.case_menu, main.school_menu, main.view_menu):
        items = [mnemonic(t) for t in menu_texts(menu)]
        assert all(items) and len(items) == len(set(items)), menu.title()
    assert main.new_incident.shortcut().toString() == "Ctrl+N"
    assert main.find_action.shortcut().toString() == "Ctrl+F"
    assert main.print_action.shortcut().toString() == "Ctrl+P"
    assert main.refresh_action.shortcut().toString() == "F5"
    assert button_named(main.dashboard, "Refresh", visible=False).shortcut().toString() == "Alt+R"


# -- the window never freezes ---------------------------------------------------------


def backed_up_at_sign_in(qtbot: QtBot, folder: Path, controller: Casebook) -> MainWindow:
    main = sign_in(qtbot, controller)
    qtbot.waitUntil(lambda: len(backup.list_backups(folder)) == 1, timeout=20_000)
    qtbot.waitUntil(lambda: not main.shutdown.backing_up)
    return main


def test_closing_backs_up_off_the_gui_thread_before_the_database_closes(
    qtbot: QtBot,
    demo_db: Path,
    tmp_path: Path,
    start: Callable[[Path], Casebook],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path / "usb-stick"
    set_backup_folder(demo_db, folder)
    main = backed_up_at_sign_in(qtbot, folder, start(demo_db))
    told: list[str] = []
    monkeypatch.setattr(MainWindow, "tell_closing_problem", lambda _self, text: told.append(text))
    ws = main.ws
    with held(monkeypatch, backup, "make_backup") as gate:
        QTimer.singleShot(0, main.close)  # the title bar's close button, in the event loop
        loop_runs_while_held(qtbot, gate)
        assert main.isVisible() and main.shutdown.closing
        assert main.message.text() == CLOSING_TEXT and not main.message.isHidden()
        assert not main.tabs.isEnabled() and not main.menuBar().isEnabled()
        assert not main.toolbar.isEnabled()
        QTimer.singleShot(0, main.close)  # pressed again: still waiting, nothing closes early
        qtbot.wait(50)
        assert main.isVisible() and main.shutdown.closing
        cases.list_drafts(ws)  # the database is still open for the backup
        gate.release()
        qtbot.waitUntil(lambda: not main.isVisible(), timeout=20_000)
    assert len(backup.list_backups(folder)) == 2 and told == []
    assert ws.engine.pool.checkedout() == 0
    workspace.unlock(demo_db, DEMO_USER, DEMO_PASSWORD).close()  # closed and unlocked


def test_signing_out_waits_for_the_backup_and_asks_when_it_failed(
    qtbot: QtBot,
    demo_db: Path,
    start: Callable[[Path], Casebook],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    failed = "The backup could not be written to E:\\ : check the USB stick."
    monkeypatch.setattr(close_and_back_up, "auto_backup_on_close", lambda _ws: failed)
    controller = start(demo_db)
    main = sign_in(qtbot, controller)
    with held(monkeypatch, close_and_back_up, "auto_backup_on_close") as gate:
        QTimer.singleShot(0, main.sign_out_action.trigger)
        loop_runs_while_held(qtbot, gate)
        assert controller.window is main and main.shutdown.closing
        gate.release()
        # Still signed in, asked what to do (tests/ui/test_backups_in_the_app.py has the rest).
        qtbot.waitUntil(lambda: main.shutdown.asking is not None, timeout=20_000)
    dialog = main.shutdown.asking
    assert dialog is not None and dialog.problem.text() == failed
    assert controller.window is main
    dialog.quit.click()  # Sign out without a backup
    qtbot.waitUntil(lambda: isinstance(controller.window, LoginWindow), timeout=20_000)
    login = controller.window
    assert isinstance(login, LoginWindow)
    track(login)
    assert controller.lock is None


def test_the_daily_backup_runs_off_the_gui_thread_and_back_up_now_waits_for_it(
    qtbot: QtBot,
    demo_db: Path,
    tmp_path: Path,
    start: Callable[[Path], Casebook],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path / "usb-stick"
    set_backup_folder(demo_db, folder)
    with held(monkeypatch, backup, "make_backup") as gate:
        main = sign_in(qtbot, start(demo_db))  # the daily backup starts after the window
        loop_runs_while_held(qtbot, gate, busy=False)  # made unseen: work carries on
        assert main.shutdown.backing_up
        main.backups_action.trigger()
        dialog = open_dialog(main)
        assert isinstance(dialog, BackupDialog)
        assert not dialog.backup_now.isEnabled()
        assert "daily backup is being written" in dialog.status.text()
        gate.release()
        qtbot.waitUntil(lambda: not main.shutdown.backing_up, timeout=20_000)
    assert dialog.backup_now.isEnabled()
    assert dialog.status.text().startswith("Last backup: ") and dialog.backups.count() == 1
    dialog.reject()


def test_hide_now_while_backing_up_keeps_the_result_for_after_unlocking(
    qtbot: QtBot,
    demo_db: Path,
    tmp_path: Path,
    start: Callable[[Path], Casebook],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path / "usb-stick"
    set_backup_folder(demo_db, folder)
    controller = start(demo_db)
    main = backed_up_at_sign_in(qtbot, folder, controller)
    main.backups_action.trigger()
    dialog = open_dialog(main)
    assert isinstance(dialog, BackupDialog)
    lock = controller.lock
    assert lock is not None
    with held(monkeypatch, backup, "make_backup") as gate:
        dialog.backup_now.click()
        loop_runs_while_held(qtbot, gate)
        lock.hide_now()
        assert lock.is_locked
        gate.release()
        qtbot.waitUntil(lambda: not dialog.working, timeout=20_000)
    assert lock.is_locked  # the answer arrived under the panel, which stays
    assert lock.try_unlock(DEMO_PASSWORD)
    assert dialog.isVisible() and dialog.message.text() == "The backup was written and checked."
    assert dialog.backup_now.isEnabled() and len(backup.list_backups(folder)) == 2
    dialog.reject()


def test_exporting_the_governors_figures_runs_off_the_gui_thread(
    qtbot: QtBot,
    demo_db: Path,
    start: Callable[[Path], Casebook],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    main = sign_in(qtbot, start(demo_db))
    main.figures_action.trigger()
    dialog = open_dialog(main)
    assert isinstance(dialog, FiguresDialog)
    read_in(qtbot, dialog)
    year = dialog.year.currentText()
    out = demo_db.parent / "figures.pdf"
    with held(monkeypatch, printing, "figures_pdf") as gate:
        job = main.export_figures(year, dialog, path=out)
        assert job is not None
        loop_runs_while_held(qtbot, gate)
        assert not dialog.export_button.isEnabled() and not dialog.year.isEnabled()
        assert main.message.text() == "Saving the governors' figures…"
        assert main.export_figures(year, dialog, path=out) is None  # one at a time
        dialog.reject()  # closing the dialog meanwhile loses nothing
        gate.release()
        qtbot.waitUntil(lambda: not job.running, timeout=20_000)
    assert out.read_bytes().startswith(b"%PDF")
    assert main.message.text() == f"Governors' figures for {year} saved to {out}."
