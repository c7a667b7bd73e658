"""A restore cut off at any step leaves the old database and its key file whole,
and the next open puts them back as they were.

The restore stages the backup's database and key file, writes its journal,
moves the current set aside, puts the staged pair in place and drops the
journal (app/storage/restore_journal.py). Here the process "dies" at each of
those renames in turn: an exception no code of Casebook catches stops it
there, leaving the files as a kill would.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import pytest

from app.errors import DatabaseMissing, WrongPassword
from app.security.keyslots import slots_for_database
from app.services import cases, queries
from app.services.backup import make_backup, restore_backup
from app.services.workspace import Workspace, unlock
from app.storage import restore_journal
from app.storage.paths import database_exists, keyslots_path
from tests.conftest import DSL, PASSWORD


class Killed(BaseException):
    """The process ends here (nothing in Casebook catches a BaseException)."""


def _references(db_path: Path) -> list[str]:
    ws = unlock(db_path, DSL, PASSWORD)
    try:
        return [c.reference for c in queries.list_cases(ws)]
    finally:
        ws.close()


def _set_digests(db_path: Path) -> dict[str, str]:
    """The database's own files (not the lock, not the seal log Casebook appends to)."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in (db_path, keyslots_path(db_path))
    }


def _die_at_rename(monkeypatch: pytest.MonkeyPatch, n: int) -> list[str]:
    """The n-th os.replace from now on never happens: the process dies instead."""
    real = os.replace
    done: list[str] = []

    def replace(src: Any, dst: Any, **kw: Any) -> None:
        if len(done) + 1 == n:
            raise Killed(os.fsdecode(dst))
        real(src, dst, **kw)
        done.append(Path(os.fsdecode(dst)).name)

    monkeypatch.setattr(os, "replace", replace)
    return done


@pytest.fixture
def backed_up(ws: Workspace, db_path: Path, tmp_path: Path) -> tuple[Path, list[str]]:
    """A backup of one case, then a second case only the database holds; closed."""
    cases.create_case(ws)
    out = tmp_path / "usb" / "b.casebook"
    make_backup(ws, out)
    cases.create_case(ws)
    ws.close()
    return out, _references(db_path)


def _no_leftovers(db_path: Path) -> None:
    folder = db_path.parent
    assert not list(folder.glob(".*restor*")), sorted(p.name for p in folder.iterdir())
    assert not list(folder.glob("casebook.db.replaced-*"))


# The renames of a restore into a closed database, in order: the staged key
# file (1), the journal (2), the key file and the database moved aside (3, 4),
# the staged key file and database put in place (5, 6).
RENAMES = range(1, 7)


@pytest.mark.parametrize("n", RENAMES, ids=[f"rename-{n}" for n in RENAMES])
def test_a_restore_killed_at_each_rename_is_undone_at_the_next_open(
    backed_up: tuple[Path, list[str]], db_path: Path, monkeypatch: pytest.MonkeyPatch, n: int
) -> None:
    out, refs = backed_up
    before = _set_digests(db_path)
    done = _die_at_rename(monkeypatch, n)
    with pytest.raises(Killed):
        restore_backup(out, db_path, username=DSL, password=PASSWORD)
    monkeypatch.undo()
    assert len(done) == n - 1
    assert database_exists(db_path)  # never the first-run screen over data set aside
    slots_for_database(db_path)  # the next open: puts the old pair back first
    assert _set_digests(db_path) == before
    _no_leftovers(db_path)
    assert _references(db_path) == refs
    # And the restore, tried again, works.
    aside = restore_backup(out, db_path, username=DSL, password=PASSWORD)
    assert aside is not None and len(_references(db_path)) == len(refs) - 1


def test_a_restore_killed_after_its_last_rename_is_undone_too(
    backed_up: tuple[Path, list[str]], db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Until the journal goes, the restore has not happened."""
    out, refs = backed_up
    before = _set_digests(db_path)

    def die(_db: Path) -> None:
        raise Killed()

    monkeypatch.setattr(restore_journal, "finish", die)
    with pytest.raises(Killed):
        restore_backup(out, db_path, username=DSL, password=PASSWORD)
    monkeypatch.undo()
    with pytest.raises(WrongPassword):  # even a wrong password at the next open undoes it
        unlock(db_path, DSL, "not the password")
    assert _set_digests(db_path) == before
    _no_leftovers(db_path)
    assert _references(db_path) == refs


def test_an_undo_killed_part_way_is_finished_by_the_open_after(
    backed_up: tuple[Path, list[str]], db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, refs = backed_up
    before = _set_digests(db_path)
    _die_at_rename(monkeypatch, 6)  # both old files aside, the new key file in place
    with pytest.raises(Killed):
        restore_backup(out, db_path, username=DSL, password=PASSWORD)
    monkeypatch.undo()
    # The undo itself dies at its first rename, then (each time one step on) at its second.
    for n in (1, 2, 2):
        _die_at_rename(monkeypatch, n)
        with pytest.raises(Killed):
            slots_for_database(db_path)
        monkeypatch.undo()
        assert database_exists(db_path)
    slots_for_database(db_path)
    assert _set_digests(db_path) == before
    _no_leftovers(db_path)
    assert _references(db_path) == refs


def test_a_restore_into_an_empty_folder_killed_half_way_leaves_nothing(
    backed_up: tuple[Path, list[str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, _refs = backed_up
    fresh = tmp_path / "new-laptop" / "casebook.db"
    _die_at_rename(monkeypatch, 4)  # the staged key file is in place, the database not yet
    with pytest.raises(Killed):
        restore_backup(out, fresh, username=DSL, password=PASSWORD)
    monkeypatch.undo()
    assert keyslots_path(fresh).exists() and not fresh.exists()
    with pytest.raises(DatabaseMissing):  # not "database file lost": nothing was restored
        slots_for_database(fresh)
    assert sorted(p.name for p in fresh.parent.iterdir()) == ["casebook.db.lock"]
    restore_backup(out, fresh, username=DSL, password=PASSWORD)
    assert len(_references(fresh)) == 1


def test_a_restore_killed_while_staging_leaves_no_hidden_copy(
    backed_up: tuple[Path, list[str]], db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Killed before the journal: nothing moved; the staged copy goes at the next open."""
    out, refs = backed_up
    before = _set_digests(db_path)
    from app.services import backup as backup_module

    real_checked_copy = backup_module._checked_copy

    def staged_then_killed(*args: Any) -> int:
        real_checked_copy(*args)
        raise Killed()

    monkeypatch.setattr(backup_module, "_checked_copy", staged_then_killed)
    with pytest.raises(Killed):
        restore_backup(out, db_path, username=DSL, password=PASSWORD)
    monkeypatch.undo()
    slots_for_database(db_path)
    assert _set_digests(db_path) == before
    _no_leftovers(db_path)
    assert _references(db_path) == refs


def test_an_interrupted_restore_that_cannot_be_undone_yet_says_so_and_waits(
    backed_up: tuple[Path, list[str]], db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    out, refs = backed_up
    before = _set_digests(db_path)
    _die_at_rename(monkeypatch, 5)  # both old files aside, nothing new in place
    with pytest.raises(Killed):
        restore_backup(out, db_path, username=DSL, password=PASSWORD)
    monkeypatch.undo()
    aside = restore_journal.aside_of(db_path)
    assert aside is not None

    def busy(src: Any, dst: Any, **_: Any) -> None:
        raise OSError(errno.EBUSY, "busy", os.fsdecode(src))

    monkeypatch.setattr(os, "replace", busy)
    with pytest.raises(restore_journal.RestoreNotUndone) as refused:
        slots_for_database(db_path)
    assert str(refused.value) == (
        f"A restore into {db_path.parent} was interrupted and could not be undone yet; the "
        f"database that was there is safe, renamed, at {aside}. Do not delete anything: close "
        "other programs using the folder and open Casebook again, or ask IT."
    )
    assert restore_journal.journal_path(db_path).exists()  # tried again at the next open
    monkeypatch.undo()
    slots_for_database(db_path)
    assert _set_digests(db_path) == before
    assert _references(db_path) == refs
