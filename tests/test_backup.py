"""Backups are self-contained, encrypted, checked, and restore without overwriting."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from app.errors import InvalidInput, WrongPassword
from app.services import accounts, cases, queries
from app.services.backup import BackupInvalid, make_backup, restore_backup
from app.services.workspace import Workspace, unlock
from tests.conftest import DSL, PASSWORD


def _references(ws: Workspace) -> list[str]:
    return [c.reference for c in queries.list_cases(ws)]


def test_round_trip_to_another_machine_with_a_password(ws: Workspace, tmp_path: Path) -> None:
    case = cases.create_case(ws)
    cases.save_draft_page(ws, case.id, "incident", {"summary": "as typed"})
    backup = tmp_path / "usb" / "casebook-2026-11-24.casebook"
    make_backup(ws, backup)
    elsewhere = tmp_path / "other-laptop" / "casebook.db"
    assert restore_backup(backup, elsewhere, username=DSL, password=PASSWORD) is None
    restored = unlock(elsewhere, DSL, PASSWORD)
    try:
        assert _references(restored) == [case.reference]
        assert cases.draft_pages(restored, case.id) == {"incident": {"summary": "as typed"}}
    finally:
        restored.close()


def test_restore_with_the_recovery_key_or_a_deputy_password(
    created: tuple[Workspace, str], tmp_path: Path
) -> None:
    ws, recovery = created
    accounts.add_account(ws, "deputy", "Dee Puty", "a long secret phrase")
    reference = cases.create_case(ws).reference
    backup = tmp_path / "b.casebook"
    make_backup(ws, backup)
    first = tmp_path / "one" / "casebook.db"
    restore_backup(backup, first, recovery_key=recovery)
    second = tmp_path / "two" / "casebook.db"
    restore_backup(backup, second, username="deputy", password="a long secret phrase")
    for path in (first, second):
        w = unlock(path, DSL, PASSWORD)
        assert _references(w) == [reference]
        w.close()


def test_restore_keeps_the_current_database_aside(
    ws: Workspace, db_path: Path, tmp_path: Path
) -> None:
    old_ref = cases.create_case(ws).reference
    backup = tmp_path / "b.casebook"
    make_backup(ws, backup)
    new_ref = cases.create_case(ws).reference
    ws.close()
    current = db_path.read_bytes()
    aside = restore_backup(backup, db_path, username=DSL, password=PASSWORD)
    assert aside is not None and aside.read_bytes() == current
    assert aside.with_name(aside.name + ".keys").exists()
    w = unlock(db_path, DSL, PASSWORD)
    assert _references(w) == [old_ref]
    w.close()
    kept = unlock(aside, DSL, PASSWORD)
    assert _references(kept) == [old_ref, new_ref]
    kept.close()


def test_a_wrong_password_or_damaged_backup_restores_nothing(
    ws: Workspace, db_path: Path, tmp_path: Path
) -> None:
    cases.create_case(ws)
    backup = tmp_path / "b.casebook"
    make_backup(ws, backup)
    ws.close()
    before = db_path.read_bytes()
    with pytest.raises(WrongPassword):
        restore_backup(backup, db_path, username=DSL, password="not it at all")
    data = bytearray(backup.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged = tmp_path / "damaged.casebook"
    damaged.write_bytes(bytes(data))
    with pytest.raises(BackupInvalid, match="nothing was restored"):
        restore_backup(damaged, db_path, username=DSL, password=PASSWORD)
    not_zip = tmp_path / "notes.txt"
    not_zip.write_text("hello")
    with pytest.raises(BackupInvalid):
        restore_backup(not_zip, db_path, username=DSL, password=PASSWORD)
    assert db_path.read_bytes() == before
    assert not list(db_path.parent.glob("*.replaced-*"))


def test_backup_holds_database_and_keys_and_never_overwrites(ws: Workspace, tmp_path: Path) -> None:
    backup = tmp_path / "b.casebook"
    make_backup(ws, backup)
    with zipfile.ZipFile(backup) as zf:
        assert sorted(zf.namelist()) == ["casebook.db", "casebook.db.keys", "manifest.json"]
    with pytest.raises(InvalidInput, match="already exists"):
        make_backup(ws, backup)
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["b.casebook"]
