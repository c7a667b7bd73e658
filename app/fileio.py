"""Owner-only, crash-safe file writing."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

OWNER_ONLY_FILE = 0o600
OWNER_ONLY_DIR = 0o700


def ensure_private_dir(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True, mode=OWNER_ONLY_DIR)


def make_owner_only(path: Path) -> None:
    # On Windows chmod only toggles read-only; the per-user data folder's ACL
    # already keeps other accounts out.
    with contextlib.suppress(FileNotFoundError):
        os.chmod(path, OWNER_ONLY_FILE)


def _fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so a crash leaves either the old or the new file."""
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, OWNER_ONLY_FILE)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    make_owner_only(path)
    _fsync_dir(path.parent)
