"""Files Casebook writes stay byte-exact, and renames survive antivirus, as on Windows."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.storage import fileio
from tests.helpers.windows import SharingViolations, TextModeFiles

# Every byte value, newlines among them: what a PDF, a zip or a database holds.
ALL_BYTES = bytes(range(256)) * 4


def test_atomic_write_opens_binary_so_windows_keeps_every_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = TextModeFiles(monkeypatch)
    target = tmp_path / "record.pdf"
    fileio.atomic_write(target, ALL_BYTES)
    assert files.text_mode == []
    assert target.read_bytes() == ALL_BYTES


def test_the_simulation_catches_a_file_opened_without_o_binary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    files = TextModeFiles(monkeypatch)
    path = tmp_path / "plain"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(b"a\nb")
    assert files.text_mode == [path]
    assert path.read_bytes() == b"a\r\nb"


def test_a_rename_held_up_twice_by_another_program_still_happens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    held = SharingViolations(monkeypatch, failures=2)
    target = tmp_path / "casebook.db.keys"
    target.write_bytes(b"old")
    fileio.atomic_write(target, b"new")
    assert target.read_bytes() == b"new"
    assert held.attempts == 3
    assert not list(tmp_path.glob(".*.tmp"))


def test_a_rename_held_up_for_good_falls_back_to_a_checked_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Issue 13 point 7: a folder that refuses the rename for good (OneDrive, a
    # share) gets the new bytes written in place and checked, not an error.
    monkeypatch.setattr(fileio, "RENAME_PATIENCE_S", 0.2)
    SharingViolations(monkeypatch, failures=-1)
    target = tmp_path / "casebook.db.keys"
    target.write_bytes(b"old")
    fileio.atomic_write(target, b"new")
    assert target.read_bytes() == b"new"
    assert not list(tmp_path.glob(".*"))  # neither the temporary file nor the kept copy


def test_elsewhere_a_refused_rename_is_reported_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    held = SharingViolations(monkeypatch, failures=-1)
    monkeypatch.setattr(fileio, "RETRY_SHARING_VIOLATIONS", False)
    with pytest.raises(PermissionError):
        fileio.atomic_write(tmp_path / "x", b"new")
    assert held.attempts == 1
