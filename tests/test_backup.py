"""Backups are self-contained, encrypted, checked, and restore without overwriting."""

from __future__ import annotations

import hashlib
import json
import tracemalloc
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from app.errors import InvalidInput, WrongPassword
from app.security.keyslots import KeySlots
from app.services import accounts, backup, cases, queries, seal
from app.services.backup import BackupInvalid, BackupNotWritten, make_backup, restore_backup
from app.services.workspace import Workspace, unlock
from app.storage import store
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


def _old_style_backup(ws: Workspace, out: Path) -> None:
    """A backup written as Casebook wrote them before streaming: every member held
    in memory and written whole, the manifest first."""
    copy = out.with_name("copy.db")
    store.export_copy(ws.engine, copy)
    db_bytes = copy.read_bytes()
    copy.unlink()
    keys_bytes = ws.keyslots().to_bytes()
    manifest = {
        "format": "casebook-backup",
        "version": 1,
        "app_version": "0.1.0",
        "created_at": "2026-11-24T09:30:00",
        "database_id": ws.keyslots().database_id,
        "sha256": {
            "casebook.db": hashlib.sha256(db_bytes).hexdigest(),
            "casebook.db.keys": hashlib.sha256(keys_bytes).hexdigest(),
        },
    }
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("manifest.json", json.dumps(manifest, indent=2))
        zf.writestr("casebook.db", db_bytes)
        zf.writestr("casebook.db.keys", keys_bytes)


def test_a_backup_made_before_streaming_still_restores(ws: Workspace, tmp_path: Path) -> None:
    case = cases.create_case(ws)
    cases.save_draft_page(ws, case.id, "incident", {"summary": "from an older Casebook"})
    old = tmp_path / "usb" / "casebook-backup-20261124-093000.casebook"
    old.parent.mkdir()
    _old_style_backup(ws, old)
    assert backup.read_backup(old).manifest["created_at"] == "2026-11-24T09:30:00"
    elsewhere = tmp_path / "other-laptop" / "casebook.db"
    restore_backup(old, elsewhere, username=DSL, password=PASSWORD)
    restored = unlock(elsewhere, DSL, PASSWORD)
    try:
        assert cases.draft_pages(restored, case.id) == {
            "incident": {"summary": "from an older Casebook"}
        }
    finally:
        restored.close()


PAD_BYTES = 12 * 1024 * 1024


def _pad(ws: Workspace) -> None:
    """Make the database a few megabytes larger than anything held in memory should be."""
    with ws.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE padding (blob BLOB)")
        for _ in range(PAD_BYTES // (1024 * 1024)):
            conn.exec_driver_sql("INSERT INTO padding VALUES (randomblob(1048576))")


def _peak_python_bytes(action: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_backup_check_and_restore_stream_rather_than_hold_the_database(
    ws: Workspace, db_path: Path, tmp_path: Path
) -> None:
    ref = cases.create_case(ws).reference
    _pad(ws)
    out = tmp_path / "usb" / "big.casebook"
    peak = _peak_python_bytes(lambda: make_backup(ws, out))
    assert out.stat().st_size > PAD_BYTES
    # A few chunks at a time, never the whole copy (which held the peak at twice its size).
    assert peak < PAD_BYTES // 3
    assert _peak_python_bytes(lambda: backup.read_backup(out)) < PAD_BYTES // 3
    elsewhere = tmp_path / "other-laptop" / "casebook.db"
    peak = _peak_python_bytes(
        lambda: restore_backup(out, elsewhere, username=DSL, password=PASSWORD)
    )
    assert peak < PAD_BYTES // 3
    restored = unlock(elsewhere, DSL, PASSWORD)
    try:
        assert _references(restored) == [ref]
    finally:
        restored.close()


def test_a_database_past_the_plain_zip_limit_is_written_as_zip64(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Over 2 GiB in real life; the limit is lowered so the test stays small.
    monkeypatch.setattr(backup, "ZIP64_FROM_BYTES", 1)
    ref = cases.create_case(ws).reference
    out = tmp_path / "b.casebook"
    make_backup(ws, out)
    with zipfile.ZipFile(out) as zf:
        local_header = zf.getinfo("casebook.db").header_offset
    with out.open("rb") as f:
        f.seek(local_header + 26)
        name_length = int.from_bytes(f.read(2), "little")
        extra_length = int.from_bytes(f.read(2), "little")
        f.seek(name_length, 1)
        extra = f.read(extra_length)
    assert extra[:2] == b"\x01\x00"  # the zip64 extra field
    elsewhere = tmp_path / "other" / "casebook.db"
    restore_backup(out, elsewhere, username=DSL, password=PASSWORD)
    restored = unlock(elsewhere, DSL, PASSWORD)
    try:
        assert _references(restored) == [ref]
    finally:
        restored.close()


def test_a_backup_that_does_not_read_back_whole_is_not_kept_and_says_so(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_write = backup._write_zip

    def failing_stick(
        partial: Path, copy: Path, keys: KeySlots, head: seal.Head, reason: str
    ) -> None:
        real_write(partial, copy, keys, head, reason)
        data = bytearray(partial.read_bytes())
        data[len(data) // 3] ^= 0x01  # one bit lost on the way to the stick
        partial.write_bytes(bytes(data))

    monkeypatch.setattr(backup, "_write_zip", failing_stick)
    usb = tmp_path / "usb"
    usb.mkdir()
    with pytest.raises(BackupNotWritten) as failure:
        make_backup(ws, usb / "b.casebook")
    message = str(failure.value)
    assert "could not be written and checked" in message
    assert "database itself is unchanged" in message
    assert "restored" not in message
    assert list(usb.iterdir()) == []


def test_the_restore_is_recorded_in_the_restored_trail_with_what_was_set_aside(
    ws: Workspace, db_path: Path, tmp_path: Path
) -> None:
    from app.services import audit

    out = tmp_path / "usb" / "b.casebook"
    make_backup(ws, out)
    made = json.loads(zipfile.ZipFile(out).read(backup.MANIFEST))["created_at"]
    cases.create_case(ws)  # done after the backup: it goes with the records set aside
    ws.close()
    aside = restore_backup(out, db_path, username=DSL, password=PASSWORD)
    assert aside is not None
    restored = unlock(db_path, DSL, PASSWORD)
    try:
        with restored.read() as s:
            entries = audit.entries_for(s)
    finally:
        restored.close()
    entry = next(e for e in reversed(entries) if e.action == audit.Action.RESTORED)
    stamp = aside.name.removeprefix("casebook.db.replaced-")
    set_aside_at = datetime.strptime(stamp, "%Y%m%d-%H%M%S")
    assert entry.actor == DSL
    assert entry.detail == (
        f"restored the backup of {backup.moment_text(datetime.fromisoformat(made))}; "
        f"the records of {backup.moment_text(set_aside_at)} were set aside at {aside}"
    )


def test_a_restore_where_there_was_no_database_says_nothing_was_set_aside(
    ws: Workspace, tmp_path: Path
) -> None:
    from app.services import audit

    out = tmp_path / "b.casebook"
    make_backup(ws, out)
    elsewhere = tmp_path / "new-laptop" / "casebook.db"
    assert restore_backup(out, elsewhere, username=DSL, password=PASSWORD) is None
    restored = unlock(elsewhere, DSL, PASSWORD)
    try:
        with restored.read() as s:
            detail = audit.entries_for(s)[-2].detail  # before this sign-in's own entry
    finally:
        restored.close()
    assert detail.startswith("restored the backup of ")
    assert detail.endswith("; there was no database here before, so nothing was set aside")


def test_a_backup_carries_why_it_was_made_in_its_name_and_manifest(
    ws: Workspace, tmp_path: Path
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    moment = datetime(2026, 11, 24, 9, 30, 5)
    made = [
        backup.backup_to_folder(ws, usb, now=moment, reason=reason)
        for reason in (backup.ON_CLOSE, backup.DAILY_REASON, backup.BY_HAND)
    ]
    old_style = backup.backup_to_folder(ws, usb, now=moment.replace(second=0))
    assert [p.name for p in made] == [
        "casebook-backup-20261124-093005-on-close.casebook",
        "casebook-backup-20261124-093005-daily.casebook",
        "casebook-backup-20261124-093005-by-hand.casebook",
    ]
    assert old_style.name == "casebook-backup-20261124-093000.casebook"
    for path, reason in zip(made, ("on-close", "daily", "by-hand"), strict=True):
        assert backup.read_backup(path).manifest["reason"] == reason
        assert backup.describe(path) == backup.Listed(path, moment, reason)
    assert "reason" not in backup.read_backup(old_style).manifest
    assert backup.describe(old_style) == backup.Listed(old_style, moment.replace(second=0), "")
    # Two in one second with one reason both land; every one is listed, old names too.
    again = backup.backup_to_folder(ws, usb, now=moment, reason=backup.DAILY_REASON)
    assert again.name == "casebook-backup-20261124-093005-2-daily.casebook"
    assert backup.describe(again).reason == "daily"
    assert len(backup.list_backups(usb)) == 5


def test_a_restore_asked_for_while_signed_in_is_checked_before_anything_moves(
    ws: Workspace, db_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "b.casebook"
    make_backup(ws, out)
    before = {p.name: p.read_bytes() for p in db_path.parent.iterdir() if p.is_file()}
    wrong = backup.RestoreRequest(out, DSL, "not the password")
    with pytest.raises(WrongPassword):
        backup.check_opens(wrong)
    right = backup.RestoreRequest(out, DSL, PASSWORD)
    assert backup.check_opens(right).keys.database_id == ws.keyslots().database_id
    assert PASSWORD not in repr(right)
    after = {p.name: p.read_bytes() for p in db_path.parent.iterdir() if p.is_file()}
    assert after.keys() == before.keys()  # checking moved nothing (the database is open)
    ws.close()
    aside = backup.restore_request(right, db_path)
    assert aside is not None and aside.exists()
