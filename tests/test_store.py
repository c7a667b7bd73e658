"""Opening the encrypted store: passwords, damage, permissions, plaintext, migrations."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from app.errors import DatabaseDamaged, DatabaseExists, KeySlotsDamaged, WrongPassword
from app.models import Base, CaseStatus
from app.services import accounts, cases, queries
from app.services.backup import make_backup
from app.services.workspace import Workspace, create_database, unlock, unlock_with_recovery
from app.storage import schema_revision, store
from app.storage.instance_lock import AlreadyOpen
from app.storage.paths import keyslots_path
from tests.conftest import DSL, PASSWORD, all_files

SECRET_NAME = "Zoë Quixley-Marchbanks"
SECRET_NOTE = 'She said "it was only meant for Jordan" <hidden> & upset'


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in all_files(folder)}


def test_unlock_with_the_right_password_opens_the_data(ws: Workspace, db_path: Path) -> None:
    case = cases.create_case(ws)
    ws.close()
    again = unlock(db_path, DSL, PASSWORD)
    try:
        assert [c.reference for c in queries.list_cases(again)] == [case.reference]
        assert again.account.display_name == "Ann O'Neill"
    finally:
        again.close()


def test_wrong_password_changes_nothing_on_disk(ws: Workspace, db_path: Path) -> None:
    cases.create_case(ws)
    ws.close()
    before = _snapshot(db_path.parent)
    for user, password in [(DSL, "not the password"), ("someone", PASSWORD), (DSL, "")]:
        with pytest.raises(WrongPassword):
            unlock(db_path, user, password)
    assert _snapshot(db_path.parent) == before


def test_two_users_a_password_change_and_the_recovery_key_open_the_same_data(
    created: tuple[Workspace, str], db_path: Path
) -> None:
    ws, recovery = created
    reference = cases.create_case(ws).reference
    accounts.add_account(ws, "deputy", "Dee Puty", "a long secret phrase")
    accounts.change_own_password(ws, PASSWORD, "a brand new password")
    ws.close()
    size_before = db_path.stat().st_size
    for opener in (
        lambda: unlock(db_path, "deputy", "a long secret phrase"),
        lambda: unlock(db_path, DSL, "a brand new password"),
    ):
        w = opener()
        assert [c.reference for c in queries.list_cases(w)] == [reference]
        w.close()
    with pytest.raises(WrongPassword):
        unlock(db_path, DSL, PASSWORD)  # the old password no longer works
    rec = unlock_with_recovery(db_path, recovery)
    accounts.reset_with_recovery(rec, DSL, "reset after losing it")
    assert [c.reference for c in queries.list_cases(rec)] == [reference]
    rec.close()
    assert unlock(db_path, DSL, "reset after losing it").account.username == DSL
    # Password changes rewrite the key file only: the database was never re-encrypted.
    assert db_path.stat().st_size == size_before


def test_a_deputy_cannot_add_accounts(ws: Workspace, db_path: Path) -> None:
    accounts.add_account(ws, "deputy", "Dee Puty", "a long secret phrase")
    ws.close()
    deputy = unlock(db_path, "deputy", "a long secret phrase")
    try:
        with pytest.raises(Exception, match="Only the DSL"):
            accounts.add_account(deputy, "other", "Other Person", "another password!")
    finally:
        deputy.close()


def test_existing_database_is_never_replaced(ws: Workspace, db_path: Path) -> None:
    ws.close()
    before = _snapshot(db_path.parent)
    with pytest.raises(DatabaseExists):
        create_database(db_path, "other", "another password!", "Other")
    assert _snapshot(db_path.parent) == before


def test_damaged_file_is_told_apart_from_a_wrong_password(ws: Workspace, db_path: Path) -> None:
    cases.create_case(ws)
    store.checkpoint(ws.engine)
    ws.close()
    data = bytearray(db_path.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 64] = b"\x00" * 64
    data[:16] = b"SQLite format 3\x00"  # page 1 no longer decrypts
    db_path.write_bytes(bytes(data))
    with pytest.raises(DatabaseDamaged, match="backup"):
        unlock(db_path, DSL, PASSWORD)
    with pytest.raises(WrongPassword):
        unlock(db_path, DSL, "not the password")


def test_missing_key_file_is_reported(ws: Workspace, db_path: Path) -> None:
    ws.close()
    keyslots_path(db_path).unlink()
    with pytest.raises(KeySlotsDamaged):
        unlock(db_path, DSL, PASSWORD)


def test_files_are_owner_only(ws: Workspace, db_path: Path, tmp_path: Path) -> None:
    cases.create_case(ws)
    make_backup(ws, tmp_path / "backup.casebook")
    files = all_files(db_path.parent) + [tmp_path / "backup.casebook"]
    assert any(p.name.endswith("-wal") for p in files)
    for p in files:
        assert p.stat().st_mode & 0o077 == 0, p.name


def _needles() -> list[bytes]:
    out = []
    for text in (SECRET_NAME, SECRET_NOTE, "Quixley", "only meant for Jordan"):
        out += [text.encode("utf-8"), text.encode("utf-16-le"), text.encode("utf-16-be")]
    return out


def test_no_plaintext_anywhere_the_app_writes(
    ws: Workspace, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = cases.create_case(ws)
    cases.save_draft_page(ws, case.id, "incident", {"summary": SECRET_NOTE, "name": SECRET_NAME})
    cases.amend(ws, case.id, "cases", case.id, "summary", SECRET_NOTE, "typed")
    cases.open_case(ws, case.id)
    cases.amend(ws, case.id, "cases", case.id, "summary", SECRET_NOTE + " (amended)", "typo")
    make_backup(ws, tmp_path / "out" / "backup.casebook")
    # A migration keeps a copy of the file first: that copy must be encrypted too.
    monkeypatch.setattr(schema_revision, "HEAD_REVISION", "9999")
    store.migrate(ws.engine, db_path, store.current_revision(ws.engine))
    files = all_files(tmp_path)
    assert any(".before-" in p.name for p in files)
    assert any(p.name.endswith("-wal") for p in files)
    for p in files:
        data = p.read_bytes()
        for needle in _needles():
            assert needle not in data, f"plaintext found in {p.name}"


def test_migrations_build_exactly_the_model_schema(ws: Workspace) -> None:
    assert store.current_revision(ws.engine) == schema_revision.HEAD_REVISION
    with ws.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diffs == []


def test_a_copy_is_kept_before_migrating(
    ws: Workspace, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reference = cases.create_case(ws).reference
    revision = store.current_revision(ws.engine)
    monkeypatch.setattr(schema_revision, "HEAD_REVISION", "9999")
    store.migrate(ws.engine, db_path, revision)
    copy = db_path.with_name(f"{db_path.name}.before-{revision}")
    assert copy.exists()
    ws.close()
    monkeypatch.undo()
    # The copy is a complete database that opens with the same key slots.
    restored = db_path.parent / "copy" / "casebook.db"
    restored.parent.mkdir()
    shutil.copy(copy, restored)
    shutil.copy(keyslots_path(db_path), keyslots_path(restored))
    w = unlock(restored, DSL, PASSWORD)
    assert [c.reference for c in queries.list_cases(w, CaseStatus.DRAFT)] == [reference]
    w.close()


def test_crash_safe_settings_are_in_force(ws: Workspace) -> None:
    with ws.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_a_database_is_never_open_twice(ws: Workspace, db_path: Path) -> None:
    with pytest.raises(AlreadyOpen, match="already has this database open"):
        unlock(db_path, DSL, PASSWORD)
    ws.close()
    again = unlock(db_path, DSL, PASSWORD)  # closing let go of it
    again.close()


def test_the_head_revision_constant_matches_the_newest_migration() -> None:
    # Sign-in compares against the constant so that Alembic need not load; it must not drift.
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(store.MIGRATIONS_DIR))
    assert ScriptDirectory.from_config(config).get_current_head() == (schema_revision.HEAD_REVISION)


def test_an_older_schema_is_upgraded_at_sign_in_after_a_copy_is_kept(
    ws: Workspace, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reference = cases.create_case(ws).reference
    ws.close()
    written_at = schema_revision.HEAD_REVISION
    monkeypatch.setattr(schema_revision, "HEAD_REVISION", "9999")  # this file is now behind
    again = unlock(db_path, DSL, PASSWORD)
    try:
        assert [c.reference for c in queries.list_cases(again, CaseStatus.DRAFT)] == [reference]
    finally:
        again.close()
    assert db_path.with_name(f"{db_path.name}.before-{written_at}").exists()


def test_an_emptied_database_file_is_refused_and_never_rebuilt(
    ws: Workspace, db_path: Path
) -> None:
    cases.create_case(ws)
    ws.close()
    db_path.write_bytes(b"")  # emptied, with its good key file still beside it
    before = _snapshot(db_path.parent)
    with pytest.raises(DatabaseDamaged, match="backup"):
        unlock(db_path, DSL, PASSWORD)
    assert _snapshot(db_path.parent) == before
    assert db_path.stat().st_size == 0  # no schema was written into it


@pytest.mark.slow
def test_sign_in_in_a_fresh_process_does_not_load_alembic(ws: Workspace, db_path: Path) -> None:
    ws.close()
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from app.services.workspace import unlock\n"
        f"unlock(Path({str(db_path)!r}), {DSL!r}, {PASSWORD!r}).close()\n"
        "print('alembic' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.strip() == "False"
