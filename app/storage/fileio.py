"""Owner-only, crash-safe file writing that behaves the same on Windows.

Two Windows habits are handled here, once, for every file Casebook writes:
- `os.open` without `O_BINARY` opens a file in *text mode* there, turning each
  `\\n` byte into `\\r\\n`: a backup, a database or a PDF would be corrupted.
  Every writer opens through `open_for_writing`, which always adds it.
- Antivirus and the search indexer briefly hold a just-closed file open, and a
  rename then fails with `PermissionError` (WinError 5 or 32). `replace`
  retries for about two seconds before giving up.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

OWNER_ONLY_FILE = 0o600
OWNER_ONLY_DIR = 0o700

# How long a rename keeps trying while another program holds the file. Only
# Windows has sharing violations; elsewhere PermissionError is a real refusal and
# is reported at once. (Tests switch the retry on to reproduce Windows.)
RETRY_SHARING_VIOLATIONS = os.name == "nt"
RENAME_PATIENCE_S = 2.0
_RENAME_PAUSE_S = 0.05

T = TypeVar("T")


def binary_flag() -> int:
    """`os.O_BINARY` where the platform has it (Windows), else 0; read at each call."""
    return int(getattr(os, "O_BINARY", 0))


def open_for_writing(path: Path, *, exclusive: bool = False, mode: int = OWNER_ONLY_FILE) -> int:
    """A file descriptor for writing raw bytes: owner-only, binary, truncated (or new)."""
    flags = os.O_WRONLY | os.O_CREAT | binary_flag()
    flags |= os.O_EXCL if exclusive else os.O_TRUNC
    return os.open(path, flags, mode)


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


def _patiently(rename: Callable[[], T]) -> T:
    deadline = time.monotonic() + RENAME_PATIENCE_S
    while True:
        try:
            return rename()
        except PermissionError:
            if not RETRY_SHARING_VIOLATIONS or time.monotonic() >= deadline:
                raise
            time.sleep(_RENAME_PAUSE_S)


def replace(src: Path, dst: Path) -> None:
    """`os.replace`, retried briefly while another program holds either file."""
    _patiently(lambda: os.replace(src, dst))


def atomic_write(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so a crash leaves either the old or the new file."""
    tmp = path.with_name(f".{path.name}.tmp")
    fd = open_for_writing(tmp)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    make_owner_only(path)
    _fsync_dir(path.parent)
