"""The database lock: a lock released late (as Windows may after a crash) is waited for."""

from __future__ import annotations

import fcntl
import os
import threading
from pathlib import Path

import pytest

from app.storage import instance_lock
from app.storage.instance_lock import AlreadyOpen, DatabaseLock, lock_path


def _held_elsewhere(db: Path) -> int:
    """The lock as a crashed Casebook leaves it until Windows lets go (a separate open file)."""
    db.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path(db), os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return fd


def test_a_lock_released_a_moment_late_is_waited_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(instance_lock, "LOCK_PATIENCE_S", 2.0)
    db = tmp_path / "casebook.db"
    fd = _held_elsewhere(db)
    threading.Timer(0.3, os.close, args=(fd,)).start()
    lock = DatabaseLock(db)
    lock.acquire()
    assert lock.held
    lock.release()


def test_a_lock_still_held_after_the_wait_says_already_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(instance_lock, "LOCK_PATIENCE_S", 0.2)
    db = tmp_path / "casebook.db"
    fd = _held_elsewhere(db)
    try:
        lock = DatabaseLock(db)
        with pytest.raises(AlreadyOpen, match="already has this database open"):
            lock.acquire()
        assert not lock.held
    finally:
        os.close(fd)


def test_off_windows_a_second_casebook_is_told_at_once(tmp_path: Path) -> None:
    assert instance_lock.LOCK_PATIENCE_S == 0.0
    db = tmp_path / "casebook.db"
    first = DatabaseLock(db)
    first.acquire()
    try:
        with pytest.raises(AlreadyOpen):
            DatabaseLock(db).acquire()
    finally:
        first.release()
