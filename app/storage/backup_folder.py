"""Knowing the backup stick again when Windows gives it another drive letter.

The backup folder is saved as a path such as `E:\\Casebook backups`. Plug the
stick into another port, or plug in a second stick first, and `E:` may be a
different drive: writing there would put the records on the wrong device,
perhaps one that leaves the school. So Casebook writes a small marker file into
the folder it was given, and before each backup checks that the folder still
holds that marker. It also tells whether a folder is on the same disk as the
database, where a backup is lost with the laptop. No Qt.
"""

from __future__ import annotations

import json
import ntpath
import secrets
import sys
from datetime import UTC, datetime
from pathlib import Path

from app.errors import CasebookError
from app.storage.fileio import atomic_write

MARKER_NAME = "casebook-backups.json"
FORMAT = "casebook-backup-folder"


class NotTheBackupFolder(CasebookError):
    """The saved backup folder is missing, or is now on a different drive."""


def mark(folder: Path) -> str:
    """Write the marker into `folder` (which must exist); returns its identifier.

    A folder already marked keeps its identifier, so choosing it again, or from
    a second Casebook, does not disown the first.
    """
    existing = read_marker(folder)
    if existing:
        return existing
    ident = secrets.token_hex(16)
    marker = {
        "format": FORMAT,
        "id": ident,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "note": "Casebook keeps its encrypted backups in this folder. Do not delete this file.",
    }
    atomic_write(folder / MARKER_NAME, (json.dumps(marker, indent=2) + "\n").encode("utf-8"))
    return ident


def read_marker(folder: Path) -> str:
    """The folder's identifier, or "" when it has no readable marker."""
    try:
        data = json.loads((folder / MARKER_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return ""
    ident = data.get("id")
    return ident if isinstance(ident, str) else ""


def check(folder: Path, expected: str) -> None:
    """Refuse, with a sentence the DSL can act on, unless `folder` is the one marked `expected`.

    An empty `expected` (a folder saved before markers existed) is accepted and
    should be marked by the caller after a successful backup.
    """
    if not folder.is_dir():
        raise NotTheBackupFolder(
            f"The backup folder {folder} is not there. Plug in the USB stick (or connect "
            "the share) it is on and try again; nothing was written anywhere else."
        )
    if not expected:
        return
    found = read_marker(folder)
    if found != expected:
        raise NotTheBackupFolder(
            f"{folder} is not the backup folder Casebook was given: the drive letter may "
            "now belong to another USB stick or disk. Plug in the backup stick, or choose "
            "the folder again in School > Backups. Nothing was written."
        )


def _nearest_existing(path: Path) -> Path:
    """`path`, or the nearest folder above it that exists (what a new folder would be on)."""
    path = path.absolute()
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def same_disk(folder: Path, db_path: Path, *, windows: bool | None = None) -> bool:
    """Whether a backup in `folder` would be on the disk that holds the database.

    On Windows, by drive (`C:` or a share's `\\\\server\\share`); elsewhere by the
    device number of the folder (or of the nearest folder above it that exists) and
    of the database's folder. False when either cannot be looked at.
    """
    on_windows = sys.platform == "win32" if windows is None else windows
    if on_windows:
        here = ntpath.splitdrive(str(folder))[0]
        there = ntpath.splitdrive(str(db_path))[0]
        return bool(here) and here.casefold() == there.casefold()
    try:
        return (
            _nearest_existing(folder).stat().st_dev
            == _nearest_existing(db_path.parent).stat().st_dev
        )
    except OSError:
        return False
