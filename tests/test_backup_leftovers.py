"""Killed backups leave nothing behind for good.

A backup writes the database's encrypted copy (`.NAME.db-copy`, and SQLite's
`-journal` of it) and the zip (`.NAME.partial`) beside the file it makes. A
backup killed part-way leaves them, each up to a full copy of the database;
hidden, and not named like a backup, rotation never removed them. The next
backup into the folder now does, quietly: only Casebook's own names, only
files older than `LEFTOVER_AGE` (a younger one may be another backup's, still
running).
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import random
import signal
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from app.services import backup
from app.services.backup import LEFTOVER_AGE, backup_leftovers, backup_to_folder, make_backup
from app.services.workspace import Workspace, unlock
from tests.conftest import DSL, PASSWORD
from tests.helpers import backup_killer
from tests.helpers.cli import casebook_here

needs_fork = pytest.mark.skipif(
    not hasattr(signal, "SIGKILL") or "forkserver" not in multiprocessing.get_all_start_methods(),
    reason="needs SIGKILL and a forkserver",
)


@pytest.fixture(scope="module")
def forkserver() -> Any:
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["app.services.backup", "tests.helpers.backup_killer"])
    return ctx


def _age(paths: list[Path], by: timedelta = LEFTOVER_AGE + timedelta(minutes=1)) -> None:
    when = time.time() - by.total_seconds()
    for path in paths:
        os.utime(path, (when, when))


def _hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def _stop(ctx: Any, db: Path, out: Path, where: str) -> None:
    child = ctx.Process(
        target=backup_killer.stop_backup_at, args=(str(db), DSL, PASSWORD, str(out), where)
    )
    child.start()
    child.join(60)
    assert child.exitcode == 0, "the stop was not reached"


@needs_fork
def test_the_next_backup_removes_what_backups_killed_at_each_step_left(
    forkserver: Any, ws: Workspace, db_path: Path, tmp_path: Path
) -> None:
    usb = tmp_path / "usb"
    first = backup_to_folder(ws, usb, now=datetime(2026, 11, 2, 9, 0), create=True)
    ws.close()
    for n, where in enumerate(("copied", "zipped", "checking")):
        _stop(
            forkserver, db_path, usb / f"{backup.AUTO_PREFIX}2026110{3 + n}-090000.casebook", where
        )
    left = _hidden(usb)
    assert left == [
        ".casebook-backup-20261103-090000.casebook.db-copy",
        ".casebook-backup-20261104-090000.casebook.db-copy",
        ".casebook-backup-20261104-090000.casebook.partial",
        ".casebook-backup-20261105-090000.casebook.partial",
    ], left
    assert backup.list_backups(usb) == [first]  # rotation never sees them
    _age([usb / name for name in left])
    kept = hashlib.sha256(first.read_bytes()).hexdigest()

    ws = unlock(db_path, DSL, PASSWORD)
    try:
        new = backup_to_folder(ws, usb, now=datetime(2026, 11, 6, 9, 0))
    finally:
        ws.close()
    assert _hidden(usb) == []
    assert backup.list_backups(usb) == [new, first]
    assert hashlib.sha256(first.read_bytes()).hexdigest() == kept
    backup.read_backup(new)


@needs_fork
def test_backups_killed_at_random_moments_leave_nothing_after_the_next(
    forkserver: Any, ws: Workspace, db_path: Path, tmp_path: Path
) -> None:
    ws.close()
    folder = tmp_path / "share"
    folder.mkdir()
    rng = random.Random(7)
    for _ in range(6):
        child = forkserver.Process(
            target=backup_killer.backup_forever, args=(str(db_path), DSL, PASSWORD, str(folder))
        )
        child.start()
        time.sleep(rng.uniform(0.2, 1.2))
        assert child.pid is not None
        os.kill(child.pid, signal.SIGKILL)
        child.join(10)
        assert child.exitcode == -signal.SIGKILL  # killed while backing up, not failed
    left = _hidden(folder)
    assert any(name.endswith((".db-copy", ".partial")) for name in left), left
    _age(list(folder.iterdir()))
    ws = unlock(db_path, DSL, PASSWORD)
    try:
        make_backup(ws, folder / "after.casebook")
    finally:
        ws.close()
    assert _hidden(folder) == []
    for path in folder.iterdir():  # every file that stayed is a whole, checked backup
        backup.read_backup(path)


def test_only_casebooks_own_old_leftovers_go(ws: Workspace, tmp_path: Path) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    zip_start = b"PK\x03\x04" + bytes(26) + b"casebook.db" + b"rest of a cut-off zip"
    files = {
        ".b.casebook.db-copy": b"encrypted copy",
        ".b.casebook.db-copy-journal": b"journal",
        ".b.casebook.partial": zip_start,
        ".fresh.casebook.db-copy": b"another backup, still running",
        ".notes.partial": b"someone else's download",
        ".PK.partial": b"PK\x03\x04" + bytes(26) + b"other.txt",
        "b.casebook.db-copy": b"not hidden: not ours",
        ".db-copy": b"no name before it",
        "holiday.jpg": b"jpeg",
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    _age([folder / n for n in files if not n.startswith(".fresh")])
    cleaned = make_backup(ws, folder / "new.casebook")
    assert cleaned == 3
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        {*files} - {".b.casebook.db-copy", ".b.casebook.db-copy-journal", ".b.casebook.partial"}
        | {"new.casebook"}
    )


def test_a_leftover_younger_than_the_margin_is_left_for_next_time(
    ws: Workspace, tmp_path: Path
) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    young = folder / ".x.casebook.db-copy"
    young.write_bytes(b"copy")
    assert backup_leftovers(folder, datetime.now() - LEFTOVER_AGE) == []
    assert backup_leftovers(folder, datetime.now() + LEFTOVER_AGE + timedelta(seconds=1)) == [young]


def test_the_command_line_says_in_one_line_that_leftovers_went(
    ws: Workspace, db_path: Path, tmp_path: Path
) -> None:
    ws.close()
    folder = tmp_path / "usb"
    folder.mkdir()
    leftover = folder / ".old.casebook.db-copy"
    leftover.write_bytes(b"copy")
    _age([leftover])
    pw = tmp_path / "pw.txt"
    pw.write_text(PASSWORD + "\n", encoding="utf-8")
    result = casebook_here(
        "backup", "--db", db_path, "--user", DSL, "--password-file", pw,
        "--out", folder / "b.casebook",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == (
        "Removed 1 files left in that folder by backups that were interrupted."
    )
    assert not leftover.exists()
