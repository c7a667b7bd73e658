"""Every file location the app uses, in one place (tests point them at tmp_path)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from app import APP_NAME
from app.storage import data_location
from app.storage.data_location import DB_ENV

__all__ = [
    "DB_ENV",
    "data_dir",
    "database_exists",
    "default_db_path",
    "keyslots_path",
    "premigration_copy_path",
    "runtime_dir",
    "throttle_path",
]


def data_dir() -> Path:
    """This account's own folder (crash logs stay here even when records are shared)."""
    return data_location.per_user_folder()


def runtime_dir() -> Path:
    """This account's own folder for lock files and sockets, that no other account
    can reach: `$XDG_RUNTIME_DIR/Casebook` on Linux, when it is this user's and
    private as the XDG rules require (else `run` in the data folder); the
    per-user runtime folder elsewhere (on Windows, in the local app data)."""
    if sys.platform == "win32" or sys.platform == "darwin":
        import platformdirs

        return Path(platformdirs.user_runtime_dir(APP_NAME, appauthor=False))
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    if runtime and _private_to_this_user(Path(runtime)):
        return Path(runtime) / APP_NAME
    return data_dir() / "run"


def _private_to_this_user(folder: Path) -> bool:
    try:
        found = folder.lstat()
    except OSError:
        return False
    import stat

    return (
        stat.S_ISDIR(found.st_mode)
        and found.st_uid == os.getuid()
        and not found.st_mode & (stat.S_IRWXG | stat.S_IRWXO)
    )


def default_db_path() -> Path:
    """`CASEBOOK_DB` if set, else the machine-wide folder IT chose, else this account's."""
    return data_location.current().db_path


def keyslots_path(db_path: Path) -> Path:
    """The key slots sit beside the database, sharing its name, so a copy of the
    folder or an app backup cannot take one without the other."""
    return db_path.with_name(db_path.name + ".keys")


def database_exists(db_path: Path) -> bool:
    """A database is there if either of its two files is (a lone key file means a lost one),
    or a restore into its place was cut short (the next open puts it back)."""
    from app.storage.restore_journal import journal_path

    return db_path.exists() or keyslots_path(db_path).exists() or journal_path(db_path).exists()


def premigration_copy_path(db_path: Path, revision: str) -> Path:
    return db_path.with_name(f"{db_path.name}.before-{revision}")


def throttle_path(db_path: Path) -> Path:
    """The count of wrong passwords, beside the key file (app.security.throttle)."""
    return db_path.with_name(db_path.name + ".throttle")
