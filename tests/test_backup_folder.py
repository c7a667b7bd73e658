"""The backup stick is recognised by its marker, whatever drive letter it has now."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import backup_folder
from app.backup_folder import NotTheBackupFolder


def test_the_marked_folder_passes_the_check(tmp_path: Path) -> None:
    stick = tmp_path / "E" / "Casebook backups"
    stick.mkdir(parents=True)
    ident = backup_folder.mark(stick)
    backup_folder.check(stick, ident)
    assert backup_folder.mark(stick) == ident  # choosing it again keeps the same id


def test_another_stick_under_the_same_letter_is_refused(tmp_path: Path) -> None:
    ours = tmp_path / "ours"
    ours.mkdir()
    ident = backup_folder.mark(ours)
    # Windows gave "E:" to a different stick, which happens to have the same folder.
    other = tmp_path / "other"
    other.mkdir()
    with pytest.raises(NotTheBackupFolder, match="drive letter may now belong"):
        backup_folder.check(other, ident)
    backup_folder.mark(other)  # even another Casebook's backup folder
    with pytest.raises(NotTheBackupFolder):
        backup_folder.check(other, ident)
    assert list(other.iterdir()) == [other / backup_folder.MARKER_NAME]


def test_an_unplugged_stick_is_named_and_nothing_is_created(tmp_path: Path) -> None:
    gone = tmp_path / "E" / "Casebook backups"
    with pytest.raises(NotTheBackupFolder, match="is not there"):
        backup_folder.check(gone, "abc")
    assert not gone.exists()
    assert not (tmp_path / "E").exists()


def test_a_damaged_marker_is_not_ours(tmp_path: Path) -> None:
    (tmp_path / backup_folder.MARKER_NAME).write_text("{not json", encoding="utf-8")
    assert backup_folder.read_marker(tmp_path) == ""
    with pytest.raises(NotTheBackupFolder):
        backup_folder.check(tmp_path, "abc")


def test_a_folder_saved_before_markers_is_accepted_once(tmp_path: Path) -> None:
    backup_folder.check(tmp_path, "")
