"""Saving where a rename is refused: synced folders (OneDrive) and network shares.

Such folders may refuse `os.replace` for good while their own process holds a
file, yet let it be written. Casebook then writes the new bytes in place,
checks them by reading back, and only then drops the temporary file; if the
check fails the old bytes go back and the message says where the new ones are.
"""

from __future__ import annotations

import errno
import hashlib
import io
import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest

from app.security.keyslots import load_keyslots
from app.services import accounts
from app.services.backup import make_backup, read_backup
from app.services.workspace import Workspace, unlock
from app.storage import fileio
from app.storage.paths import keyslots_path
from tests.conftest import DSL, PASSWORD


def _refuse_renames(monkeypatch: pytest.MonkeyPatch, err: int = errno.EBUSY) -> list[str]:
    """Every os.replace fails as a share fails it while its own process holds the file."""
    refused: list[str] = []

    def replace(src: Any, dst: Any, **_: Any) -> None:
        refused.append(os.fsdecode(dst))
        raise OSError(err, os.strerror(err), os.fsdecode(src))

    monkeypatch.setattr(os, "replace", replace)
    return refused


def _digests(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def test_a_refused_rename_puts_the_file_in_place_by_a_checked_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "record.pdf"
    target.write_bytes(b"old")
    refused = _refuse_renames(monkeypatch)
    data = bytes(range(256)) * 5000  # more than one chunk
    fileio.atomic_write(target, data)
    assert refused == [str(target)]
    assert target.read_bytes() == data
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["record.pdf"]  # nothing else left


def test_a_new_file_in_a_folder_that_refuses_renames_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _refuse_renames(monkeypatch, errno.EXDEV)
    target = tmp_path / "new.pdf"
    fileio.atomic_write(target, b"fresh")
    assert target.read_bytes() == b"fresh"
    assert [p.name for p in tmp_path.iterdir()] == ["new.pdf"]


class _LossyShare:
    """The next `times` writes to `target` lose their second half, as a failing share might."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, target: Path, times: int) -> None:
        real_open, real_fdopen = os.open, os.fdopen
        self._fds: set[int] = set()
        self.remaining = times

        def fake_open(path: Any, flags: int, mode: int = 0o777, **kw: Any) -> int:
            fd = real_open(path, flags, mode, **kw)
            if self.remaining and Path(os.fsdecode(path)) == target and flags & os.O_WRONLY:
                self.remaining -= 1
                self._fds.add(fd)
            else:
                self._fds.discard(fd)
            return fd

        def fake_fdopen(fd: int, *args: Any, **kw: Any) -> Any:
            handle = real_fdopen(fd, *args, **kw)
            if fd in self._fds:
                return _Halving(handle)
            return handle

        monkeypatch.setattr(os, "open", fake_open)
        monkeypatch.setattr(os, "fdopen", fake_fdopen)


class _Halving(io.RawIOBase):
    def __init__(self, raw: Any) -> None:
        self._raw = raw

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self._raw.write(chunk[: max(1, len(chunk) // 2)])
        return len(chunk)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._raw, name)

    def __enter__(self) -> _Halving:
        return self

    def __exit__(self, *exc: object) -> None:
        self._raw.close()


def test_a_copy_that_does_not_read_back_keeps_the_old_file_and_says_where_the_new_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "casebook.db.keys"
    target.write_bytes(b"the old key file")
    _refuse_renames(monkeypatch)
    _LossyShare(monkeypatch, target, times=1)
    with pytest.raises(fileio.NotPutInPlace) as failure:
        fileio.atomic_write(target, b"the new key file")
    kept = tmp_path / ".casebook.db.keys.tmp"
    message = str(failure.value)
    assert f"the new version is kept at {kept}" in message
    assert "so casebook.db.keys is as it was and" in message and "Errno" not in message
    assert kept.read_bytes() == b"the new key file"
    assert target.read_bytes() == b"the old key file"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".casebook.db.keys.tmp", target.name]


def test_a_share_that_loses_every_write_keeps_both_versions_and_names_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "casebook.db.keys"
    target.write_bytes(b"the old key file")
    _refuse_renames(monkeypatch)
    _LossyShare(monkeypatch, target, times=-1)
    with pytest.raises(fileio.NotPutInPlace) as failure:
        fileio.atomic_write(target, b"the new key file")
    old = tmp_path / ".casebook.db.keys.before-copy"
    new = tmp_path / ".casebook.db.keys.tmp"
    message = str(failure.value)
    assert f"the old casebook.db.keys is kept at {old}" in message
    assert f"the new version is kept at {new}" in message
    assert old.read_bytes() == b"the old key file" and new.read_bytes() == b"the new key file"


def test_a_full_disk_is_not_taken_for_a_refused_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "record.pdf"
    target.write_bytes(b"old")
    _refuse_renames(monkeypatch, errno.ENOSPC)
    with pytest.raises(OSError) as failure:
        fileio.atomic_write(target, b"new")
    assert failure.value.errno == errno.ENOSPC
    assert _digests(tmp_path) == {"record.pdf": hashlib.sha256(b"old").hexdigest()}


def test_a_folder_that_refuses_even_the_kept_copy_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "share"
    folder.mkdir()
    target = folder / "casebook.db.keys"
    target.write_bytes(b"old")
    refused = _refuse_renames(monkeypatch)
    real_open = os.open

    def no_new_files(path: Any, flags: int, mode: int = 0o777, **kw: Any) -> int:
        if flags & os.O_CREAT and Path(os.fsdecode(path)).name.endswith(".before-copy"):
            raise PermissionError(errno.EACCES, "refused", os.fsdecode(path))
        return real_open(path, flags, mode, **kw)

    monkeypatch.setattr(os, "open", no_new_files)
    with pytest.raises(OSError) as failure:
        fileio.atomic_write(target, b"new")
    assert failure.value.errno == errno.EBUSY and refused
    assert _digests(folder) == {"casebook.db.keys": hashlib.sha256(b"old").hexdigest()}


def test_account_changes_and_backups_work_in_a_synced_folder(
    ws: Workspace, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    refused = _refuse_renames(monkeypatch)
    accounts.add_account(ws, "deputy", "Dee Puty", "saffron glacier pylon")
    assert str(keyslots_path(db_path)) in refused
    assert "deputy" in load_keyslots(keyslots_path(db_path)).usernames()
    out = tmp_path / "onedrive" / "backup.casebook"
    make_backup(ws, out)
    assert read_backup(out).keys.usernames() == ["deputy", "dsl"]
    assert sorted(p.name for p in out.parent.iterdir()) == ["backup.casebook"]
    ws.close()
    monkeypatch.undo()
    assert not [p.name for p in db_path.parent.iterdir() if p.name.startswith(".")]
    unlock(db_path, "deputy", "saffron glacier pylon").close()
    unlock(db_path, DSL, PASSWORD).close()


class Killed(BaseException):
    """The process ends here (nothing in Casebook catches a BaseException)."""


def test_a_key_file_cut_off_while_copied_in_place_is_whole_at_the_next_open(
    ws: Workspace, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A synced folder, and the process dies half-way through writing the key file."""
    keys = keyslots_path(db_path)
    _refuse_renames(monkeypatch)
    real_write = fileio._write_checked

    def dies_half_way(src: Path, dst: Path, expected: str) -> bool:
        if dst == keys and src.name.endswith(".pending"):
            dst.write_bytes(src.read_bytes()[: src.stat().st_size // 2])
            raise Killed()
        return real_write(src, dst, expected)

    monkeypatch.setattr(fileio, "_write_checked", dies_half_way)
    with pytest.raises(Killed):  # after the commit, while the key file takes the new bytes
        accounts.add_account(ws, "deputy", "Dee Puty", "saffron glacier pylon")
    monkeypatch.undo()
    ws.engine.dispose()
    ws._lock.release()
    assert fileio.kept_before_copy(keys).exists()
    with pytest.raises(ValueError):
        json.loads(keys.read_bytes())  # cut off
    assert _signs_in_as(db_path, "deputy", "saffron glacier pylon")  # the change took effect
    assert _signs_in_as(db_path, DSL, PASSWORD)
    assert not [p.name for p in db_path.parent.iterdir() if p.name.startswith(".")]


def _signs_in_as(db: Path, name: str, password: str) -> bool:
    from app.errors import WrongPassword

    try:
        unlock(db, name, password).close()
    except WrongPassword:
        return False
    return True
