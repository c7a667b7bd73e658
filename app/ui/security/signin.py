"""Signing in with a growing wait after repeated wrong passwords (no Qt).

The count is the database's (app.security.throttle.Throttle, a file beside the
key file), shared with the lock screen, the recovery key and the command line,
so signing out and back in, reopening the window or restarting Casebook does
not reset it. While a wait is running, nothing is even tried: no key
derivation, no file but the count touched.

The steps are separate so the window can refuse on the spot and run the slow
one on a worker thread: `refuse_while_waiting`, then `unlock` (the try counted,
Argon2id, the count reset when right, then opening the database).
`throttled_unlock` is both in one call.

This is on the path to the first window: the key slots (cryptography) and
SQLAlchemy are imported when an attempt runs, not before the window is painted.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from app.security.throttle import SignInWait, Throttle

if TYPE_CHECKING:
    from app.services.workspace import Workspace

__all__ = ["SignInWait", "refuse_while_waiting", "throttled_unlock", "unlock"]


def refuse_while_waiting(throttle: Throttle, username: str) -> None:
    """Raise SignInWait (saying how long) while `username`'s wait runs; otherwise return."""
    wait = throttle.wait_for(username)
    if wait > 0:
        raise SignInWait(wait)


def unlock(
    db_path: Path, username: str, password: str, throttle: Throttle | None = None
) -> Workspace:
    """workspace.unlock in two steps: the key from the key slots, then the database.

    With `throttle`, the try is counted first (SignInWait during a wait, or once
    the wrong ones start to cost one). Safe on a worker thread. SQLAlchemy and
    the models are imported only once the key is derived (Argon2id releases the
    GIL, so they may be loading meanwhile on another thread).
    """
    from app.security.keyslots import slots_for_database

    slots = slots_for_database(db_path)
    if throttle is None:
        key = slots.unlock_with_password(username, password)
    else:
        with throttle.for_user(username, slots.usernames()).attempt():
            key = slots.unlock_with_password(username, password)
    from app.services.workspace import open_with_key

    return open_with_key(db_path, slots, key, username)


def throttled_unlock(throttle: Throttle, db_path: Path, username: str, password: str) -> Workspace:
    """workspace.unlock, slowed down after repeated wrong passwords.

    Raises SignInWait while a wait runs (its message says how long), and
    WrongPassword, or SignInWait once the wrong ones start to cost a wait.
    """
    refuse_while_waiting(throttle, username)
    return unlock(db_path, username, password, throttle)
