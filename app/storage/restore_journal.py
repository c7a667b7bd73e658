"""A restore, whole or not at all: the journal that lets the next start undo a
restore that was interrupted part-way.

A restore puts two files in place of the current set (the database, its WAL
and SHM, its key files). No single rename can do that, so:

1. the backup's database and key file are written in full beside the
   database first, fsynced and checked (`.NAME.restoring`, `.NAME.keys.restoring`);
2. this journal is written, naming where the current set will be moved aside;
3. the current set is renamed aside (`store.move_aside`);
4. the staged key file takes its name, then the staged database;
5. the journal is deleted: only now has the restore happened.

At every point the old set is whole (at its own names or aside) and so is the
new one (staged or in place). While the journal exists the restore has not
happened, and the next start (`settle`, at the top of every open) puts the old
set back and removes the staged copies, which the backup still holds. The
rename steps here never copy, so a folder that refuses renames makes the
restore fail whole instead.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from app.errors import CasebookError
from app.storage import fileio
from app.storage.instance_lock import DatabaseLock

# The files of one database, moved aside and back together: WAL and SHM first,
# so the main file never sits beside another database's WAL.
DATABASE_SET = ("-wal", "-shm", ".keys.pending", ".keys", "")


class RestoreNotUndone(CasebookError):
    """An interrupted restore could not be undone at start (a file held, say)."""

    def __init__(self, db_path: Path, aside: Path | None) -> None:
        where = f"; the database that was there is safe, renamed, at {aside}" if aside else ""
        super().__init__(
            f"A restore into {db_path.parent} was interrupted and could not be undone yet{where}. "
            "Do not delete anything: close other programs using the folder and open Casebook "
            "again, or ask IT."
        )


def journal_path(db_path: Path) -> Path:
    return db_path.with_name(f".{db_path.name}.restore-journal")


def staged_database(db_path: Path) -> Path:
    return db_path.with_name(f".{db_path.name}.restoring")


def staged_keys(db_path: Path) -> Path:
    return db_path.with_name(f".{db_path.name}.keys.restoring")


def _with(base: Path, extra: str) -> Path:
    return base.with_name(base.name + extra)


def begin(db_path: Path, aside: Path | None) -> None:
    """Step 2: record that a restore is under way and where the current set goes."""
    import json  # here, not at the top: every start looks for a journal, few read one

    doc = {"format": "casebook-restore", "version": 1, "aside": aside.name if aside else None}
    fileio.atomic_write(journal_path(db_path), json.dumps(doc).encode("utf-8"))


def aside_of(db_path: Path) -> Path | None:
    import json

    try:
        doc = json.loads(journal_path(db_path).read_bytes())
        name = doc.get("aside") if isinstance(doc, dict) else None
    except (OSError, ValueError):
        return None  # a journal cut short was written before anything moved
    if not isinstance(name, str) or not name or "/" in name or "\\" in name:
        return None
    return db_path.with_name(name)


def put_in_place(db_path: Path) -> None:
    """Step 4: the staged key file takes its name, then the staged database."""
    fileio.replace(staged_keys(db_path), _with(db_path, ".keys"))
    fileio.replace(staged_database(db_path), db_path)


def finish(db_path: Path) -> None:
    """Step 5: the restore has happened."""
    journal_path(db_path).unlink()
    with contextlib.suppress(OSError):
        fileio.fsync_dir(db_path.parent)


def _put_back(src: Path, dst: Path) -> None:
    """`src` (set aside) at its own name again: renamed, or copied where the rename
    is refused (antivirus holding it), so a spare copy may stay aside.

    The aside name was free when the restore began, so a file at `dst` as well
    can only be an earlier copy of `src`, perhaps cut short by a crash: it is
    made whole again.
    """
    if dst.exists():
        if not fileio.same_content(src, dst):
            fileio.copy_checked(src, dst)
        return
    try:
        fileio.replace(src, dst)
    except PermissionError:
        fileio.copy_checked(src, dst)


def undo(db_path: Path) -> Path | None:
    """Put back the set moved aside, whatever step the restore reached; idempotent.

    Returns where the set had been moved aside (None if nothing had been).
    Raises OSError if a file cannot be moved; the journal then stays, so the
    next try carries on from where this one stopped.
    """
    journal = journal_path(db_path)
    aside = aside_of(db_path)
    # A staged file that is gone has taken its name: what holds that name now
    # is the backup's copy, not the DSL's file. It goes back to its staged name
    # (never deleted here), so a second try after a crash can tell them apart.
    if not staged_keys(db_path).exists() and _with(db_path, ".keys").exists():
        fileio.replace(_with(db_path, ".keys"), staged_keys(db_path))
    if not staged_database(db_path).exists() and db_path.exists():
        for extra in ("-wal", "-shm"):  # made after the old set was moved aside
            with contextlib.suppress(FileNotFoundError):
                _with(db_path, extra).unlink()
        fileio.replace(db_path, staged_database(db_path))
    if aside is not None:
        for extra in DATABASE_SET:
            src = _with(aside, extra)
            if src.exists():
                _put_back(src, _with(db_path, extra))
    for staged in (staged_database(db_path), staged_keys(db_path)):
        for extra in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(FileNotFoundError):
                _with(staged, extra).unlink()
    with contextlib.suppress(FileNotFoundError):
        journal.unlink()
    fileio.fsync_dir(db_path.parent)
    return aside


def settle(db_path: Path) -> None:
    """At open: undo a restore that was interrupted, before any file is read.

    A restore killed before its journal was written moved nothing; only its
    staged copies (the backup still holds them) are left, and they go too.
    """
    staged = (staged_database(db_path), staged_keys(db_path))
    if not journal_path(db_path).exists():
        if any(p.exists() for p in staged):
            _drop_staged(db_path, staged)
        return
    lock = DatabaseLock(db_path)
    try:
        lock.acquire()  # a restore still running holds it: "already open" is then the truth
    except CasebookError:
        raise
    except OSError as exc:  # a medium that cannot be written: the restore cannot be undone yet
        raise RestoreNotUndone(db_path, aside_of(db_path)) from exc
    try:
        if not journal_path(db_path).exists():
            return
        try:
            undo(db_path)
        except OSError as exc:
            raise RestoreNotUndone(db_path, aside_of(db_path)) from exc
    finally:
        lock.release()


def _drop_staged(db_path: Path, staged: tuple[Path, ...]) -> None:
    lock = DatabaseLock(db_path)
    try:
        lock.acquire()
    except (CasebookError, OSError):
        return  # a restore may be staging them right now, or nothing can be removed here
    try:
        if not journal_path(db_path).exists():
            for path in staged:
                for extra in ("", "-wal", "-shm", "-journal"):
                    with contextlib.suppress(FileNotFoundError):
                        _with(path, extra).unlink()
    finally:
        lock.release()
