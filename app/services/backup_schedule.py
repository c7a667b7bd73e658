"""When Casebook backs up by itself, and what it says when that fails.

The automatic backups (once a day, and when the app closes) go to the chosen
folder, if one is set. A failure never stops the app: it comes back as one calm
sentence for the window to show, and only the kind of error is logged, never
its text (which could name a child). Plain Python, so the command line could
make the same backups.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from pathlib import Path

from app.errors import CasebookError, InvalidInput
from app.services import backup
from app.services.workspace import Workspace

log = logging.getLogger(__name__)

GENERIC_BACKUP_FAILURE = (
    "The automatic backup could not be written. The database itself is unchanged; "
    "check the backup folder, then use Back up now."
)


def free_moment(folder: Path | None, now: datetime | None = None, reason: str = "") -> datetime:
    """The time to name a backup by: now, or a second on if a backup already has that name.

    Backup file names go to the second, so a second backup in the same second
    (Back up now pressed twice, or closing just after the daily backup) would
    otherwise be refused as "already exists".
    """
    moment = (now or datetime.now()).replace(microsecond=0)
    if folder is None:
        return moment
    while (folder / backup.backup_name(moment, reason)).exists():
        moment += timedelta(seconds=1)
    return moment


def backup_now(ws: Workspace, folder: Path | None = None) -> Path:
    """Back up now, by hand: into the saved folder, or into `folder` (typed, not saved).

    A typed folder is not saved by this (only the DSL's Save does that), and
    one that does not exist is refused.
    """
    if folder is not None:
        problem = backup.folder_problem(ws, folder)
        if problem:
            raise InvalidInput(problem)
    chosen = ws.settings()["backup_folder"]
    target = folder or (Path(chosen) if chosen else None)
    moment = free_moment(target, reason=backup.BY_HAND)
    return backup.backup_to_folder(ws, folder, now=moment, reason=backup.BY_HAND)


def backup_on_close_into(ws: Workspace, folder: Path) -> Path:
    """The backup on close, into another folder the user chose when the saved one failed.

    That folder is used this once and not saved.
    """
    problem = backup.folder_problem(ws, folder)
    if problem:
        raise InvalidInput(problem)
    moment = free_moment(folder, reason=backup.ON_CLOSE)
    return backup.backup_to_folder(ws, folder, now=moment, reason=backup.ON_CLOSE, choosing=True)


def _automatic(ws: Workspace, reason: str) -> str | None:
    """Back up to the chosen folder, if one is set. A calm sentence when it failed."""
    try:
        chosen = ws.settings()["backup_folder"]
        if not chosen:
            return None
        moment = free_moment(Path(chosen), reason=reason)
        backup.backup_to_folder(ws, now=moment, reason=reason)
    except CasebookError as exc:
        return str(exc)
    except Exception as exc:
        log.error("automatic backup failed: %s", type(exc).__name__)
        return GENERIC_BACKUP_FAILURE
    return None


def auto_backup_on_close(ws: Workspace) -> str | None:
    """Back up to the chosen folder as Casebook closes. A calm sentence when it failed."""
    return _automatic(ws, backup.ON_CLOSE)


def last_good_backup(ws: Workspace) -> datetime | None:
    """When the last backup that was written and checked was made, if it is known."""
    try:
        return datetime.fromisoformat(ws.settings()["last_backup_at"])
    except (CasebookError, ValueError):
        return None


def last_good_backup_text(ws: Workspace) -> str:
    """A sentence saying when the last good backup was made (for quitting without one)."""
    last = last_good_backup(ws)
    if last is None:
        return "No backup of these records has been made yet."
    return f"The last good backup was made on {backup.moment_text(last)}."


def daily_backup_if_due(ws: Workspace) -> str | None:
    """The daily backup, when a day has passed since the last; a sentence if it failed."""
    try:
        due = backup.daily_backup_due(ws)
    except Exception as exc:
        log.error("could not check the backup schedule: %s", type(exc).__name__)
        return GENERIC_BACKUP_FAILURE
    return _automatic(ws, backup.DAILY_REASON) if due else None


__all__ = [
    "GENERIC_BACKUP_FAILURE",
    "auto_backup_on_close",
    "backup_now",
    "backup_on_close_into",
    "daily_backup_if_due",
    "free_moment",
    "last_good_backup",
    "last_good_backup_text",
]
