"""An unexpected error: the typing is saved, a log with no child data is written, calm words."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.errors import SaveFailed
from app.ui.qt import QApplication, QTimer
from app.ui.security.crash import (
    NOT_SAVED,
    CrashDialog,
    CrashHandler,
    crash_text,
    install_crash_handler,
)

CHILD = "Zoë Quixley-Marchbanks"


class Boom(RuntimeError):
    pass


@pytest.fixture
def app() -> QApplication:
    instance = QApplication.instance()
    assert isinstance(instance, QApplication)
    return instance


@pytest.fixture
def handlers() -> Iterator[list[CrashHandler]]:
    made: list[CrashHandler] = []
    yield made
    for handler in made:
        handler.uninstall()
        if handler.dialog is not None:
            handler.dialog.close()
            handler.dialog.deleteLater()


def install(
    app: QApplication, handlers: list[CrashHandler], folder: Path, save: Callable[[], None]
) -> CrashHandler:
    handler = install_crash_handler(app, save, log_folder=folder)
    handlers.append(handler)
    return handler


def boom() -> None:
    raise Boom(f"could not save the note about {CHILD} <b>at 3pm</b>")


def crash_dialogs() -> list[CrashDialog]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, CrashDialog) and w.isVisible()
    ]


def test_an_error_in_a_slot_saves_logs_and_says_so_calmly(
    qtbot: QtBot,
    app: QApplication,
    handlers: list[CrashHandler],
    tmp_path: Path,
    capfd: pytest.CaptureFixture[str],
) -> None:
    saves: list[str] = []
    handler = install(app, handlers, tmp_path / "logs", lambda: saves.append("saved"))
    assert sys.excepthook == handler.handle

    with qtbot.waitSignal(handler.shown, timeout=5000) as shown:
        QTimer.singleShot(0, boom)

    dialog = shown.args[0]
    assert isinstance(dialog, CrashDialog)
    assert saves == ["saved"]
    [log] = handler.logs
    assert log.parent == tmp_path / "logs"
    report = log.read_text(encoding="utf-8")
    assert "Boom" in report and "test_security_crash.py" in report
    assert dialog.text.text() == (
        "Something went wrong. What you typed has been saved. "
        f"A report with no case details was written to {log}."
    )
    assert dialog.close_button.text() == "Close" and dialog.copy_button.text() == "&Copy details"
    dialog.copy_button.click()
    copied = QApplication.clipboard().text()
    assert copied.startswith("Casebook crash report (contains no case data)")
    assert "test_security_crash.py" in copied
    everything = report + copied + dialog.text.text() + "".join(capfd.readouterr())
    for needle in (CHILD, "Quixley", "<b>", "3pm", "could not save the note"):
        assert needle not in everything  # the error's own words go nowhere
    dialog.close_button.click()
    assert not dialog.isVisible()
    handler.uninstall()
    assert sys.excepthook != handler.handle


def test_a_second_error_while_the_first_is_shown_opens_no_second_dialog(
    qtbot: QtBot, app: QApplication, handlers: list[CrashHandler], tmp_path: Path
) -> None:
    saves: list[int] = []
    handler = install(app, handlers, tmp_path / "logs", lambda: saves.append(1))
    with qtbot.waitSignal(handler.shown, timeout=5000):
        QTimer.singleShot(0, boom)
    first = handler.dialog
    QTimer.singleShot(0, boom)
    qtbot.waitUntil(lambda: len(handler.logs) == 2)
    assert handler.dialog is first and len(crash_dialogs()) == 1
    assert saves == [1]
    assert first is not None
    first.close_button.click()
    with qtbot.waitSignal(handler.shown, timeout=5000):  # after closing, the next one shows
        QTimer.singleShot(0, boom)
    assert len(handler.logs) == 3 and saves == [1, 1]


def test_when_saving_fails_too_the_dialog_says_the_typing_is_still_on_screen(
    qtbot: QtBot, app: QApplication, handlers: list[CrashHandler], tmp_path: Path
) -> None:
    def disk_full() -> None:
        raise SaveFailed()

    handler = install(app, handlers, tmp_path / "logs", disk_full)
    with qtbot.waitSignal(handler.shown, timeout=5000) as shown:
        QTimer.singleShot(0, boom)
    dialog = shown.args[0]
    assert NOT_SAVED in dialog.text.text()
    assert "has been saved" not in dialog.text.text()


def test_an_error_in_a_worker_thread_is_shown_on_the_gui_thread(
    qtbot: QtBot, app: QApplication, handlers: list[CrashHandler], tmp_path: Path
) -> None:
    where: list[bool] = []
    handler = install(
        app,
        handlers,
        tmp_path / "logs",
        lambda: where.append(threading.current_thread() is threading.main_thread()),
    )
    with qtbot.waitSignal(handler.shown, timeout=5000):
        worker = threading.Thread(target=boom)
        worker.start()
        worker.join()
    assert where == [True]  # the autosave touches widgets: only ever on the GUI thread
    [log] = handler.logs
    assert CHILD not in log.read_text(encoding="utf-8")


def test_a_log_that_cannot_be_written_still_gets_a_calm_dialog(
    qtbot: QtBot, app: QApplication, handlers: list[CrashHandler], tmp_path: Path
) -> None:
    blocked = tmp_path / "logs"
    blocked.write_text("a file where the folder should be")
    handler = install(app, handlers, blocked, lambda: None)
    with qtbot.waitSignal(handler.shown, timeout=5000) as shown:
        QTimer.singleShot(0, boom)
    assert shown.args[0].text.text() == crash_text(None, True)
    assert "could not be written" in shown.args[0].text.text()


class _Exits:
    def __init__(self) -> None:
        self.codes: list[int] = []

    def exit(self, code: int) -> None:
        self.codes.append(code)


def test_quit_after_closes_calmly_but_never_over_unsaved_typing(
    qtbot: QtBot, app: QApplication, handlers: list[CrashHandler], tmp_path: Path
) -> None:
    outcome = ["saved"]

    def save() -> None:
        if outcome[0] != "saved":
            raise SaveFailed()

    handler = install_crash_handler(app, save, log_folder=tmp_path / "logs", quit_after=True)
    handlers.append(handler)
    exits = _Exits()
    handler.app = exits  # type: ignore[assignment]
    with qtbot.waitSignal(handler.shown, timeout=5000) as shown:
        QTimer.singleShot(0, boom)
    assert "Casebook will close" in shown.args[0].hint.text()
    shown.args[0].close_button.click()
    assert exits.codes == [1]

    outcome[0] = "disk full"
    with qtbot.waitSignal(handler.shown, timeout=5000) as shown:
        QTimer.singleShot(0, boom)
    assert NOT_SAVED in shown.args[0].text.text()
    shown.args[0].close_button.click()
    assert exits.codes == [1]  # the typing is only on screen: Casebook stays open
