"""Staff accounts, sign-in throttling, automatic backups, failed writes and crash logs."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import event

from app.diagnostics import crashlog
from app.errors import CasebookError, InvalidInput, NotAllowed, SaveFailed, WrongPassword
from app.security.throttle import SignInThrottle
from app.services import accounts, backup, cases
from app.services.workspace import Workspace, unlock
from tests.conftest import DSL, PASSWORD, all_files

CHILD = "Zoë Quixley-Marchbanks"


def _deputy(ws: Workspace) -> None:
    accounts.add_account(ws, "deputy", "Dee Puty", "a long secret phrase")


def test_the_dsl_resets_a_deputys_password_and_removes_them(ws: Workspace, db_path: Path) -> None:
    _deputy(ws)
    accounts.reset_password(ws, "deputy", "a brand new phrase")
    with pytest.raises(InvalidInput, match="your own account"):
        accounts.reset_password(ws, DSL, "a brand new phrase")
    ws.close()
    deputy = unlock(db_path, "deputy", "a brand new phrase")
    with pytest.raises(NotAllowed):
        accounts.reset_password(deputy, DSL, "taking over the dsl")
    with pytest.raises(NotAllowed):
        accounts.remove_account(deputy, DSL)
    deputy.close()
    dsl = unlock(db_path, DSL, PASSWORD)
    accounts.remove_account(dsl, "deputy")
    staff = {m.username: m.active for m in accounts.list_staff(dsl)}
    assert staff == {DSL: True, "deputy": False}  # kept for the record, inactive
    dsl.close()
    with pytest.raises(WrongPassword):
        unlock(db_path, "deputy", "a brand new phrase")


def test_a_new_recovery_key_replaces_the_old(created: tuple[Workspace, str], db_path: Path) -> None:
    ws, old = created
    new = accounts.new_recovery_key(ws)
    assert new != old
    assert ws.keyslots().unlock_with_recovery(new) == ws.database_key()
    with pytest.raises(Exception, match="recovery key does not open"):
        ws.keyslots().unlock_with_recovery(old)


def test_repeated_wrong_passwords_slow_down_with_a_clear_message() -> None:
    now = [1000.0]
    throttle = SignInThrottle(clock=lambda: now[0])
    for _ in range(2):
        throttle.failed()
        assert throttle.message() is None
    throttle.failed()
    assert throttle.wait_seconds() == 5
    assert "Wait 5 seconds" in (throttle.message() or "")
    throttle.failed()
    assert throttle.wait_seconds() == 10  # it grows
    for _ in range(10):
        throttle.failed()
    assert throttle.wait_seconds() == 300
    assert "Wait 5 minutes" in (throttle.message() or "")
    now[0] += 301
    assert throttle.message() is None
    throttle.succeeded()
    throttle.failed()
    assert throttle.message() is None


def test_automatic_backups_keep_the_newest_and_restore(ws: Workspace, tmp_path: Path) -> None:
    folder = tmp_path / "usb"
    ref = cases.create_case(ws).reference
    start = datetime(2026, 11, 1, 16, 0)
    with pytest.raises(InvalidInput, match="Choose a folder"):
        backup.backup_to_folder(ws)
    assert not backup.daily_backup_due(ws)
    for day in range(5):
        backup.backup_to_folder(ws, folder, keep=3, now=start + timedelta(days=day), create=True)
    kept = backup.list_backups(folder)
    assert [p.name for p in kept] == [
        f"casebook-backup-2026110{d}-160000.casebook" for d in (5, 4, 3)
    ]
    with ws.write() as s:
        from app.services import settings

        settings.write(s, "backup_folder", str(folder))
    assert not backup.daily_backup_due(ws, now=start + timedelta(days=4, hours=23))
    assert backup.daily_backup_due(ws, now=start + timedelta(days=5, hours=1))
    elsewhere = tmp_path / "new-laptop" / "casebook.db"
    backup.restore_backup(kept[0], elsewhere, username=DSL, password=PASSWORD)
    w = unlock(elsewhere, DSL, PASSWORD)
    assert [c.reference for c in cases.list_drafts(w)] == [ref]
    w.close()


def test_a_backup_folder_that_cannot_be_written_says_so(ws: Workspace, tmp_path: Path) -> None:
    # A USB stick that was pulled out: the path is no longer a folder we can write to.
    gone = tmp_path / "usb-stick"
    gone.write_text("not a folder")
    with pytest.raises(CasebookError, match="could not be written") as failure:
        backup.backup_to_folder(ws, gone)
    assert "database itself is unchanged" in str(failure.value)
    assert gone.read_text() == "not a folder"


def test_a_failed_write_tells_the_user_and_keeps_the_record(ws: Workspace) -> None:
    case = cases.create_case(ws)
    cases.save_draft_page(ws, case.id, "incident", {"summary": "first words"})
    # Fail writes the way a full disk does: SQLite may not grow the file any further.
    with ws.engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
    ws.engine.dispose()
    event.listen(
        ws.engine,
        "connect",
        lambda dbapi, _record: dbapi.execute(f"PRAGMA max_page_count = {pages}"),
    )
    saved = "first words"
    with pytest.raises(SaveFailed) as failure:
        for i in range(200):
            text = f"{i} {CHILD} " + "x" * 20_000
            cases.save_draft_page(ws, case.id, "incident", {"summary": text})
            saved = text
    message = str(failure.value)
    assert "could not save" in message and "disk may be full" in message
    assert CHILD not in message  # the failed SQL's values never reach the user
    # Every save that returned is kept; the failed one changed nothing.
    assert cases.draft_pages(ws, case.id)["incident"]["summary"] == saved


def test_crash_log_has_no_child_data(tmp_path: Path) -> None:
    try:
        raise ValueError(f"could not save note about {CHILD} <script>")
    except ValueError as error:
        path = crashlog.write(type(error), error.__traceback__, tmp_path / "logs")
    assert path is not None
    text = path.read_text()
    assert "ValueError" in text and "test_accounts_and_failures.py" in text
    assert CHILD not in text and "Quixley" not in text and "<script>" not in text
    assert path.stat().st_mode & 0o077 == 0


def test_no_file_the_app_writes_holds_a_childs_name(
    ws: Workspace, db_path: Path, tmp_path: Path
) -> None:
    case = cases.create_case(ws)
    cases.save_draft_page(ws, case.id, "incident", {"young_people": [{"name": CHILD}]})
    backup.backup_to_folder(ws, tmp_path / "usb", create=True)
    try:
        raise RuntimeError(CHILD)
    except RuntimeError as error:
        crashlog.write(type(error), error.__traceback__, tmp_path / "logs")
    ws.close()
    for path in all_files(tmp_path):
        data = path.read_bytes()
        for needle in (CHILD.encode(), CHILD.encode("utf-16-le"), b"Quixley"):
            assert needle not in data, path.name


def test_a_failed_key_file_write_leaves_no_half_made_account(
    ws: Workspace, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.services import workspace as workspace_module
    from app.storage.paths import keyslots_path

    before = keyslots_path(db_path).read_bytes()

    def disk_full(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(workspace_module, "save_keyslots", disk_full)
    with pytest.raises(SaveFailed):
        accounts.add_account(ws, "deputy", "Dee Puty", "a long secret phrase")
    monkeypatch.undo()
    assert "deputy" not in ws.keyslots().usernames()  # nothing stray waits in memory
    accounts.change_own_password(ws, PASSWORD, "another long phrase")  # a later save
    assert "deputy" not in ws.keyslots().usernames()
    assert [m.username for m in accounts.list_staff(ws)] == [DSL]
    assert keyslots_path(db_path).read_bytes() != before


def test_two_backups_in_one_second_both_land(ws: Workspace, tmp_path: Path) -> None:
    moment = datetime(2026, 11, 24, 9, 30)
    first = backup.backup_to_folder(ws, tmp_path / "usb", now=moment, create=True)
    second = backup.backup_to_folder(ws, tmp_path / "usb", now=moment)
    assert first != second and first.exists() and second.exists()


def test_restore_keeps_a_lone_key_file_aside(ws: Workspace, db_path: Path, tmp_path: Path) -> None:
    from app.storage.paths import keyslots_path

    out = tmp_path / "b.casebook"
    backup.make_backup(ws, out)
    ws.close()
    db_path.unlink()  # the database file was lost; its key file is still there
    lone = keyslots_path(db_path).read_bytes()
    aside = backup.restore_backup(out, db_path, username=DSL, password=PASSWORD)
    assert aside is not None
    assert aside.with_name(aside.name + ".keys").read_bytes() == lone
    unlock(db_path, DSL, PASSWORD).close()


def test_amending_a_required_answer_to_blank_is_refused_calmly(ws: Workspace) -> None:
    from app.models import YoungPerson

    case = cases.create_case(ws)
    with ws.write() as s:
        child = YoungPerson(case_id=case.id, name="Jo Bloggs", roles=[])
        s.add(child)
        s.flush()
        child_id = child.id
    cases.open_case(ws, case.id)
    with pytest.raises(InvalidInput, match="cannot be left blank"):
        cases.amend(ws, case.id, "young_people", child_id, "name", "", "typo")
    future = datetime.now().date() + timedelta(days=30)
    with pytest.raises(InvalidInput, match="future"):
        cases.amend(ws, case.id, "young_people", child_id, "date_of_birth", future, "typo")
