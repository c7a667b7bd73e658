"""Backups and restores as a Windows laptop runs them: binary files, and renames
that antivirus holds up for a moment, or for good."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.services import backup, cases, queries
from app.services.backup import RestoreNotPutInPlace, make_backup, restore_backup
from app.services.workspace import Workspace, unlock
from app.storage import fileio, store
from app.storage.paths import keyslots_path
from tests.conftest import DSL, PASSWORD
from tests.helpers.windows import SharingViolations, TextModeFiles


def _references(db_path: Path) -> list[str]:
    ws = unlock(db_path, DSL, PASSWORD)
    try:
        return [c.reference for c in queries.list_cases(ws)]
    finally:
        ws.close()


def _cases(ws: Workspace, count: int) -> list[str]:
    # Enough rows that the copy holds many \n bytes for text mode to turn into \r\n.
    return [cases.create_case(ws).reference for _ in range(count)]


def test_a_backup_written_as_windows_writes_files_restores(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    refs = _cases(ws, 3)
    files = TextModeFiles(monkeypatch)
    out = tmp_path / "usb" / "b.casebook"
    make_backup(ws, out)
    assert b"\n" in out.read_bytes()  # had any \n become \r\n, the check would refuse it
    elsewhere = tmp_path / "other-laptop" / "casebook.db"
    restore_backup(out, elsewhere, username=DSL, password=PASSWORD)
    # Only the lock file (never written through) is opened without O_BINARY.
    assert [p.name for p in files.text_mode if not p.name.endswith(".lock")] == []
    assert _references(elsewhere) == refs


def test_renames_held_up_twice_still_back_up_and_restore(
    ws: Workspace, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = _cases(ws, 1)
    out = tmp_path / "usb" / "b.casebook"
    held = SharingViolations(monkeypatch, 2)
    make_backup(ws, out)
    # Two held, the third went through; then the seal log beside the database, at once.
    assert held.attempts == 4 and out.exists()
    assert not list(out.parent.glob(".*"))  # no partial file left behind
    _cases(ws, 1)
    ws.close()
    before = db_path.read_bytes()
    held = SharingViolations(monkeypatch, 2)
    aside = restore_backup(out, db_path, username=DSL, password=PASSWORD)
    assert held.attempts > 2
    assert aside is not None and aside.read_bytes() == before
    assert _references(db_path) == old


def _rename_fails_for_good_after_moving_aside(monkeypatch: pytest.MonkeyPatch) -> None:
    """Antivirus takes hold of the folder just as the restored copy is to take its name."""
    monkeypatch.setattr(fileio, "RENAME_PATIENCE_S", 0.2)
    real = store.move_aside

    def then_held(path: Path, suffix: str) -> Path | None:
        aside = real(path, suffix)
        SharingViolations(monkeypatch, -1)
        return aside

    monkeypatch.setattr(store, "move_aside", then_held)


def test_a_restore_whose_last_rename_fails_puts_the_database_back(
    ws: Workspace, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    backed_up = _cases(ws, 1)
    out = tmp_path / "usb" / "b.casebook"
    make_backup(ws, out)
    refs = backed_up + _cases(ws, 1)  # the newest is only in the database itself
    ws.close()
    before, keys = db_path.read_bytes(), keyslots_path(db_path).read_bytes()
    _rename_fails_for_good_after_moving_aside(monkeypatch)
    with pytest.raises(RestoreNotPutInPlace) as failure:
        restore_backup(out, db_path, username=DSL, password=PASSWORD)
    message = str(failure.value)
    assert "Nothing was restored" in message and "back in place, as it was" in message
    assert db_path.read_bytes() == before and keyslots_path(db_path).read_bytes() == keys
    assert not list(db_path.parent.glob(".*restoring*"))
    monkeypatch.undo()
    assert _references(db_path) == refs  # the old password opens the old records


def test_a_restore_that_cannot_move_the_database_aside_changes_nothing(
    ws: Workspace, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    refs = _cases(ws, 1)
    out = tmp_path / "usb" / "b.casebook"
    make_backup(ws, out)
    ws.close()
    before, keys = db_path.read_bytes(), keyslots_path(db_path).read_bytes()
    monkeypatch.setattr(fileio, "RENAME_PATIENCE_S", 0.2)
    real_replace = fileio.replace

    def key_file_moves_then_the_database_is_held(src: Path, dst: Path) -> None:
        real_replace(src, dst)
        monkeypatch.setattr(fileio, "replace", real_replace)
        SharingViolations(monkeypatch, -1)

    monkeypatch.setattr(fileio, "replace", key_file_moves_then_the_database_is_held)
    with pytest.raises(RestoreNotPutInPlace, match="Nothing was restored"):
        restore_backup(out, db_path, username=DSL, password=PASSWORD)
    monkeypatch.undo()
    assert db_path.read_bytes() == before and keyslots_path(db_path).read_bytes() == keys
    # The key file, moved first, was put back by copying (its renamed self was still
    # held), so a spare copy of it may stay aside: never a file that is not also in place.
    for spare in db_path.parent.glob("casebook.db.replaced-*"):
        assert spare.name.endswith(".keys") and spare.read_bytes() == keys
    assert _references(db_path) == refs


def test_a_second_restore_in_the_same_second_keeps_both_databases_aside(
    ws: Workspace, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "usb" / "b.casebook"
    make_backup(ws, out)
    ws.close()
    first = store.move_aside(db_path, "replaced-20261124-093000")
    restore_backup(out, db_path, username=DSL, password=PASSWORD)
    monkeypatch.setattr(backup, "datetime", _Frozen)
    second = restore_backup(out, db_path, username=DSL, password=PASSWORD)
    assert first is not None and second is not None and first != second
    assert first.exists() and second.exists()
    assert keyslots_path(first).exists() and keyslots_path(second).exists()


class _Frozen:
    """`datetime` as backup.py uses it, stopped at the moment of the first restore."""

    @staticmethod
    def now() -> _Stamp:
        return _Stamp()


class _Stamp:
    def strftime(self, _format: str) -> str:
        return "20261124-093000"
