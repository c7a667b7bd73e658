"""Shared records on a Windows laptop: the sign-in window names a folder open to everyone."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.storage import data_location
from app.storage.data_location import DataLocation
from app.ui.app import Running, launch
from app.ui.login import LoginWindow
from app.ui.qt import QApplication

OPEN_TO_ALL = "{folder} NT AUTHORITY\\SYSTEM:(I)(OI)(CI)(F)\n   BUILTIN\\Users:(I)(OI)(CI)(RX)\n"
RESTRICTED = "{folder} LAPTOP\\Casebook Users:(OI)(CI)(M)\n   NT AUTHORITY\\SYSTEM:(OI)(CI)(F)\n"


@pytest.fixture
def start_shared(
    qtbot: QtBot,
    db_path: Path,
    make_db: Callable[..., str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Callable[[str], Running]]:
    """Start Casebook on shared records whose folder `icacls` lists as given."""
    started: list[Running] = []

    def start(listing: str) -> Running:
        make_db()
        shared = DataLocation(db_path, "shared", "Casebook Users")
        monkeypatch.setattr(data_location, "current", lambda: shared)
        text = listing.format(folder=db_path.parent)
        monkeypatch.setattr(data_location, "_windows_icacls", lambda: lambda _folder: text)
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        running = launch(app, db_path, log_folder=tmp_path / "logs")
        assert isinstance(running, Running)
        assert isinstance(running.controller.window, LoginWindow)
        qtbot.addWidget(running.controller.window)
        started.append(running)
        return running

    yield start
    for running in started:
        running.close()


def test_a_shared_folder_every_account_can_open_is_named_on_the_sign_in_window(
    qtbot: QtBot, db_path: Path, start_shared: Callable[[str], Running]
) -> None:
    login = start_shared(OPEN_TO_ALL).controller.window
    assert isinstance(login, LoginWindow)
    qtbot.waitUntil(lambda: "every account on this laptop" in login.message.text(), timeout=10_000)
    assert str(db_path.parent) in login.message.text()
    assert login.username.isEnabled()  # a warning, not a refusal: the records are encrypted


def test_a_restricted_shared_folder_says_nothing(
    qtbot: QtBot, start_shared: Callable[[str], Running]
) -> None:
    running = start_shared(RESTRICTED)
    login = running.controller.window
    assert isinstance(login, LoginWindow)
    qtbot.waitUntil(lambda: running.warming is not None, timeout=10_000)
    qtbot.wait(300)
    assert login.message.text() == ""
