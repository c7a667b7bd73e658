"""Faults on disk, as IT staff meet them: each told truthfully, nothing on disk changed.

One table: what is wrong with the files, the error that must be shown for it
(by its class, from the window's sign-in, the recovery key and the command
line alike), that not a byte in the folder changed, and that the next right
action (restore the backup, put the right key file back, free the space)
then works. A full disk, a read-only medium and a folder this account may not
change open read-only instead: reading, printing and backing up elsewhere go
on, every write is refused with the reason, and the audit entries are held
until writing is possible again (or go into the backup made). Those run
injected here (an OSError from the probe), and on real small file systems
where this machine allows a mount namespace.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import sqlite3
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3
from sqlalchemy import select

from app.errors import (
    AuditTrailBroken,
    CannotWrite,
    CasebookError,
    DatabaseDamaged,
    DatabaseEmptied,
    DatabaseIsFolder,
    DatabaseTruncated,
    DiskFull,
    KeyFileMissing,
    KeysDoNotMatch,
    KeySlotsDamaged,
    NotACasebookDatabase,
    ReadAccessDenied,
    ReadOnlyMedium,
    WriteAccessDenied,
    WrongPassword,
)
from app.models import AuditEntry, CaseStatus
from app.services import audit, cases, queries
from app.services.backup import BackupTargetFull, make_backup, manifest_seal, restore_backup
from app.services.workspace import Workspace, create_database, unlock, unlock_with_recovery
from app.storage import db_header, store
from app.storage.paths import keyslots_path
from tests.conftest import DSL, PASSWORD, copy_database
from tests.helpers import small_disk
from tests.helpers.cli import casebook_here

# -- the school's folder -------------------------------------------------------


@dataclass
class School:
    """A database used once (so its lock file and seal log exist), with a backup."""

    db: Path
    recovery: str
    backup: Path
    key: bytes
    reference: str
    password_file: Path
    good_db: bytes = b""
    good_keys: bytes = b""
    other: Path | None = None
    monkeypatch: pytest.MonkeyPatch | None = None
    notes: dict[str, Any] = field(default_factory=dict)

    @property
    def keys(self) -> Path:
        return keyslots_path(self.db)


@pytest.fixture(scope="session")
def other_install(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Another school's database: its own key, its own salt."""
    path = tmp_path_factory.mktemp("other-install") / "casebook.db"
    ws, _recovery = create_database(path, DSL, PASSWORD, "Someone Else")
    ws.close()
    return path


@pytest.fixture
def school(tmp_path: Path, dsl_template: tuple[Path, str], other_install: Path) -> Iterator[School]:
    template, recovery = dsl_template
    db = tmp_path / "school" / "casebook.db"
    copy_database(template, db)
    ws = unlock(db, DSL, PASSWORD)
    draft = cases.create_case(ws)
    backup = tmp_path / "usb" / "good.zip"
    make_backup(ws, backup)
    key = ws.database_key()
    ws.close()
    password_file = tmp_path / "password.txt"
    password_file.write_text(PASSWORD + "\n", encoding="utf-8")
    patches = pytest.MonkeyPatch()  # its own, so a fix can undo it alone
    yield School(
        db=db,
        recovery=recovery,
        backup=backup,
        key=key,
        reference=draft.reference,
        password_file=password_file,
        good_db=db.read_bytes(),
        good_keys=keyslots_path(db).read_bytes(),
        other=other_install,
        monkeypatch=patches,
    )
    patches.undo()


def hashes(folder: Path) -> dict[str, str]:
    """The SHA-256 of every file in the folder (and below it).

    Except the count of sign-in tries (app.security.throttle), which every try
    updates by design, so a restart cannot reset it.
    """
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".throttle" not in p.name
    }


def sign_in_and_out(school: School) -> None:
    ws = unlock(school.db, DSL, PASSWORD)
    try:
        assert ws.read_only is None and ws.writes_stopped is None
        cases.create_case(ws)  # it saves again
    finally:
        ws.close()


# -- how each fault is made, and put right ---------------------------------------


def damage_middle(s: School) -> None:
    data = bytearray(s.db.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 64] = os.urandom(64)
    s.db.write_bytes(bytes(data))


def empty(s: School) -> None:
    s.db.write_bytes(b"")


def cut_at_page(s: School) -> None:
    s.db.write_bytes(s.db.read_bytes()[: 8 * 4096])


def cut_mid_page(s: School) -> None:
    data = s.db.read_bytes()
    s.db.write_bytes(data[: len(data) - 100])


def keys_of_other_install(s: School) -> None:
    assert s.other is not None
    s.keys.write_bytes(keyslots_path(s.other).read_bytes())


def database_of_other_install(s: School) -> None:
    assert s.other is not None
    s.db.write_bytes(s.other.read_bytes())


def plain_sqlite(s: School) -> None:
    s.db.unlink()
    conn = sqlite3.connect(s.db)
    conn.execute("CREATE TABLE pupils (name TEXT)")
    conn.commit()
    conn.close()


def folder_instead(s: School) -> None:
    s.db.unlink()
    s.db.mkdir()


def keys_missing(s: School) -> None:
    s.keys.unlink()


def keys_damaged(s: School) -> None:
    s.keys.write_bytes(s.good_keys[: len(s.good_keys) // 2])


def audit_head_deleted(s: School) -> None:
    conn = sqlcipher3.connect(str(s.db), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{s.key.hex()}'\"")
    conn.execute("DELETE FROM audit_head")
    conn.close()


def read_denied(s: School) -> None:
    assert s.monkeypatch is not None
    real = db_header.read_start

    def denied(path: Path) -> bytes:
        if path == s.db:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path)

    s.monkeypatch.setattr(db_header, "read_start", denied)


def restore(s: School) -> None:
    if s.monkeypatch is not None:
        s.monkeypatch.undo()
    if s.db.is_dir():  # IT takes the folder away first
        s.db.rename(s.db.with_name("what-was-there"))
    restore_backup(s.backup, s.db, username=DSL, password=PASSWORD)


def put_keys_back(s: School) -> None:
    s.keys.write_bytes(s.good_keys)


def put_database_back(s: School) -> None:
    s.db.write_bytes(s.good_db)


def nothing(s: School) -> None:
    return None


@dataclass(frozen=True)
class Fault:
    make: Callable[[School], None]
    error: type[CasebookError]
    fix: Callable[[School], None]
    user: str = DSL
    password: str = PASSWORD
    recovery: bool = True  # also refused the same way with the recovery key
    cli: bool = True  # also told by `casebook cases`


FAULTS: dict[str, Fault] = {
    "wrong password": Fault(nothing, WrongPassword, nothing, password="not it", recovery=False),
    # The same message as a wrong password, on purpose: which accounts exist stays unsaid.
    "unknown user": Fault(nothing, WrongPassword, nothing, user="nobody", recovery=False),
    "damaged database": Fault(damage_middle, DatabaseDamaged, restore),
    "emptied to 0 bytes": Fault(empty, DatabaseEmptied, restore),
    "cut at a page boundary": Fault(cut_at_page, DatabaseTruncated, restore),
    "cut part-way through a page": Fault(cut_mid_page, DatabaseTruncated, restore),
    # (The recovery key is this school's, so another school's key file rightly refuses it.)
    "key file of another install": Fault(
        keys_of_other_install, KeysDoNotMatch, put_keys_back, recovery=False
    ),
    "database of another install": Fault(
        database_of_other_install, KeysDoNotMatch, put_database_back
    ),
    "a plain SQLite file": Fault(plain_sqlite, NotACasebookDatabase, restore),
    "a folder where the file should be": Fault(folder_instead, DatabaseIsFolder, restore),
    "key file missing": Fault(keys_missing, KeyFileMissing, put_keys_back),
    "key file damaged": Fault(keys_damaged, KeySlotsDamaged, put_keys_back),
    "database not readable by this account": Fault(
        read_denied, ReadAccessDenied, restore, cli=False
    ),
}


def _attempt(s: School, fault: Fault, how: str) -> CasebookError:
    with pytest.raises(CasebookError) as refused:
        if how == "window":
            unlock(s.db, fault.user, fault.password).close()
        else:
            unlock_with_recovery(s.db, s.recovery).close()
    return refused.value


@pytest.mark.parametrize("kind", list(FAULTS), ids=list(FAULTS))
def test_each_fault_is_told_apart_and_changes_nothing(school: School, kind: str) -> None:
    fault = FAULTS[kind]
    fault.make(school)
    folder = school.db.parent
    before = hashes(folder)
    names = sorted(p.name for p in folder.iterdir() if ".throttle" not in p.name)

    told = _attempt(school, fault, "window")
    assert type(told) is fault.error, f"{kind}: {type(told).__name__}: {told}"
    assert hashes(folder) == before
    if fault.recovery:
        again = _attempt(school, fault, "recovery")
        assert type(again) is fault.error
        assert str(again) == str(told)
    if fault.cli:
        run = casebook_here(
            "cases",
            "--db",
            school.db,
            "--user",
            fault.user,
            "--password-file",
            _password_file(school, fault),
        )
        assert run.returncode == 1
        assert run.stderr == f"casebook: {told}\n"
        assert "unexpected" not in run.stderr
        assert "Traceback" not in run.stderr
    assert hashes(folder) == before
    # No -wal, -shm or probe file left.
    assert sorted(p.name for p in folder.iterdir() if ".throttle" not in p.name) == names

    fault.fix(school)
    sign_in_and_out(school)


def _password_file(s: School, fault: Fault) -> Path:
    if fault.password == PASSWORD:
        return s.password_file
    other = s.password_file.with_name("other-password.txt")
    other.write_text(fault.password + "\n", encoding="utf-8")
    return other


def test_a_broken_audit_trail_is_told_and_nothing_is_added_to_it(school: School) -> None:
    audit_head_deleted(school)
    before = hashes(school.db.parent)
    ws = unlock(school.db, DSL, PASSWORD)
    try:
        assert ws.writes_stopped == str(AuditTrailBroken())
        assert queries.list_cases(ws, CaseStatus.DRAFT)  # it still reads
        with pytest.raises(AuditTrailBroken):
            cases.create_case(ws)
    finally:
        ws.close()
    common = ["--db", str(school.db), "--user", DSL, "--password-file", str(school.password_file)]
    run = casebook_here("cases", *common)
    assert run.returncode == 0 and school.reference in run.stdout
    assert run.stderr == f"casebook: {AuditTrailBroken()}\n"
    verify_run = casebook_here("verify", *common)
    assert verify_run.returncode == 3
    assert "the audit trail's head record is missing" in verify_run.stderr
    assert hashes(school.db.parent) == before

    restore(school)
    sign_in_and_out(school)


# -- a folder that cannot be written: read-only sign-in ------------------------------

STORAGE_FAULTS: dict[str, tuple[int, type[CannotWrite]]] = {
    "disk full": (errno.ENOSPC, DiskFull),
    "read-only medium": (errno.EROFS, ReadOnlyMedium),
    "permission denied": (errno.EACCES, WriteAccessDenied),
}


@pytest.fixture
def refusing_probe(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[int | None], None]]:
    """Make the folder refuse writes with an errno (None: take writes again)."""
    real_open = os.open
    state: dict[str, int | None] = {"errno": None}

    def fake_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        code = state["errno"]
        name = os.path.basename(str(path))
        beside = name.startswith(("casebook.db", ".casebook.db"))  # the database's own files
        if code is not None and (flags & (os.O_WRONLY | os.O_RDWR)) and beside:
            raise OSError(code, os.strerror(code), str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", fake_open)

    def refuse(code: int | None) -> None:
        state["errno"] = code

    yield refuse


def _entries(ws: Workspace) -> list[AuditEntry]:
    with ws.read() as s:
        return list(s.execute(select(AuditEntry).order_by(AuditEntry.id)).scalars())


@pytest.mark.parametrize("kind", list(STORAGE_FAULTS), ids=list(STORAGE_FAULTS))
def test_a_folder_that_takes_no_writes_opens_read_only(
    school: School, tmp_path: Path, refusing_probe: Callable[[int | None], None], kind: str
) -> None:
    code, error = STORAGE_FAULTS[kind]
    folder = school.db.parent
    count_before = len(_entries_of(school))
    before = hashes(folder)
    refusing_probe(code)

    ws = unlock(school.db, DSL, PASSWORD)
    try:
        assert type(ws.read_only) is error
        # Reading works: the dashboard's list and the case itself.
        assert [c.reference for c in queries.list_cases(ws, CaseStatus.DRAFT)]
        assert cases.load_case(ws, school.reference).case.reference == school.reference
        # Every write is refused with the reason, before it reaches the file.
        with pytest.raises(error) as refused:
            cases.create_case(ws)
        assert str(refused.value) == str(ws.read_only)
        assert "Nothing was changed" in str(refused.value) or "nothing was changed" in str(
            refused.value
        )
        assert [e.action for e in ws.held_entries] == [audit.Action.SIGNED_IN, "viewed"]
        # A backup to another disk works, and holds the session's entries.
        elsewhere = tmp_path / "stick" / "rescue.zip"
        make_backup(ws, elsewhere)
        anchor = manifest_seal(elsewhere)
        assert anchor is not None and anchor.count == count_before + 2
        assert hashes(folder) == before  # not a byte changed beside the database

        refusing_probe(None)  # the cause is gone: space freed, medium writable again
        made = cases.create_case(ws)  # the next save resumes writing
        assert ws.read_only is None and made.reference
        entries = _entries(ws)
        actions = [e.action for e in entries[count_before:]]
        assert actions[:3] == [audit.Action.SIGNED_IN, "viewed", audit.Action.BACKUP]
        # The held entries are the very ones the backup holds: its seal still agrees.
        assert entries[anchor.count - 1].hash == anchor.hash
    finally:
        refusing_probe(None)
        ws.close()
    sign_in_and_out(school)


def _entries_of(school: School) -> list[AuditEntry]:
    ws = unlock(school.db, DSL, PASSWORD)
    try:
        return _entries(ws)
    finally:
        ws.close()


def test_the_command_line_reads_and_backs_up_read_only_then_saves_again(
    school: School, tmp_path: Path, refusing_probe: Callable[[int | None], None]
) -> None:
    """The CLI in-process (the injection cannot cross into a new process)."""
    from app.cli import main

    before = hashes(school.db.parent)
    refusing_probe(errno.ENOSPC)
    common = ["--db", str(school.db), "--user", DSL, "--password-file", str(school.password_file)]
    assert main(["cases", *common]) == 0
    out = tmp_path / "stick" / "b.zip"
    assert main(["backup", *common, "--out", str(out)]) == 0
    assert zipfile.is_zipfile(out)
    assert main(["discard-draft", *common, "--case", school.reference, "--reason", "x"]) == 1
    assert hashes(school.db.parent) == before
    refusing_probe(None)
    assert main(["discard-draft", *common, "--case", school.reference, "--reason", "x"]) == 0


# -- the same on real small file systems ----------------------------------------------


@pytest.mark.parametrize("kind", ["full", "read-only"])
def test_on_a_real_small_disk(school: School, tmp_path: Path, kind: str) -> None:
    reason = small_disk.unavailable()
    if reason:
        pytest.skip(f"no real small disk here: {reason} (the injected tests cover this)")
    mount = tmp_path / "small-disk"
    db = mount / school.db.name
    usb = tmp_path / "usb-stick"
    usb.mkdir()
    common = ["--db", str(db), "--user", DSL, "--password-file", str(school.password_file)]
    break_it, fix = (["fill"], ["free"]) if kind == "full" else (["read-only"], ["writable"])
    results = small_disk.run_on_small_disk(
        school.db.parent,
        mount,
        [
            break_it,
            ["hash"],
            ["cli", "cases", *common],
            ["cli", "backup", *common, "--out", str(usb / "rescue.zip")],
            ["cli", "export-pdf", *common, "--case", school.reference, "--out", str(usb / "c.pdf")],
            ["cli", "verify", *common],
            ["cli", "discard-draft", *common, "--case", school.reference, "--reason", "typo"],
            ["hash"],
            fix,
            ["cli", "cases", *common],
            ["cli", "discard-draft", *common, "--case", school.reference, "--reason", "typo"],
        ],
    )
    first, listed, backed_up, exported, verified, refused, second, after, discarded = results
    error = DiskFull if kind == "full" else ReadOnlyMedium
    told = str(error(str(db)))
    assert first.hashes == second.hashes  # not a byte changed, no -wal or -shm made
    assert listed.rc == 0 and school.reference in listed.out
    assert listed.err == f"casebook: read-only: {told}\n"
    assert backed_up.rc == 0, backed_up.err
    assert zipfile.is_zipfile(usb / "rescue.zip")
    assert exported.rc in (0, 1) and "unexpected" not in exported.err
    assert verified.rc == 0, verified.err
    assert "OK: database sound" in verified.out
    assert refused.rc == 1 and refused.err.endswith(f"casebook: {told}\n")
    # The cause gone, it reads and saves as usual.
    assert after.rc == 0 and after.err == "" and school.reference in after.out
    assert discarded.rc == 0, discarded.err
    assert "unexpected" not in "".join(r.err for r in results if r.hashes is None)
    # What the read-only sign-ins held is in the rescue backup.
    restored = tmp_path / "restored" / "casebook.db"
    restore_backup(usb / "rescue.zip", restored, username=DSL, password=PASSWORD)
    ws = unlock(restored, DSL, PASSWORD)
    try:
        actions = [e.action for e in _entries(ws)]
        assert actions.count(audit.Action.SIGNED_IN) >= 3
    finally:
        ws.close()


def test_probe_leaves_nothing_and_reads_the_files_without_changing_them(school: School) -> None:
    before = hashes(school.db.parent)
    assert store.write_problem(school.db) is None
    assert hashes(school.db.parent) == before
    assert not store.probe_path(school.db).exists()


def test_an_old_key_file_learns_its_database_at_the_first_good_open(school: School) -> None:
    import json

    doc = json.loads(school.keys.read_bytes())
    salt = doc.pop("database_salt")
    assert salt == db_header.salt_of(school.db.read_bytes()[:16])
    school.keys.write_text(json.dumps(doc), encoding="utf-8")
    sign_in_and_out(school)
    assert json.loads(school.keys.read_bytes())["database_salt"] == salt
    # A restored backup's copy has a salt of its own; the key file follows it.
    restore(school)
    sign_in_and_out(school)
    assert json.loads(school.keys.read_bytes())["database_salt"] == db_header.salt_of(
        school.db.read_bytes()[:16]
    )


def test_damage_to_the_salt_alone_is_told_as_damage(school: School) -> None:
    data = bytearray(school.db.read_bytes())
    data[:16] = os.urandom(16)
    school.db.write_bytes(bytes(data))
    with pytest.raises(DatabaseDamaged) as refused:
        unlock(school.db, DSL, PASSWORD)
    assert type(refused.value) is DatabaseDamaged
    shutil.rmtree(school.db.parent)
    school.db.parent.mkdir()
    restore(school)
    sign_in_and_out(school)


def test_a_disk_that_fills_during_the_session_turns_it_read_only(
    school: School, refusing_probe: Callable[[int | None], None]
) -> None:
    from sqlalchemy import event

    ws = unlock(school.db, DSL, PASSWORD)
    try:
        case_id = cases.load_case(ws, school.reference).case.id
        written = len(_entries(ws))
        # SQLite's own view of a full disk for the next writes, and the probe's.
        with ws.engine.connect() as conn:
            pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
        ws.engine.dispose()
        event.listen(
            ws.engine,
            "connect",
            lambda dbapi, _record: dbapi.execute(f"PRAGMA max_page_count = {pages}"),
        )
        refusing_probe(errno.ENOSPC)
        with pytest.raises(DiskFull):
            for _ in range(50):
                cases.save_draft_page(ws, case_id, "incident", {"summary": "x" * 20_000})
        assert type(ws.read_only) is DiskFull
        # Reading goes on; the "viewed" entry is held.
        assert cases.load_case(ws, school.reference).case.reference == school.reference
        assert [e.action for e in ws.held_entries] == ["viewed"]
        refusing_probe(None)
        cases.create_case(ws)  # space freed: it saves again, the held entry first
        assert ws.read_only is None
        assert [e.action for e in _entries(ws)[written:]][:1] == ["viewed"]
    finally:
        refusing_probe(None)
        ws.close()


def test_read_only_opens_a_folder_with_uri_characters_in_its_name(
    school: School, tmp_path: Path, refusing_probe: Callable[[int | None], None]
) -> None:
    odd = tmp_path / "odd ?#% name" / "casebook.db"
    odd.parent.mkdir()
    for p in school.db.parent.iterdir():
        shutil.copy2(p, odd.parent / p.name)
    refusing_probe(errno.EROFS)
    ws = unlock(odd, DSL, PASSWORD)
    try:
        assert type(ws.read_only) is ReadOnlyMedium
        assert [c.reference for c in queries.list_cases(ws, CaseStatus.DRAFT)] == [school.reference]
    finally:
        refusing_probe(None)
        ws.close()


@pytest.mark.parametrize("kind", list(STORAGE_FAULTS), ids=list(STORAGE_FAULTS))
def test_the_recovery_key_says_why_the_folder_cannot_be_written(
    school: School, refusing_probe: Callable[[int | None], None], kind: str
) -> None:
    """Recovery exists to set a new password, a write: the reason is told at once."""
    code, error = STORAGE_FAULTS[kind]
    before = hashes(school.db.parent)
    refusing_probe(code)
    with pytest.raises(error):
        unlock_with_recovery(school.db, school.recovery)
    assert hashes(school.db.parent) == before
    refusing_probe(None)
    unlock_with_recovery(school.db, school.recovery).close()


@pytest.mark.parametrize(
    ("code", "error"),
    [
        (errno.ENOSPC, DiskFull),
        (errno.EROFS, ReadOnlyMedium),
        (errno.EACCES, WriteAccessDenied),
    ],
)
def test_the_command_line_names_a_file_fault_never_unexpected(
    school: School,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    code: int,
    error: type[CannotWrite],
) -> None:
    from app import cli

    def failing(_args: Any) -> int:
        raise OSError(code, os.strerror(code), str(school.db))

    monkeypatch.setattr(cli, "cmd_cases", failing)
    assert cli.main(["cases", "--db", str(school.db), "--user", DSL]) == 1
    assert capsys.readouterr().err == f"casebook: {error(str(school.db))}\n"


@pytest.mark.parametrize("kind", ["full", "read-only"])
def test_a_wal_left_by_a_crash_is_read_on_a_real_small_disk(
    school: School, tmp_path: Path, kind: str
) -> None:
    """Committed changes still in the WAL (Casebook was killed) are read, not lost.

    With no WAL, `immutable=1` reads the main file alone; with one, `mode=ro`
    reads it through its -shm (or, on a read-only medium, an index in memory).
    """
    reason = small_disk.unavailable()
    if reason:
        pytest.skip(f"no real small disk here: {reason} (the injected tests cover this)")
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    ws = unlock(school.db, DSL, PASSWORD)
    try:
        made = cases.create_case(ws)  # committed, and still in the WAL while open
        wal = school.db.with_name(school.db.name + "-wal")
        assert wal.stat().st_size > 0
        for p in school.db.parent.iterdir():  # the folder as a kill -9 leaves it
            shutil.copy2(p, crashed / p.name)
    finally:
        ws.close()
    mount = tmp_path / "small-disk"
    common = ["--db", str(mount / "casebook.db"), "--user", DSL]
    common += ["--password-file", str(school.password_file)]
    break_it = ["fill"] if kind == "full" else ["read-only"]
    first, listed, second = small_disk.run_on_small_disk(
        crashed, mount, [break_it, ["hash"], ["cli", "cases", *common], ["hash"]]
    )
    assert "casebook.db-wal" in (first.hashes or {})
    if kind == "full":
        # The one file that may change: on a disk that is full but writable, a reader
        # of a WAL updates the read marks in -shm, SQLite's shared-memory index of the
        # WAL (rebuilt from the WAL whenever needed; it holds no record). The database,
        # the WAL, the key file and the seal log keep every byte.
        for seen in (first, second):
            assert seen.hashes is not None
            seen.hashes.pop("casebook.db-shm")
    assert first.hashes == second.hashes
    assert listed.rc == 0, listed.err
    assert made.reference in listed.out and school.reference in listed.out
    assert "read-only" in listed.err


def test_a_read_only_session_prints_verifies_and_backs_up_to_the_backup_folder(
    school: School, tmp_path: Path, refusing_probe: Callable[[int | None], None]
) -> None:
    from app import printing
    from app.services.backup import backup_to_folder
    from app.services.verify import verify

    before = hashes(school.db.parent)
    refusing_probe(errno.EROFS)
    ws = unlock(school.db, DSL, PASSWORD)
    try:
        assert type(ws.read_only) is ReadOnlyMedium
        pdf = printing.case_pdf(ws, school.reference, purpose="printed")
        assert pdf.startswith(b"%PDF")
        report = verify(ws)
        assert report.sound, report.problems
        made = backup_to_folder(ws, tmp_path / "backup-folder", create=True)  # the window's backup
        assert made.is_file()
        actions = [e.action for e in ws.held_entries]
        assert actions[0] == audit.Action.SIGNED_IN
        assert {"printed", "verified", "backup"} <= set(actions)
        assert hashes(school.db.parent) == before
    finally:
        refusing_probe(None)
        ws.close()  # writable again: the held entries go in as it closes
    ws = unlock(school.db, DSL, PASSWORD)
    try:
        written = [e.action for e in _entries(ws)]
        assert {"printed", "verified", "backup"} <= set(written)
    finally:
        ws.close()


# -- a backup stick that is full ------------------------------------------------------


def test_a_backup_to_a_full_stick_says_so_and_leaves_nothing_there(
    school: School, tmp_path: Path
) -> None:
    """A real small stick: filled, the backup is refused plainly; freed, it is written."""
    reason = small_disk.unavailable()
    if reason:
        pytest.skip(f"no real small disk here: {reason} (the injected test covers this)")
    stick = tmp_path / "stick"
    empty = tmp_path / "nothing-to-copy"
    empty.mkdir()
    out = stick / "b.zip"
    common = ["--db", str(school.db), "--user", DSL, "--password-file", str(school.password_file)]
    refused, on_stick, written = small_disk.run_on_small_disk(
        empty,
        stick,
        [["fill"], ["cli", "backup", *common, "--out", str(out)], ["hash"], ["free"]]
        + [["cli", "backup", *common, "--out", str(out)]],
    )
    assert refused.rc == 1
    assert refused.err == f"casebook: {BackupTargetFull(out)}\n"
    assert on_stick.hashes == {}  # no copy, journal or part-written zip left behind
    assert written.rc == 0, written.err


@pytest.mark.parametrize(
    "failure",
    [
        sqlcipher3.OperationalError("database or disk is full"),
        OSError(errno.ENOSPC, "No space left on device"),
    ],
    ids=["copy", "zip"],
)
def test_a_backup_that_runs_out_of_space_is_told_as_a_full_stick(
    school: School, tmp_path: Path, failure: BaseException
) -> None:
    """Injected where the copy or the zip is written; the database is untouched."""
    from app.services import backup

    ws = unlock(school.db, DSL, PASSWORD)
    try:
        db_before = school.db.read_bytes()

        def full(*_args: object, **_kwargs: object) -> None:
            raise failure

        target = "export_copy" if isinstance(failure, sqlcipher3.Error) else "_write_zip"
        owner = ws if target == "export_copy" else backup
        school.monkeypatch.setattr(owner, target, full)  # type: ignore[arg-type]
        out = tmp_path / "stick" / "b.zip"
        with pytest.raises(BackupTargetFull) as told:
            make_backup(ws, out)
        assert "full" in str(told.value) and "unchanged" in str(told.value)
        assert list(out.parent.iterdir()) == []
        assert school.db.read_bytes() == db_before
        school.monkeypatch.undo()
        make_backup(ws, out)  # space again: the next backup is written and checked
        assert zipfile.is_zipfile(out)
    finally:
        ws.close()
