"""One writer per database: an OS lock held while a database is open.

The lock file sits beside the database and holds nothing; the operating system
releases the lock when the process ends, even after a crash or `kill -9`, so a
stale lock never blocks the DSL.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import IO

from app.errors import CasebookError
from app.storage.file_lock import lock_within
from app.storage.file_lock import unlock as _unlock


class AlreadyOpen(CasebookError):
    def __init__(self) -> None:
        super().__init__(
            "Casebook already has this database open, in another window or a command. "
            "Switch to that window, or close it first."
        )


# Windows may release a crashed process's byte-range lock a moment after it has
# gone, so a restart right after a crash tries for a little while before saying
# "already open". Elsewhere the lock goes with the process, and a real second
# Casebook is reported at once.
LOCK_PATIENCE_S = 2.0 if sys.platform == "win32" else 0.0
_LOCK_PAUSE_S = 0.05


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


class DatabaseLock:
    def __init__(self, db_path: Path) -> None:
        self.path = lock_path(db_path)
        self._file: IO[bytes] | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        handle = os.fdopen(fd, "r+b")
        if not lock_within(handle, LOCK_PATIENCE_S, _LOCK_PAUSE_S):
            handle.close()
            raise AlreadyOpen()
        self._file = handle

    def release(self) -> None:
        if self._file is not None:
            try:
                _unlock(self._file)
            finally:
                self._file.close()
                self._file = None

    @property
    def held(self) -> bool:
        return self._file is not None
