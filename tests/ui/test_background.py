"""background.OneJob and Progress: one job at a time, calm failures, part-results, and
the one "what changed" notification after a job that wrote."""

from __future__ import annotations

import threading
from collections.abc import Callable

from pytestqt.qtbot import QtBot

from app.errors import CasebookError
from app.services.workspace import Workspace
from app.ui import changes
from app.ui.background import BusyIndicator, LatestRead, OneJob, Progress
from app.ui.changes import Change, What
from app.ui.qt import QPushButton, QWidget
from app.ui.widgets import GENERIC_ERROR, Message
from tests.ui import test_dashboard as shared

demo_template = shared.demo_template
demo_ws = shared.demo_ws


def test_one_job_at_a_time_with_the_controls_disabled_meanwhile(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    go = QPushButton("Go", window)
    work = OneJob(window, BusyIndicator([go]))
    release = threading.Event()
    results: list[int] = []
    assert work.start(lambda: release.wait(10) and 1, results.append) is not None
    assert work.running and not go.isEnabled()
    assert work.start(lambda: 2, results.append) is None  # pressed twice: nothing more
    release.set()
    qtbot.waitUntil(lambda: not work.running, timeout=10_000)
    assert results == [1] and go.isEnabled() and work.job is None


def test_start_saying_shows_progress_then_a_calm_failure(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    message = Message()
    message.setParent(window)
    work = OneJob(window)
    done: list[object] = []

    def fails() -> None:
        raise CasebookError("The folder is not there.")

    work.start_saying(message, "Saving…", fails, done.append)
    assert message.text() == "Saving…"
    qtbot.waitUntil(lambda: not work.running, timeout=10_000)
    assert message.text() == "The folder is not there." and not done

    def leaks() -> None:
        raise ValueError("Jane Doe, 14")  # may quote a record: never shown

    work.start_saying(message, "Saving…", leaks, done.append)
    qtbot.waitUntil(lambda: not work.running, timeout=10_000)
    assert message.text() == GENERIC_ERROR


def test_progress_hands_part_results_to_the_gui_thread(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    gui = threading.get_ident()
    parts: list[tuple[str, int]] = []
    progress: Progress[str] = Progress(window, lambda p: parts.append((p, threading.get_ident())))
    work = OneJob(window)

    def reads() -> str:
        progress.report("first screenful")
        return "all"

    ended: list[str] = []
    work.start(reads, ended.append)
    qtbot.waitUntil(lambda: bool(ended), timeout=10_000)
    qtbot.waitUntil(lambda: bool(parts), timeout=10_000)
    assert parts == [("first screenful", gui)] and ended == ["all"]


def test_a_job_that_writes_tells_every_screen_once_and_only_when_it_succeeded(
    qtbot: QtBot, demo_ws: Workspace
) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    heard: list[Change] = []
    changes.of(demo_ws).changed.connect(heard.append)
    work = OneJob(window, ws=demo_ws)
    done: list[int] = []

    def fails() -> int:
        raise CasebookError("The folder is not there.")

    work.start(fails, done.append, lambda _error: None, change=Change(What.AUDIT))
    qtbot.waitUntil(lambda: not work.running, timeout=10_000)
    assert heard == [] and done == []

    work.start(lambda: 1, done.append, change=Change(What.AUDIT))
    qtbot.waitUntil(lambda: not work.running, timeout=10_000)
    assert heard == [Change(What.AUDIT)] and done == [1]


def test_a_latest_read_hands_back_only_the_one_asked_for_last(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    read = LatestRead(window)
    release = threading.Event()
    ran: list[str] = []
    shown: list[str] = []

    def work(name: str) -> Callable[[], str]:
        def run() -> str:
            ran.append(name)
            if name == "first":
                release.wait(10)
            return name

        return run

    read.start(work("first"), shown.append, lambda _e: shown.append("failed"))
    qtbot.waitUntil(lambda: ran == ["first"])
    read.start(work("second"), shown.append, lambda _e: shown.append("failed"))  # replaced
    read.start(work("third"), shown.append, lambda _e: shown.append("failed"))
    assert read.running
    release.set()
    qtbot.waitUntil(lambda: not read.running, timeout=10_000)
    assert ran == ["first", "third"] and shown == ["third"]
