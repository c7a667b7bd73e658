"""Signing in with a growing wait after repeated wrong passwords (no Qt).

The sign-in window calls `throttled_unlock` in place of `workspace.unlock`,
with one SignInThrottle kept for the life of the app (so signing out and back
in, or reopening the window, does not reset it). While a wait is running,
nothing is even tried: no key derivation, no file touched.
"""

from __future__ import annotations

from pathlib import Path

from app.errors import CasebookError, WrongPassword
from app.services import workspace
from app.services.throttle import SignInThrottle
from app.services.workspace import Workspace


class SignInWait(CasebookError):
    """Refused without trying: wrong passwords came too fast. The message says how long."""


def throttled_unlock(
    throttle: SignInThrottle, db_path: Path, username: str, password: str
) -> Workspace:
    """workspace.unlock, slowed down after repeated wrong passwords.

    Raises SignInWait while a wait runs (its message says how long), and
    WrongPassword, or SignInWait once the wrong ones start to cost a wait.
    """
    waiting = throttle.message()
    if waiting:
        raise SignInWait(waiting)
    try:
        ws = workspace.unlock(db_path, username, password)
    except WrongPassword as exc:
        throttle.failed()
        waiting = throttle.message()
        if waiting:
            raise SignInWait(f"{exc} {waiting}") from exc
        raise
    throttle.succeeded()
    return ws
