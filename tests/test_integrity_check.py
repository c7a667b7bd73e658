"""The full integrity check runs off the sign-in path: in the background, before
every backup and in verify. Sign-in keeps a cheap check that refuses a damaged
header or a small damaged file."""

from __future__ import annotations

import hashlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import sqlcipher3

from app.errors import CasebookError, DatabaseDamaged
from app.services import cases
from app.services.backup import BackupRefused, backup_to_folder, list_backups, make_backup
from app.services.verify import verify
from app.services.workspace import STOPPED_FOR_DAMAGE, Workspace, WritesStopped, unlock
from app.storage import store
from app.storage.paths import keyslots_path
from tests.conftest import DSL, PASSWORD

STOPPED = STOPPED_FOR_DAMAGE


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _damage_table_page(db_path: Path, key: bytes, table: str) -> None:
    """Flip 64 bytes inside the first page of `table`, a page sign-in never reads."""
    conn = sqlcipher3.connect(str(db_path))
    try:
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        (root,) = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)
        ).fetchone()
        (page_size,) = conn.execute("PRAGMA page_size").fetchone()
    finally:
        conn.close()
    data = bytearray(db_path.read_bytes())
    size = int(page_size)  # SQLCipher reports it as text
    at = (int(root) - 1) * size + size // 2
    data[at : at + 64] = bytes(b ^ 0xFF for b in data[at : at + 64])
    db_path.write_bytes(bytes(data))


@pytest.fixture
def damaged(ws: Workspace, db_path: Path) -> bytes:
    """The test database, closed, with one page of the cases table damaged."""
    for _ in range(3):
        cases.create_case(ws)
    key = ws.database_key()
    ws.close()
    _damage_table_page(db_path, key, "cases")
    return key


@pytest.fixture
def large_file_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    # Treat the small test file as a large one: sign-in skips the full page check.
    monkeypatch.setattr(store, "FULL_CHECK_AT_SIGN_IN_MAX_BYTES", 0)


def test_a_small_damaged_file_is_still_refused_at_sign_in(damaged: bytes, db_path: Path) -> None:
    before = _digest(db_path)
    with pytest.raises(DatabaseDamaged, match="backup"):
        unlock(db_path, DSL, PASSWORD)
    assert _digest(db_path) == before


@pytest.mark.usefixtures("large_file_rules")
def test_a_large_file_signs_in_and_the_background_check_finds_the_damage(
    damaged: bytes, db_path: Path
) -> None:
    ws = unlock(db_path, DSL, PASSWORD)
    try:
        with ThreadPoolExecutor(1) as worker:  # as the window runs it
            problems = worker.submit(ws.integrity_problems).result()
        assert problems
        assert verify(ws).problems
    finally:
        ws.close()


def test_a_sound_database_has_no_problems_even_while_it_is_being_written(ws: Workspace) -> None:
    with ThreadPoolExecutor(1) as worker:
        checking = worker.submit(ws.integrity_problems)
        for _ in range(5):
            cases.create_case(ws)
        assert checking.result() == []
    assert ws.integrity_problems() == []
    assert ws.writes_stopped is None


@pytest.mark.usefixtures("large_file_rules")
def test_once_writes_are_stopped_nothing_more_is_written(damaged: bytes, db_path: Path) -> None:
    ws = unlock(db_path, DSL, PASSWORD)
    try:
        ws.stop_writes(STOPPED)
        assert ws.writes_stopped == STOPPED
        store.checkpoint(ws.engine)  # the sign-in's own audit entry goes into the main file
        before = (_digest(db_path), _digest(keyslots_path(db_path)))
        with pytest.raises(WritesStopped) as refused:
            cases.create_case(ws)
        assert str(refused.value) == STOPPED
        with pytest.raises(WritesStopped), ws._sessions() as session:
            ws.change_keyslots(session, lambda k: k.remove_password("nobody"))
        store.checkpoint(ws.engine)  # anything written would now be in the main file
        assert (_digest(db_path), _digest(keyslots_path(db_path))) == before
    finally:
        ws.close()


def test_a_sound_workspace_writes_until_it_is_stopped(ws: Workspace) -> None:
    cases.create_case(ws)
    ws.stop_writes(STOPPED)
    with pytest.raises(CasebookError, match="nothing more can be saved"):
        cases.create_case(ws)


@pytest.mark.usefixtures("large_file_rules")
def test_no_backup_is_made_of_a_damaged_database(
    damaged: bytes, db_path: Path, tmp_path: Path
) -> None:
    ws = unlock(db_path, DSL, PASSWORD)
    usb = tmp_path / "usb"
    try:
        with pytest.raises(BackupRefused, match="No backup was made"):
            make_backup(ws, usb / "by-hand.casebook")
        assert not usb.exists() or list(usb.iterdir()) == []
    finally:
        ws.close()


def test_a_damaged_database_never_pushes_good_backups_out_of_the_folder(
    ws: Workspace, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    usb = tmp_path / "usb"
    cases.create_case(ws)
    good = [backup_to_folder(ws, usb, keep=2, create=True) for _ in range(2)]
    key = ws.database_key()
    ws.close()
    _damage_table_page(db_path, key, "cases")
    monkeypatch.setattr(store, "FULL_CHECK_AT_SIGN_IN_MAX_BYTES", 0)
    ws = unlock(db_path, DSL, PASSWORD)
    try:
        with pytest.raises(BackupRefused):
            backup_to_folder(ws, usb, keep=2)
    finally:
        ws.close()
    assert sorted(list_backups(usb)) == sorted(good)
    assert sorted(p.name for p in usb.iterdir()) == sorted(p.name for p in good)


@pytest.mark.parametrize("cut", ["at-a-page-boundary", "part-way-through-a-page"])
@pytest.mark.usefixtures("large_file_rules")
def test_a_truncated_large_file_is_refused_at_sign_in(
    ws: Workspace, db_path: Path, cut: str
) -> None:
    for _ in range(3):
        cases.create_case(ws)
    ws.close()
    data = db_path.read_bytes()
    pages = len(data) // 4096
    keep = (pages - 1) * 4096 if cut == "at-a-page-boundary" else len(data) - 100
    db_path.write_bytes(data[:keep])
    with pytest.raises(DatabaseDamaged, match="backup"):
        unlock(db_path, DSL, PASSWORD)
    assert db_path.stat().st_size == keep
