"""Locking: Hide now covers every window at once; unlocking returns exactly where the user was."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.security.throttle import SignInThrottle
from app.services import workspace
from app.services.workspace import Workspace
from app.ui.qt import (
    QAction,
    QApplication,
    QColor,
    QComboBox,
    QDialog,
    QKeySequence,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QPoint,
    Qt,
    QVBoxLayout,
    QWidget,
    isValid,
)
from app.ui.security.crash import CrashDialog
from app.ui.security.lock import (
    BACKGROUND,
    LOCKED_TITLE,
    WRONG_PASSWORD,
    LockController,
    LockOverlay,
    LockReason,
    password_checker,
)
from tests.helpers.ui import PASSWORD, USERNAME, assert_accessible

SECRET = "Kettle lantern orbit 42"
TYPED = "Fictional pupil said the photo was shared at 3pm"
TITLE = "Casebook — St Aidan's C of E Academy"


class RecordWindow(QMainWindow):
    """A stand-in for a window with a record open: a name, notes and a menu shortcut."""

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle(TITLE)
        self.resize(900, 600)
        body = QWidget()
        column = QVBoxLayout(body)
        self.name = QLineEdit()
        self.notes = QPlainTextEdit()
        column.addWidget(self.name)
        column.addWidget(self.notes)
        self.setCentralWidget(body)
        self.new_incident = QAction("New incident", self)
        self.new_incident.setShortcut(QKeySequence("Ctrl+N"))
        self.addAction(self.new_incident)
        self.shortcut_runs = 0
        self.new_incident.triggered.connect(self._ran)

    def _ran(self) -> None:
        self.shortcut_runs += 1


@pytest.fixture
def app() -> QApplication:
    instance = QApplication.instance()
    assert isinstance(instance, QApplication)
    return instance


@pytest.fixture
def make_lock(app: QApplication) -> Iterator[Callable[..., LockController]]:
    made: list[LockController] = []

    def make(check: Callable[[str], bool] | None = None, idle_minutes: float = 5) -> LockController:
        lock = LockController(app, idle_minutes, check or (lambda pw: pw == SECRET))
        made.append(lock)
        return lock

    yield make
    for lock in made:
        lock.stop()


def show(qtbot: QtBot, window: QWidget) -> None:
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def overlay_of(window: QWidget) -> LockOverlay:
    found = [
        o
        for o in window.findChildren(LockOverlay, options=Qt.FindChildOption.FindDirectChildrenOnly)
        if o.isVisible()
    ]
    assert len(found) == 1
    return found[0]


def covered(window: QWidget, widget: QWidget) -> bool:
    """Every sampled pixel where `widget` sits shows the panel's plain background."""
    image = window.grab().toImage()
    corner = widget.mapTo(window, QPoint(0, 0))
    background = QColor(BACKGROUND)
    for dx, dy in ((4, 4), (20, 8), (60, 10), (widget.width() - 6, widget.height() - 6)):
        x, y = corner.x() + dx, corner.y() + dy
        if image.pixelColor(x, y).rgb() != background.rgb():
            return False
    return True


def test_hide_now_covers_every_window_and_unlock_keeps_text_and_focus(
    qtbot: QtBot, make_lock: Callable[..., LockController]
) -> None:
    window = RecordWindow()
    other = QDialog()  # a second window, such as the incident wizard
    other.setWindowTitle("Incident 2026-0007")
    other_edit = QLineEdit(other)
    other_edit.setText("second window text")
    show(qtbot, other)
    show(qtbot, window)
    window.notes.setFocus()
    qtbot.keyClicks(window.notes, TYPED)
    cursor = window.notes.textCursor()
    cursor.setPosition(10)
    window.notes.setTextCursor(cursor)
    assert not covered(window, window.notes)
    lock = make_lock()
    seen_covered: list[bool] = []
    lock.locked.connect(lambda: seen_covered.append(overlay_of(window).isVisible()))

    with qtbot.waitSignal(lock.locked, timeout=1000):
        qtbot.keyClick(window.notes, Qt.Key.Key_F12)

    assert lock.is_locked and lock.reason is LockReason.HIDDEN
    assert seen_covered == [True]  # covered before the autosave connected to `locked` runs
    for w in (window, other):
        panel = overlay_of(w)
        assert panel.geometry() == w.rect()
        assert w.windowTitle() == LOCKED_TITLE  # no school or case in the taskbar
    assert covered(window, window.notes) and covered(window, window.name)
    assert "F12" not in window.notes.toPlainText()  # the key never reached the notes
    assert QApplication.focusWidget() is overlay_of(window).password
    assert_accessible(overlay_of(window))

    # Nothing typed, clicked or pressed reaches the record while locked.
    qtbot.keyClicks(window.notes, "pupil typing")
    qtbot.mouseClick(window.name, Qt.MouseButton.LeftButton)
    qtbot.keyClick(overlay_of(window).password, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.notes.toPlainText() == TYPED
    assert window.shortcut_runs == 0

    panel = overlay_of(window)
    qtbot.keyClicks(panel.password, "wrong guess")
    qtbot.keyClick(panel.password, Qt.Key.Key_Return)
    assert lock.is_locked
    assert panel.message.text() == WRONG_PASSWORD
    assert overlay_of(other).message.text() == WRONG_PASSWORD
    assert panel.password.text() == ""

    with qtbot.waitSignal(lock.unlocked, timeout=1000):
        qtbot.keyClicks(panel.password, SECRET)
        qtbot.keyClick(panel.password, Qt.Key.Key_Return)
    assert not lock.is_locked
    qtbot.waitUntil(lambda: not isValid(panel))  # the panels are gone, not just hidden
    assert window.windowTitle() == TITLE and other.windowTitle() == "Incident 2026-0007"
    assert window.notes.toPlainText() == TYPED
    assert other_edit.text() == "second window text"
    assert window.notes.textCursor().position() == 10
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.notes)
    assert not covered(window, window.notes)
    qtbot.keyClicks(window.notes, "!")  # typing carries on where it was
    assert window.notes.toPlainText() == TYPED[:10] + "!" + TYPED[10:]


def test_ctrl_shift_h_hides_from_a_line_edit_and_tab_stays_on_the_panel(
    qtbot: QtBot, make_lock: Callable[..., LockController]
) -> None:
    window = RecordWindow()
    show(qtbot, window)
    window.name.setFocus()
    qtbot.keyClicks(window.name, "Fictional")
    lock = make_lock()
    with qtbot.waitSignal(lock.locked, timeout=1000):
        qtbot.keyClick(
            window.name,
            Qt.Key.Key_H,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
    assert window.name.text() == "Fictional"
    panel = overlay_of(window)
    assert QApplication.focusWidget() is panel.password
    for _ in range(5):  # Tab and Shift+Tab cycle on the panel, never into the record
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() in (panel.password, panel.unlock_button)
    lock.hide_now()  # pressing it again while locked changes nothing
    assert len(window.findChildren(LockOverlay)) == 1
    assert lock.try_unlock(SECRET)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.name)
    assert window.name.text() == "Fictional"


def test_escape_on_the_panel_does_not_close_the_dialog_behind(
    qtbot: QtBot, make_lock: Callable[..., LockController]
) -> None:
    dialog = QDialog()
    dialog.resize(700, 500)
    edit = QLineEdit(dialog)
    show(qtbot, dialog)
    edit.setFocus()
    lock = make_lock()
    lock.hide_now()
    panel = overlay_of(dialog)
    qtbot.keyClick(panel.password, Qt.Key.Key_Escape)
    assert dialog.isVisible() and lock.is_locked
    assert lock.try_unlock(SECRET)
    assert dialog.isVisible()


def test_a_window_opened_while_locked_is_covered_as_it_appears(
    qtbot: QtBot, make_lock: Callable[..., LockController]
) -> None:
    window = RecordWindow()
    show(qtbot, window)
    lock = make_lock()
    lock.hide_now()
    late = QDialog(window)  # say, a message the autosave put up
    late.setWindowTitle("Draft 2026-0007 saved")
    late.resize(500, 300)
    qtbot.addWidget(late)
    late.open()
    qtbot.waitExposed(late)
    assert overlay_of(late).geometry() == late.rect()
    assert late.windowTitle() == LOCKED_TITLE
    # A modal window blocks the others: its own panel unlocks everything.
    qtbot.keyClicks(overlay_of(late).password, SECRET)
    with qtbot.waitSignal(lock.unlocked, timeout=1000):
        qtbot.keyClick(overlay_of(late).password, Qt.Key.Key_Return)
    assert late.windowTitle() == "Draft 2026-0007 saved"


def test_the_panel_follows_a_resized_window(
    qtbot: QtBot, make_lock: Callable[..., LockController]
) -> None:
    window = RecordWindow()
    show(qtbot, window)
    lock = make_lock()
    lock.hide_now()
    window.resize(1200, 700)
    qtbot.waitUntil(lambda: overlay_of(window).geometry() == window.rect())
    late = QLineEdit(window)  # a widget added to the window while locked stays below
    late.setText("added while locked")
    late.setGeometry(0, 0, 400, 40)
    late.show()
    qtbot.waitUntil(lambda: covered(window, late))
    assert covered(window, window.notes)
    assert lock.try_unlock(SECRET)


def test_idle_minutes_lock_on_their_own(
    qtbot: QtBot, make_lock: Callable[..., LockController]
) -> None:
    window = RecordWindow()
    show(qtbot, window)
    lock = make_lock(idle_minutes=5)
    qtbot.wait(100)
    assert not lock.is_locked  # five minutes have not passed
    lock.set_idle_minutes(0.002)  # 120 ms, for the test
    with qtbot.waitSignal(lock.locked, timeout=3000):
        pass
    assert lock.reason is LockReason.IDLE
    assert overlay_of(window).why.text() == "Locked after 1 minute without use."
    assert lock.try_unlock(SECRET)
    lock.set_idle_minutes(0)  # off
    qtbot.wait(200)
    assert not lock.is_locked


def test_the_session_locking_or_suspending_locks(
    qtbot: QtBot, app: QApplication, make_lock: Callable[..., LockController]
) -> None:
    window = RecordWindow()
    show(qtbot, window)
    lock = make_lock()
    with qtbot.waitSignal(lock.locked, timeout=1000):
        app.applicationStateChanged.emit(Qt.ApplicationState.ApplicationInactive)
        assert not lock.is_locked  # merely switching to another program does not lock
        app.applicationStateChanged.emit(Qt.ApplicationState.ApplicationSuspended)
    assert lock.reason is LockReason.AWAY
    assert lock.try_unlock(SECRET)
    app.applicationStateChanged.emit(Qt.ApplicationState.ApplicationHidden)
    assert lock.is_locked


def test_wrong_passwords_slow_down_with_a_clear_message(
    qtbot: QtBot, make_lock: Callable[..., LockController]
) -> None:
    window = RecordWindow()
    show(qtbot, window)
    lock = make_lock()
    now = [1000.0]
    lock.throttle = SignInThrottle(clock=lambda: now[0])
    lock.hide_now()
    panel = overlay_of(window)
    for _ in range(3):
        assert not lock.try_unlock("not it")
    assert "Wait 5 seconds" in panel.message.text()
    assert not panel.unlock_button.isEnabled()
    assert not lock.try_unlock(SECRET)  # even the right one waits
    assert lock.is_locked and "Wait 5 seconds" in panel.message.text()
    now[0] += 6
    lock._retry_allowed()
    assert panel.unlock_button.isEnabled()
    assert lock.try_unlock(SECRET)


def test_unlocking_checks_the_real_password_of_the_signed_in_user(
    qtbot: QtBot,
    db_path: Path,
    make_db: Callable[..., str],
    opened: list[Workspace],
    make_lock: Callable[..., LockController],
) -> None:
    make_db()
    ws = workspace.unlock(db_path, USERNAME, PASSWORD)
    opened.append(ws)
    check = password_checker(ws)
    assert check(PASSWORD) and not check("Not the password at all")
    window = RecordWindow()
    show(qtbot, window)
    lock = make_lock(check)
    lock.hide_now()
    assert not lock.try_unlock("Not the password at all")
    assert lock.try_unlock(PASSWORD)


def test_an_open_drop_down_list_is_closed_by_hide_now(
    qtbot: QtBot, make_lock: Callable[..., LockController]
) -> None:
    window = RecordWindow()
    combo = QComboBox(window.centralWidget())
    combo.addItems(["Fictional Pupil A", "Fictional Pupil B"])
    show(qtbot, window)
    combo.showPopup()
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None)
    lock = make_lock()
    lock.hide_now()
    assert QApplication.activePopupWidget() is None
    assert lock.try_unlock(SECRET)


def test_a_crash_while_locked_can_be_closed_and_then_unlocked(
    qtbot: QtBot, make_lock: Callable[..., LockController], tmp_path: Path
) -> None:
    window = RecordWindow()
    show(qtbot, window)
    lock = make_lock()
    lock.hide_now()
    crash = CrashDialog(tmp_path / "crash.log", "details", True)  # modal over everything
    qtbot.addWidget(crash)
    crash.open()
    qtbot.waitExposed(crash)
    assert not crash.findChildren(LockOverlay)  # it shows no case data: left uncovered
    qtbot.mouseClick(crash.close_button, Qt.MouseButton.LeftButton)
    assert not crash.isVisible()
    panel = overlay_of(window)
    qtbot.keyClicks(panel.password, SECRET)
    with qtbot.waitSignal(lock.unlocked, timeout=1000):
        qtbot.keyClick(panel.password, Qt.Key.Key_Return)
