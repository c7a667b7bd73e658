"""An operating-system lock on an open file, taken without waiting.

The one-writer lock (instance_lock) and the count of sign-in tries (throttle)
both need it. The OS drops the lock when the process ends, even under kill -9,
so a crash never leaves a stale lock behind.
"""

from __future__ import annotations

import sys
import time
from typing import IO

__all__ = ["lock", "lock_within", "unlock"]

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def lock(handle: IO[bytes]) -> None:
        """Lock the file's first byte, or raise OSError at once if another process holds it."""
        handle.seek(0)  # msvcrt locks from the current position
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)

    def unlock(handle: IO[bytes]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def lock(handle: IO[bytes]) -> None:
        """Lock the whole file, or raise OSError at once if another process holds it."""
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def unlock(handle: IO[bytes]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def lock_within(handle: IO[bytes], seconds: float, pause: float = 0.05) -> bool:
    """Lock `handle`, trying again for up to `seconds`; False if another process kept it."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            lock(handle)
            return True
        except OSError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(pause)
