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

from app.errors import CasebookError
from app.services import backup
from app.services.workspace import Workspace

log = logging.getLogger(__name__)

GENERIC_BACKUP_FAILURE = (
    "The automatic backup could not be written. The database itself is unchanged; "
    "check the backup folder, then use Back up now."
)


def free_moment(folder: Path | None, now: datetime | None = None) -> datetime:
    """The time to name a backup by: now, or a second on if a backup already has that name.

    Backup file names go to the second, so a second backup in the same second
    (Back up now pressed twice, or closing just after the daily backup) would
    otherwise be refused as "already exists".
    """
    moment = (now or datetime.now()).replace(microsecond=0)
    if folder is None:
        return moment
    while (folder / f"{backup.AUTO_PREFIX}{moment:%Y%m%d-%H%M%S}{backup.AUTO_SUFFIX}").exists():
        moment += timedelta(seconds=1)
    return moment


def backup_now(ws: Workspace) -> Path:
    """backup_to_folder into the chosen folder, never clashing with an existing name."""
    chosen = ws.settings()["backup_folder"]
    folder = Path(chosen) if chosen else None
    return backup.backup_to_folder(ws, now=free_moment(folder))


def auto_backup_on_close(ws: Workspace) -> str | None:
    """Back up to the chosen folder, if one is set. A calm sentence when it failed."""
    try:
        if not ws.settings()["backup_folder"]:
            return None
        backup_now(ws)
    except CasebookError as exc:
        return str(exc)
    except Exception as exc:
        log.error("automatic backup failed: %s", type(exc).__name__)
        return GENERIC_BACKUP_FAILURE
    return None


def daily_backup_if_due(ws: Workspace) -> str | None:
    """The daily backup, when a day has passed since the last; a sentence if it failed."""
    try:
        due = backup.daily_backup_due(ws)
    except Exception as exc:
        log.error("could not check the backup schedule: %s", type(exc).__name__)
        return GENERIC_BACKUP_FAILURE
    return auto_backup_on_close(ws) if due else None


__all__ = [
    "GENERIC_BACKUP_FAILURE",
    "auto_backup_on_close",
    "backup_now",
    "daily_backup_if_due",
    "free_moment",
]
