"""Windows: tell the installer that Casebook is running, in any user's session.

The setup program (installer/windows/casebook.iss, `AppMutex`) refuses to
replace Casebook's files while one of these named mutexes exists, and asks for
Casebook to be closed, rather than closing it itself in someone else's session
on a shared laptop. Elsewhere this does nothing.
"""

from __future__ import annotations

import sys
from typing import Any

# Session-local and machine-wide: setup checks both.
MUTEX_NAMES = ("CasebookRunning", "Global\\CasebookRunning")

_held: list[int] = []  # the handles live as long as the process


def hold_running_mutex(kernel32: Any = None) -> list[int]:
    """Create the mutexes once (Windows only); returns the handles held."""
    if _held:
        return list(_held)
    if kernel32 is None:
        kernel32 = _windows_kernel32()
        if kernel32 is None:
            return []
    for name in MUTEX_NAMES:
        handle = kernel32.CreateMutexW(None, False, name)
        if handle:  # 0 where the name is refused (e.g. Global\\ under a strict policy)
            _held.append(int(handle))
    return list(_held)


def _windows_kernel32() -> Any:
    if sys.platform == "win32":
        import ctypes

        return ctypes.windll.kernel32
    return None
