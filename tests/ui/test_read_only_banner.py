"""The main window of a read-only session: a banner says why nothing can be saved."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from app.errors import DiskFull
from app.services import cases, workspace
from app.services.workspace import Workspace
from app.storage import store
from app.ui.main import read_only_banner
from app.ui.main_window import MainWindow
from app.ui.qt import QLabel, Qt
from tests.helpers.ui import PASSWORD, USERNAME, button_named


def _hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def test_a_full_disk_shows_the_banner_and_saving_resumes_when_space_is_freed(
    qtbot: QtBot,
    db_path: Path,
    make_db: Callable[..., str],
    opened: list[Workspace],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    make_db()
    workspace.unlock(db_path, USERNAME, PASSWORD).close()  # used once: its lock file exists
    full: dict[str, Any] = {"now": True}
    real = store.write_problem
    monkeypatch.setattr(
        store, "write_problem", lambda p: DiskFull(str(p)) if full["now"] else real(p)
    )
    before = _hashes(db_path.parent)
    ws = workspace.unlock(db_path, USERNAME, PASSWORD)
    opened.append(ws)
    main = MainWindow(ws)
    qtbot.addWidget(main)
    main.show()

    banner = main.findChild(QLabel, read_only_banner.BANNER_NAME)
    assert banner is not None and banner.isVisible()
    assert banner.textFormat() == Qt.TextFormat.PlainText
    assert banner.text() == read_only_banner.banner_text(DiskFull(str(db_path)))
    assert "so nothing can be saved" in banner.text()
    with pytest.raises(DiskFull):
        cases.create_case(ws)
    assert _hashes(db_path.parent) == before

    assert not main.read_only_banner.check()  # still full: it stays
    full["now"] = False
    assert main.read_only_banner.check()  # space freed: the held sign-in goes in
    assert not banner.isVisible()
    assert ws.read_only is None
    assert cases.create_case(ws).reference


def test_a_writable_database_has_no_banner(
    qtbot: QtBot, db_path: Path, make_db: Callable[..., str], opened: list[Workspace]
) -> None:
    make_db()
    ws = workspace.unlock(db_path, USERNAME, PASSWORD)
    opened.append(ws)
    main = MainWindow(ws)
    qtbot.addWidget(main)
    main.show()
    banner = main.findChild(QLabel, read_only_banner.BANNER_NAME)
    assert banner is not None and not banner.isVisible()
    assert main.read_only_banner.check()  # nothing to do, nothing said
    assert not banner.isVisible() and not main.message.isVisible()


def test_a_disk_that_fills_during_the_session_brings_the_banner(
    qtbot: QtBot,
    db_path: Path,
    make_db: Callable[..., str],
    opened: list[Workspace],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    make_db()
    ws = workspace.unlock(db_path, USERNAME, PASSWORD)
    opened.append(ws)
    main = MainWindow(ws)
    qtbot.addWidget(main)
    main.show()
    banner = main.findChild(QLabel, read_only_banner.BANNER_NAME)
    assert banner is not None and not banner.isVisible()
    monkeypatch.setattr(store, "write_problem", lambda p: DiskFull(str(p)))
    # What a save that failed for want of space leaves (tests/test_disk_faults.py
    # fills the disk for real): the session reading on, read-only.
    ws._go_read_only(DiskFull(str(db_path)))
    assert not main.read_only_banner.check()  # the next tick
    assert banner.isVisible()
    assert banner.text() == read_only_banner.banner_text(DiskFull(str(db_path)))


def test_a_new_incident_is_not_started_while_nothing_can_be_saved(
    qtbot: QtBot,
    db_path: Path,
    make_db: Callable[..., str],
    opened: list[Workspace],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Said before the DSL types, not after; once space is back, New incident opens."""
    from app.ui.main_window import NO_NEW_INCIDENT_READ_ONLY

    make_db()
    workspace.unlock(db_path, USERNAME, PASSWORD).close()
    full: dict[str, Any] = {"now": True}
    real = store.write_problem
    monkeypatch.setattr(
        store, "write_problem", lambda p: DiskFull(str(p)) if full["now"] else real(p)
    )
    ws = workspace.unlock(db_path, USERNAME, PASSWORD)
    opened.append(ws)
    main = MainWindow(ws)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)

    new_incident = button_named(main, "New incident")
    qtbot.mouseClick(new_incident, Qt.MouseButton.LeftButton)
    assert main.wizard is None
    assert main.message.isVisible() and main.message.text() == NO_NEW_INCIDENT_READ_ONLY

    full["now"] = False
    qtbot.mouseClick(new_incident, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: main.wizard is not None and main.wizard.isVisible())
    assert main.wizard is not None
    main.wizard.close()
