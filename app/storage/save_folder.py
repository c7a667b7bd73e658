"""Where a saved PDF goes: a known local folder, and a warning for synced ones.

Without a starting folder, a file dialog given a bare file name resolves it
against the current folder, which for a Start-menu shortcut may be
`C:\\Program Files\\Casebook` (not writable by a standard user). And a file
saved under OneDrive leaves the laptop as soon as it syncs, unencrypted. No Qt.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import platformdirs

# Set by the OneDrive client for each signed-in account (personal and work/school).
ONEDRIVE_VARIABLES = ("OneDrive", "OneDriveCommercial", "OneDriveConsumer")


def default_folder() -> Path:
    """The user's Documents folder if it exists, else their home folder."""
    documents = Path(platformdirs.user_documents_dir())
    return documents if documents.is_dir() else Path.home()


def suggested_path(file_name: str, last_folder: str = "") -> Path:
    """An absolute path for the save dialog: the last folder used, or Documents."""
    folder = Path(last_folder) if last_folder and Path(last_folder).is_dir() else default_folder()
    return folder / file_name


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except (ValueError, OSError):
        # Windows paths are case-insensitive; compare them as Windows would.
        p, f = os.path.normcase(str(path)), os.path.normcase(str(folder))
        return p == f or p.startswith(f.rstrip("\\/") + os.sep)
    return True


def synced_folder(path: Path, environ: Mapping[str, str] | None = None) -> Path | None:
    """The OneDrive folder that `path` is inside, or None."""
    env = os.environ if environ is None else environ
    for variable in ONEDRIVE_VARIABLES:
        root = env.get(variable, "").strip()
        if root and _inside(path, Path(root)):
            return Path(root)
    return None


def synced_warning(path: Path, environ: Mapping[str, str] | None = None) -> str | None:
    """A sentence for the DSL when the chosen folder is synced to the cloud."""
    root = synced_folder(path, environ)
    if root is None:
        return None
    return (
        f"{path.parent} is inside OneDrive ({root}): the PDF would be copied to the cloud, "
        "unencrypted, as soon as it syncs. Choose a folder outside OneDrive, or an "
        "encrypted USB stick."
    )
