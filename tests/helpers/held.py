"""Holding slow work on its worker thread, to look at the window while it runs.

`held(monkeypatch, module, "name")` replaces a service function with one that
waits until the test releases it. Run on the GUI thread it refuses at once, so
a test of work that should be in the background fails instead of hanging.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from app.ui.qt import QApplication, QTimer


class Gate:
    """Where the held work waits: `entered` once it has started, until `release()`."""

    def __init__(self) -> None:
        self.entered = threading.Event()
        self._go = threading.Event()
        self.active = True  # after the `with` block, the work runs as usual

    def release(self) -> None:
        self._go.set()

    def wait(self) -> None:
        self.entered.set()
        self._go.wait(30)


@contextmanager
def held(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> Iterator[Gate]:
    real: Callable[..., Any] = getattr(owner, name)
    gate = Gate()

    def waiting(*args: Any, **kwargs: Any) -> Any:
        if not gate.active:
            return real(*args, **kwargs)
        if threading.current_thread() is threading.main_thread():
            raise AssertionError(f"{name} ran on the GUI thread")
        gate.wait()
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, waiting)
    try:
        yield gate
    finally:
        gate.active = False
        gate.release()


def loop_runs_while_held(qtbot: QtBot, gate: Gate, *, busy: bool = True) -> None:
    """The work has started off the GUI thread, and a timer still ticks meanwhile.

    `busy`: the wait cursor shows too (not for the daily backup, made unseen)."""
    # The event loop runs while waiting: work started by a timer or a queued call begins.
    qtbot.waitUntil(gate.entered.is_set, timeout=10_000)  # never, if it ran on the GUI thread
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(10)
    try:
        qtbot.waitUntil(lambda: len(ticks) >= 3, timeout=5_000)
    finally:
        timer.stop()
    assert not gate._go.is_set()  # and the work is still waiting: it had not finished
    if busy:
        assert QApplication.overrideCursor() is not None  # the wait cursor shows meanwhile
