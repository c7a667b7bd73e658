"""Owner-only, crash-safe file writing that behaves the same on Windows.

Two Windows habits are handled here, once, for every file Casebook writes:
- `os.open` without `O_BINARY` opens a file in *text mode* there, turning each
  `\\n` byte into `\\r\\n`: a backup, a database or a PDF would be corrupted.
  Every writer opens through `open_for_writing`, which always adds it.
- Antivirus and the search indexer briefly hold a just-closed file open, and a
  rename then fails with `PermissionError` (WinError 5 or 32). `replace`
  retries for about two seconds before giving up.

Synced and network folders (OneDrive, an SMB share) may refuse a rename for
good while their own process holds the file, though they let it be written
(Qt's QTBUG-57299; KeePassXC saves there by writing the file directly). When
the rename that puts a new file in place is refused, `put_in_place` falls back
to a checked copy: it keeps a copy of the old file, writes the new bytes over
it, `fsync`s, reads them back and compares their SHA-256, and only then removes
the temporary file and the kept copy. If the check fails the old bytes go back
and the error names the file that still holds the new version.
"""

from __future__ import annotations

import contextlib
import errno
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from app.errors import CasebookError

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


def fsync_dir(path: Path) -> None:
    """Make the renames in folder `path` durable (POSIX; Windows has no such call)."""
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


# Errors with which a folder refuses a rename it would let us write through:
# busy files on network and FUSE mounts, and file systems with no rename.
_RENAME_REFUSED = frozenset(
    {errno.EBUSY, errno.ETXTBSY, errno.EXDEV, errno.ENOTSUP, errno.EOPNOTSUPP}
)
_CHUNK = 1024 * 1024


class NotPutInPlace(CasebookError, OSError):
    """The rename was refused and the checked copy failed too; says where the new file is."""

    def __init__(self, target: Path, kept: Path, old_kept: Path | None = None) -> None:
        self.target = target
        self.kept = kept
        old = (
            f"{target.name} is as it was"
            if old_kept is None
            else f"the old {target.name} is kept at {old_kept}"
        )
        super().__init__(
            f"{target} could not be replaced: the folder refused to rename it (a synced or "
            f"network folder, perhaps) and a direct copy did not read back the same, so {old} "
            f"and the new version is kept at {kept}. Ask IT to check the folder, then try again."
        )

    def __str__(self) -> str:  # the message above, not OSError's "[Errno ...]" form
        return str(self.args[0])


def _rename_refused(error: OSError) -> bool:
    if isinstance(error, PermissionError):
        # On Windows (and in the tests that reproduce it) a held file; elsewhere a
        # real refusal, which writing into the folder would not get round either.
        return RETRY_SHARING_VIOLATIONS
    return error.errno in _RENAME_REFUSED


def _sha256_of(path: Path) -> str:
    import hashlib  # only for the rare checked copy: OpenSSL's start-up stays off the first window

    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _write_checked(src: Path, dst: Path, expected: str) -> bool:
    """Copy `src` over `dst` in place, fsync, read it back: True if it matches `expected`."""
    fd = os.open(dst, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | binary_flag(), OWNER_ONLY_FILE)
    with os.fdopen(fd, "wb") as out, src.open("rb") as f:
        while chunk := f.read(_CHUNK):
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
    return _sha256_of(dst) == expected


def copy_checked(src: Path, dst: Path) -> None:
    """Copy `src` over `dst` in place, fsynced and read back; OSError if it differs."""
    if not _write_checked(src, dst, _sha256_of(src)):
        raise OSError(errno.EIO, "the copy did not read back the same", str(dst))


def same_content(a: Path, b: Path) -> bool:
    return a.stat().st_size == b.stat().st_size and _sha256_of(a) == _sha256_of(b)


def kept_before_copy(dst: Path) -> Path:
    """Where the old `dst` is kept while a checked copy writes over it."""
    return dst.with_name(f".{dst.name}.before-copy")


def _copy_then_swap(src: Path, dst: Path, refused: OSError) -> None:
    """The fallback when renaming `src` over `dst` is refused: a checked copy."""
    expected = _sha256_of(src)
    old = kept_before_copy(dst)
    had_old = dst.exists()
    try:
        if had_old and not _write_checked(dst, old, _sha256_of(dst)):
            raise OSError(errno.EIO, "the kept copy did not read back the same")
    except OSError:
        with contextlib.suppress(OSError):
            old.unlink()
        raise refused from None  # nothing was changed: report the rename as refused
    try:
        placed = _write_checked(src, dst, expected)
    except OSError:
        placed = False
    if not placed:
        try:
            if had_old:
                if not _write_checked(old, dst, _sha256_of(old)):
                    raise OSError(errno.EIO, "the old file did not read back the same")
                old.unlink()
            else:
                with contextlib.suppress(FileNotFoundError):
                    dst.unlink()
        except OSError:
            raise NotPutInPlace(dst, src, old) from refused
        raise NotPutInPlace(dst, src) from refused
    src.unlink()
    with contextlib.suppress(FileNotFoundError):
        old.unlink()


def put_in_place(src: Path, dst: Path) -> None:
    """Give the finished file `src` the name `dst`: a rename, or a checked copy
    where the folder refuses renames (see the module's docstring)."""
    try:
        replace(src, dst)
    except OSError as error:
        if not _rename_refused(error):
            raise
        _copy_then_swap(src, dst, error)
    make_owner_only(dst)
    fsync_dir(dst.parent)


def atomic_write(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so a crash leaves either the old or the new file."""
    tmp = path.with_name(f".{path.name}.tmp")
    fd = open_for_writing(tmp)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        put_in_place(tmp, path)
    except NotPutInPlace:
        raise  # the temporary file is the one that holds the new version: kept
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
