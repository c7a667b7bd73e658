"""Signing in with a growing wait after repeated wrong passwords (no Qt).

The sign-in window keeps one SignInThrottle for the life of the app (so
signing out and back in, or reopening the window, does not reset it). While a
wait is running, nothing is even tried: no key derivation, no file touched.

The steps are separate so the window can run the slow one on a worker thread
and keep the throttle on the GUI thread: `refuse_while_waiting`, then
`unlock` (Argon2id, then opening the database), then `failed` or
`throttle.succeeded()`. `throttled_unlock` is all of it in one call.

This is on the path to the first window: the key slots (cryptography) and
SQLAlchemy are imported when an attempt runs, not before the window is painted.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from app.errors import CasebookError, WrongPassword
from app.security.throttle import SignInThrottle

if TYPE_CHECKING:
    from app.services.workspace import Workspace


class SignInWait(CasebookError):
    """Refused without trying: wrong passwords came too fast. The message says how long."""


def refuse_while_waiting(throttle: SignInThrottle) -> None:
    """Raise SignInWait (saying how long) while a wait runs; otherwise return."""
    waiting = throttle.message()
    if waiting:
        raise SignInWait(waiting)


def unlock(db_path: Path, username: str, password: str) -> Workspace:
    """workspace.unlock in two steps: the key from the key slots, then the database.

    Safe on a worker thread. SQLAlchemy and the models are imported only once
    the key is derived (Argon2id releases the GIL, so they may be loading
    meanwhile on another thread).
    """
    from app.security.keyslots import slots_for_database

    slots = slots_for_database(db_path)
    key = slots.unlock_with_password(username, password)
    from app.services.workspace import open_with_key

    return open_with_key(db_path, slots, key, username)


def failed(throttle: SignInThrottle, error: BaseException) -> BaseException:
    """Count a wrong password; the error to show (a SignInWait once waits begin)."""
    if not isinstance(error, WrongPassword):
        return error  # a damaged file or a busy database is not a guess
    throttle.failed()
    waiting = throttle.message()
    if waiting:
        return SignInWait(f"{error} {waiting}")
    return error


def throttled_unlock(
    throttle: SignInThrottle, db_path: Path, username: str, password: str
) -> Workspace:
    """workspace.unlock, slowed down after repeated wrong passwords.

    Raises SignInWait while a wait runs (its message says how long), and
    WrongPassword, or SignInWait once the wrong ones start to cost a wait.
    """
    refuse_while_waiting(throttle)
    try:
        ws = unlock(db_path, username, password)
    except WrongPassword as exc:
        error = failed(throttle, exc)
        if error is exc:
            raise
        raise error from exc
    throttle.succeeded()
    return ws
