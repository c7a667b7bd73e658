"""The last line of defence: an unexpected error saves the typing, logs, and says so calmly.

Installed first thing at start-up. For any exception nothing else caught (in
a slot, at start-up, or in a worker thread) it:

1. saves what was being typed (the caller's autosave), whatever that raises;
2. writes a crash log that holds the error's type and Casebook's code path
   only: never its message, values or anything typed (app.diagnostics.crashlog);
3. shows one calm dialog with the log's location, "Copy details" and "Close".

The exception's own text is never shown or printed: it can quote a child's
name (a database error repeats its SQL values). A second error while the first
is being handled is logged but opens no second dialog.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

from app.diagnostics import crashlog
from app.diagnostics.lazylog import lazy_logger
from app.ui.dialog import Dialog
from app.ui.qt import QApplication, QObject, Qt, QThread, QWidget, Signal
from app.ui.security.common import SAFE_WHEN_LOCKED
from app.ui.widgets import Message, button, button_row, plain_label, primary_button

log = lazy_logger(__name__)

MAX_LOGS = 20  # per run: an error repeating in a loop must not fill the disk
TITLE = "Something went wrong"
SAVED = "What you typed has been saved."
NOT_SAVED = (
    "Casebook could not save what you typed just now. It is still on screen: "
    "try saving again in a moment."
)
NOTHING_TO_SAVE = "Nothing you typed was lost."
CARRY_ON = "You can carry on working."
CLOSING = "Casebook will close; sign in again to carry on where you left off."


def crash_text(log_path: Path | None, saved: bool | None) -> str:
    first = f"{TITLE}. " + (SAVED if saved else NOT_SAVED if saved is False else NOTHING_TO_SAVE)
    if log_path is None:
        return f"{first} A report could not be written this time."
    return f"{first} A report with no case details was written to {log_path}."


class CrashDialog(Dialog):
    def __init__(
        self,
        log_path: Path | None,
        details: str,
        saved: bool | None,
        parent: QWidget | None = None,
        *,
        closing: bool = False,
    ) -> None:
        super().__init__(TITLE, parent, width=560)
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setProperty(SAFE_WHEN_LOCKED, True)  # it shows no case data, and must stay usable
        self.details = details
        self.text = plain_label(crash_text(log_path, saved))
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.column.addWidget(self.text)
        self.column.addSpacing(4)
        self.hint = plain_label(
            (CLOSING if closing else CARRY_ON) + " If this keeps happening, give the report to "
            "IT: Copy details copies it, and it holds no case information.",
            "hint",
        )
        self.column.addWidget(self.hint)
        self.copied = Message()
        self.column.addWidget(self.copied)
        self.column.addSpacing(10)
        self.copy_button = button("&Copy details")
        self.close_button = primary_button("Close")
        self.column.addLayout(button_row(self.close_button, left=self.copy_button))
        self.column.addStretch(1)
        self.copy_button.clicked.connect(self.copy_details)
        self.close_button.clicked.connect(self.accept)
        self.close_button.setFocus()

    def copy_details(self) -> None:
        QApplication.clipboard().setText(self.details)
        self.copied.show_good("Copied. The details hold no case information.")


class _Relay(QObject):
    crashed = Signal(object, object)  # (log path or None, details) from a worker thread


class CrashHandler(QObject):
    shown = Signal(object)  # the CrashDialog, once it is on screen

    def __init__(
        self,
        app: QApplication,
        save_callback: Callable[[], None],
        *,
        log_folder: Path | None = None,
        quit_after: bool = False,
    ) -> None:
        super().__init__()
        self.app = app
        self.save_callback = save_callback
        self.log_folder = log_folder
        self.quit_after = quit_after
        self.dialog: CrashDialog | None = None
        self.logs: list[Path] = []
        self._handling = False
        self._last_saved = False
        self._relay = _Relay()
        # Emitted only on worker threads (`handle`), so Qt queues each call to this
        # object's thread, the GUI thread. (Naming QueuedConnection would make `Qt`
        # before the first window: see app.ui.qt.)
        self._relay.crashed.connect(self._from_thread)
        self._previous: Any = None
        self._previous_thread: Any = None

    def install(self) -> None:
        self._previous, sys.excepthook = sys.excepthook, self.handle
        self._previous_thread, threading.excepthook = threading.excepthook, self._thread_hook

    def uninstall(self) -> None:
        if self._previous is not None:
            sys.excepthook = self._previous
            threading.excepthook = self._previous_thread
            self._previous = self._previous_thread = None

    # -- the hooks -------------------------------------------------------------
    def handle(
        self,
        exc_type: type[BaseException],
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc or exc_type(), tb)
            return
        if threading.current_thread() is not threading.main_thread():
            path, details = self._write(exc_type, tb)
            self._relay.crashed.emit(path, details)
            return
        path, details = self._write(exc_type, tb)
        if self._handling:
            return  # already saving or showing the first one: the log is enough
        self._handling = True
        try:
            saved = self._save()
            self._show(path, details, saved)
        except Exception as inner:
            # Never let the crash handler itself raise into Qt.
            log.error("the crash dialog failed: %s", type(inner).__name__)
            self._handling = False

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        self.handle(args.exc_type, args.exc_value, args.exc_traceback)

    def _from_thread(self, path: object, details: object) -> None:
        if self._handling:
            return
        self._handling = True
        try:
            self._show(path if isinstance(path, Path) else None, str(details), self._save())
        except Exception as inner:
            log.error("the crash dialog failed: %s", type(inner).__name__)
            self._handling = False

    # -- the steps -------------------------------------------------------------
    def _write(
        self, exc_type: type[BaseException], tb: TracebackType | None
    ) -> tuple[Path | None, str]:
        log.error("unexpected %s.%s", exc_type.__module__, exc_type.__qualname__)
        try:
            details = crashlog.describe(exc_type, tb)
        except Exception:
            details = "Casebook crash report (contains no case data)\nno details available\n"
        if len(self.logs) >= MAX_LOGS:
            return (self.logs[-1] if self.logs else None), details
        try:
            path = crashlog.write(exc_type, tb, self.log_folder)
        except Exception as inner:
            log.error("could not write a crash log: %s", type(inner).__name__)
            return None, details
        self.logs.append(path)
        return path, details

    def _save(self) -> bool:
        try:
            self.save_callback()
        except Exception as inner:
            log.error("saving after an error failed: %s", type(inner).__name__)
            self._last_saved = False
        else:
            self._last_saved = True
        return self._last_saved

    def _show(self, path: Path | None, details: str, saved: bool) -> None:
        dialog = CrashDialog(path, details, saved, closing=self.quit_after and saved)
        self.dialog = dialog
        dialog.finished.connect(self._closed)
        if QThread.currentThread().loopLevel() == 0:
            # Before the app's event loop runs (or after it ended): wait here.
            dialog.show()
            self.shown.emit(dialog)
            dialog.exec()
        else:
            dialog.open()
            dialog.raise_()
            dialog.activateWindow()
            self.shown.emit(dialog)

    def _closed(self, _result: int) -> None:
        self._handling = False
        # Never close over typing that could not be saved: it is only on screen.
        if self.quit_after and self._last_saved:
            self.app.exit(1)


def install_crash_handler(
    app: QApplication,
    save_callback: Callable[[], None],
    *,
    log_folder: Path | None = None,
    quit_after: bool = False,
) -> CrashHandler:
    """Install the hooks (sys.excepthook and threading.excepthook); keep the handler."""
    handler = CrashHandler(app, save_callback, log_folder=log_folder, quit_after=quit_after)
    handler.install()
    return handler
