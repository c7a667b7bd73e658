"""Every file location the app uses, in one place (tests point them at tmp_path)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from app import APP_NAME

DB_ENV = "CASEBOOK_DB"


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False))


def default_db_path() -> Path:
    """`CASEBOOK_DB` if set, otherwise the per-user data folder."""
    override = os.environ.get(DB_ENV)
    if override:
        return Path(override).expanduser()
    return data_dir() / "casebook.db"


def keyslots_path(db_path: Path) -> Path:
    """The key slots sit beside the database, sharing its name, so a copy of the
    folder or an app backup cannot take one without the other."""
    return db_path.with_name(db_path.name + ".keys")


def premigration_copy_path(db_path: Path, revision: str) -> Path:
    return db_path.with_name(f"{db_path.name}.before-{revision}")
