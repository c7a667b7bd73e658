"""Self-contained encrypted backups: the database and its key slots in one file.

A backup is a zip holding an encrypted copy of the database (made with
SQLCipher's export inside one read transaction), the key file and a manifest
with their SHA-256. It opens with any account's password or the recovery key
that was current when it was made. Restoring never overwrites: the current
database is renamed aside first, and put back if the backup cannot be.

The database member is copied, hashed and checked a chunk at a time, so a
backup or a restore needs little memory whatever the size of the database.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import logging
import os
import time
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO

import sqlcipher3

from app import __version__
from app.errors import CasebookError, DatabaseDamaged, InvalidInput, NotAllowed
from app.security.keyslots import KeySlots
from app.services import audit, seal
from app.services import settings as settings_service
from app.services.workspace import Workspace, open_with_key, unlock_with_recovery
from app.storage import backup_folder, fileio, restore_journal, store
from app.storage.fileio import atomic_write, make_owner_only, open_for_writing
from app.storage.instance_lock import DatabaseLock

log = logging.getLogger(__name__)

FORMAT = "casebook-backup"
VERSION = 1
DB_MEMBER = "casebook.db"
KEYS_MEMBER = "casebook.db.keys"
MANIFEST = "manifest.json"

_STAMP = "%Y%m%d-%H%M%S"  # backup and set-aside names, to the second
CHUNK_BYTES = 1024 * 1024  # copied and hashed at a time
# Plain zip headers stop at 2 GiB; zipfile must be told before a larger member.
ZIP64_FROM_BYTES = (1 << 31) - 1
# The manifest and key file are a few kilobytes; a much larger one is not ours,
# and is refused before it is read into memory.
SMALL_MEMBER_MAX_BYTES = 16 * 1024 * 1024
# What reading a damaged, truncated or foreign zip can raise.
_UNREADABLE = (
    OSError,
    EOFError,
    zipfile.BadZipFile,
    KeyError,
    ValueError,
    TypeError,
    RuntimeError,  # an encrypted member, or a compression method zipfile lacks
)


class BackupInvalid(CasebookError):
    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} is not a complete Casebook backup; nothing was restored.")


class BackupNotWritten(CasebookError):
    """The backup just written did not read back whole (a failing stick, a full share)."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"The backup {path} could not be written and checked: reading it back found "
            "it incomplete, so it was not kept. The database itself is unchanged; check "
            "the USB stick or share has space, then back up again."
        )


class BackupTargetFull(CasebookError):
    """The USB stick or share ran out of space (or went away) while the backup was written."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"The backup {path} could not be written: the USB stick or share it goes to is "
            "full, so nothing was kept there. The database itself is unchanged; free some "
            "space on it or choose another folder, then back up again."
        )


def _is_out_of_space(error: BaseException) -> bool:
    if isinstance(error, OSError):
        return error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))
    # SQLCipher's copy says so in words ("database or disk is full").
    return isinstance(error, sqlcipher3.Error) and "full" in str(error).lower()


class BackupRefused(CasebookError):
    def __init__(self) -> None:
        super().__init__(
            "No backup was made: Casebook's check found damage in the database. "
            "Your earlier backups are untouched; keep them safe and ask IT to run "
            "'casebook verify'."
        )


class RestoreNotPutInPlace(CasebookError):
    """The last rename of a restore failed; the database that was there is back."""

    def __init__(self, had_database: bool) -> None:
        back = " The database that was there is back in place, as it was." if had_database else ""
        super().__init__(
            "The backup could not be put in place: another program (antivirus or the "
            f"search indexer, perhaps) was holding the files. Nothing was restored.{back} "
            "Wait a minute, then try again."
        )


class RestoreStuck(CasebookError):
    """The restore failed and the database set aside could not be put back."""

    def __init__(self, aside: Path, db_path: Path) -> None:
        super().__init__(
            "The backup could not be put in place, and the database that was there could "
            f"not be moved back either. It is safe, renamed, at {aside}. Do not delete "
            f"anything: ask IT to rename it and its .keys file back to {db_path.name} "
            "before Casebook is opened again."
        )


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _copy(src: IO[bytes], dst: IO[bytes] | None) -> str:
    """Copy `src` into `dst` (or only read it) a chunk at a time; the SHA-256 of it."""
    digest = hashlib.sha256()
    while chunk := src.read(CHUNK_BYTES):
        digest.update(chunk)
        if dst is not None:
            dst.write(chunk)
    return digest.hexdigest()


def _sidecar(path: Path, label: str) -> Path:
    return path.with_name(f".{path.name}.{label}")


# What a backup writes before its file takes its name, beside it: the database's
# encrypted copy (and SQLite's journal of it) and the zip being written. A
# backup killed part-way leaves them; the next backup into the folder removes
# those older than LEFTOVER_AGE (younger ones may be another backup's, running).
_COPY_LEFTOVERS = (".db-copy", ".db-copy-journal", ".db-copy-wal", ".db-copy-shm")
_PARTIAL = ".partial"
LEFTOVER_AGE = timedelta(minutes=10)
_ZIP_HEADER = b"PK\x03\x04"
_FIRST_MEMBER_AT = 30  # a zip's first member name follows its 30-byte local header


def _is_casebook_partial(path: Path, copy: Path) -> bool:
    """A `.NAME.partial` Casebook began: a zip whose first member is the database,
    or one cut off before its first header while its database copy is beside it."""
    with path.open("rb") as f:
        head = f.read(_FIRST_MEMBER_AT + len(DB_MEMBER))
    if head.startswith(_ZIP_HEADER) and head[_FIRST_MEMBER_AT:] == DB_MEMBER.encode():
        return True
    return len(head) < _FIRST_MEMBER_AT and copy.exists()


def backup_leftovers(folder: Path, older_than: datetime) -> list[Path]:
    """Files killed backups left in `folder`, last changed before `older_than`.

    Only Casebook's own names (`.NAME.db-copy`, its journal, `.NAME.partial`),
    and a `.partial` only if it is one of Casebook's zips.
    """
    if not folder.is_dir():
        return []
    cutoff = older_than.timestamp()
    found = []
    for path in folder.iterdir():
        name = path.name
        if not name.startswith(".") or not path.is_file() or path.is_symlink():
            continue
        stem = next((name[: -len(s)] for s in (*_COPY_LEFTOVERS, _PARTIAL) if name.endswith(s)), "")
        if len(stem) < 2:  # "." and at least one character of the backup's name
            continue
        try:
            if path.stat().st_mtime >= cutoff:
                continue
            if name.endswith(_PARTIAL) and not _is_casebook_partial(
                path, folder / f"{stem}.db-copy"
            ):
                continue
        except OSError:
            continue
        found.append(path)
    return sorted(found)


def clean_backup_leftovers(folder: Path, started: datetime | None = None) -> int:
    """Remove what killed backups left in `folder`; how many files went.

    Run at the start of each backup into the folder, so a USB stick does not
    fill up with hidden encrypted copies. Never bothers the DSL: a file that
    cannot be removed now is tried again next time.
    """
    moment = started or datetime.now()
    removed = 0
    for path in backup_leftovers(folder, moment - LEFTOVER_AGE):
        try:
            path.unlink()
        except OSError:
            continue
        removed += 1
    if removed:
        log.info("removed %d files left by interrupted backups", removed)
    return removed


def make_backup(ws: Workspace, out: Path, reason: str = "") -> int:
    """Write a backup to `out` and check it by reading it back.

    `reason` (one of REASONS: on close, daily, by hand) goes into the manifest.

    The database is checked in full first: a copy of a damaged file is refused,
    so it can never push a good backup out of the rotation. Files left in the
    folder by earlier backups that were killed are removed first; returns how
    many.
    """
    if out.exists():
        raise InvalidInput(f"{out} already exists; choose a new file name.")
    # A session already stopped by the check after sign-in needs no second full read.
    if ws.writes_stopped or ws.integrity_problems():
        raise BackupRefused()
    out.parent.mkdir(parents=True, exist_ok=True)
    cleaned = clean_backup_leftovers(out.parent)
    copy = _sidecar(out, "db-copy")  # encrypted, like the database itself
    partial = _sidecar(out, "partial")
    for stale in (copy, partial):
        with contextlib.suppress(FileNotFoundError):
            stale.unlink()
    try:
        ws.export_copy(copy)  # a read-only session's held audit entries go in with it
        # The seal of exactly what was copied: an anchor that a rewritten history cannot match.
        head = seal.head_of_file(copy, ws.database_key())
        _write_zip(partial, copy, ws.keyslots(), head, reason)
        copy.unlink()  # the zip holds it now; free the stick's space before the check
        try:
            read_backup(partial)  # checked after writing, before it takes the real name
        except BackupInvalid as exc:
            raise BackupNotWritten(out) from exc
        try:
            fileio.put_in_place(partial, out)  # a checked copy where renames are refused
        except fileio.NotPutInPlace as exc:
            raise BackupNotWritten(out) from exc
    except (OSError, sqlcipher3.Error) as exc:
        if _is_out_of_space(exc):
            raise BackupTargetFull(out) from exc
        if isinstance(exc, sqlcipher3.Error):  # the copy could not be written whole
            raise BackupNotWritten(out) from exc
        raise
    finally:
        for temporary in (copy, partial):
            with contextlib.suppress(FileNotFoundError):
                temporary.unlink()
    make_owner_only(out)
    with ws.write() as s:
        ws.audit(s, audit.Action.BACKUP, audit.DATABASE_TARGET, "backup written and checked")
    seal.anchor(ws, "backup")
    return cleaned


def _write_zip(partial: Path, copy: Path, keys: KeySlots, head: seal.Head, reason: str) -> None:
    """The backup file: the database streamed in, then the key file and the manifest.

    Readers find members by name, so the manifest coming last (once the
    database's hash is known from the one pass that copies it) changes nothing
    for them.
    """
    keys_bytes = keys.to_bytes()
    large = copy.stat().st_size >= ZIP64_FROM_BYTES
    with os.fdopen(open_for_writing(partial), "wb") as raw:
        with zipfile.ZipFile(raw, "w", zipfile.ZIP_STORED) as zf:
            with copy.open("rb") as src, zf.open(DB_MEMBER, "w", force_zip64=large) as dst:
                db_sum = _copy(src, dst)
            zf.writestr(KEYS_MEMBER, keys_bytes)
            manifest = {
                "format": FORMAT,
                "version": VERSION,
                "app_version": __version__,
                "created_at": datetime.now().isoformat(timespec="seconds"),
                **({"reason": reason} if reason else {}),
                "database_id": keys.database_id,
                "sha256": {DB_MEMBER: db_sum, KEYS_MEMBER: _sha256(keys_bytes)},
                "seal": {
                    "code": head.code,
                    "count": head.count,
                    "hash": head.hash,
                    "at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                },
            }
            zf.writestr(MANIFEST, json.dumps(manifest, indent=2))
        raw.flush()
        os.fsync(raw.fileno())


@dataclass(frozen=True)
class BackupContents:
    """A checked backup's manifest and key slots; the database stays in the file."""

    manifest: dict[str, object]
    keys: KeySlots
    database_sha256: str


def _small_member(zf: zipfile.ZipFile, name: str) -> bytes:
    if zf.getinfo(name).file_size > SMALL_MEMBER_MAX_BYTES:
        raise ValueError(name)
    return zf.read(name)


def read_backup(path: Path) -> BackupContents:
    """Check a backup against its manifest, reading the database a chunk at a time."""
    try:
        with zipfile.ZipFile(path) as zf:
            manifest = json.loads(_small_member(zf, MANIFEST))
            if not isinstance(manifest, dict):
                raise BackupInvalid(path)
            if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
                raise BackupInvalid(path)
            sums = manifest["sha256"]
            keys_bytes = _small_member(zf, KEYS_MEMBER)
            with zf.open(DB_MEMBER) as member:  # zipfile also checks the CRC at the end
                db_sum = _copy(member, None)
        if sums[DB_MEMBER] != db_sum or sums[KEYS_MEMBER] != _sha256(keys_bytes):
            raise BackupInvalid(path)
        return BackupContents(manifest, KeySlots.from_bytes(keys_bytes), db_sum)
    except BackupInvalid:
        raise
    except _UNREADABLE as exc:
        raise BackupInvalid(path) from exc


def manifest_seal(path: Path) -> seal.Anchor | None:
    """The seal a backup's manifest holds (read without reading the database), or None."""
    try:
        with zipfile.ZipFile(path) as zf:
            manifest = json.loads(_small_member(zf, MANIFEST))
        kept = manifest["seal"]
        return seal.Anchor(
            f"the backup {path.name}",
            str(kept.get("at", "")),
            int(kept["count"]),
            str(kept["code"]),
            str(kept.get("hash", "")),
            "backup",
        )
    except (*_UNREADABLE, AttributeError):
        return None


def _stage(backup: Path, contents: BackupContents, staged: Path) -> None:
    """Copy the database out of the backup, checking it again on the way: the
    file may have changed since it was checked (a stick pulled and put back)."""
    try:
        with (
            zipfile.ZipFile(backup) as zf,
            zf.open(DB_MEMBER) as member,
            os.fdopen(open_for_writing(staged), "wb") as out,
        ):
            copied = _copy(member, out)
            out.flush()
            os.fsync(out.fileno())
    except (EOFError, zipfile.BadZipFile, KeyError, RuntimeError) as exc:
        raise BackupInvalid(backup) from exc
    if copied != contents.database_sha256:
        raise BackupInvalid(backup)


@dataclass(frozen=True)
class RestoreRequest:
    """A restore asked for while signed in, done once the database is closed.

    The password or recovery key has been checked against the backup already
    (`check_opens`), so the DSL is signed out only for a restore that can run.
    Held in memory only, for the moment between the question and the restore.
    """

    backup: Path
    username: str = ""
    password: str = field(default="", repr=False)
    recovery_key: str | None = field(default=None, repr=False)


def check_opens(request: RestoreRequest) -> BackupContents:
    """Check the backup is whole and opens with what was typed; nothing is moved."""
    contents = read_backup(request.backup)
    if request.recovery_key is not None:
        contents.keys.unlock_with_recovery(request.recovery_key)
    else:
        contents.keys.unlock_with_password(request.username, request.password)
    return contents


def restore_request(request: RestoreRequest, db_path: Path) -> Path | None:
    """restore_backup, as asked for in `request`."""
    if request.recovery_key is not None:
        return restore_backup(request.backup, db_path, recovery_key=request.recovery_key)
    return restore_backup(
        request.backup, db_path, username=request.username, password=request.password
    )


def restore_backup(
    backup: Path,
    db_path: Path,
    *,
    username: str | None = None,
    password: str | None = None,
    recovery_key: str | None = None,
) -> Path | None:
    """Put a backup in place of the database at `db_path`.

    The backup is unlocked and integrity-checked before anything moves; the
    current database (if any) is renamed aside and its new name returned. If
    the backup then cannot take its place, the database set aside is put back
    before the failure is reported.

    Whole or not at all (app/storage/restore_journal.py): the backup's
    database and key file are both on disk beside the database before the
    journal is written and anything is moved, and a restore cut short is
    undone at the next start.
    """
    contents = read_backup(backup)
    if recovery_key is not None:
        key = contents.keys.unlock_with_recovery(recovery_key)
    else:
        key = contents.keys.unlock_with_password(username or "", password or "")
    staged = restore_journal.staged_database(db_path)
    staged_keys = restore_journal.staged_keys(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    lock = DatabaseLock(db_path)
    lock.acquire()  # nobody may have the database open while it is replaced
    try:
        if restore_journal.journal_path(db_path).exists():  # an earlier one cut short
            _undo(db_path, None)
        for stale in (staged, staged_keys):
            with contextlib.suppress(FileNotFoundError):
                stale.unlink()
        try:
            restored_from = _checked_copy(backup, contents, staged, key)
            atomic_write(staged_keys, contents.keys.to_bytes())  # the keys first
        except BaseException:
            for temporary in (staged, staged_keys):
                with contextlib.suppress(FileNotFoundError):
                    temporary.unlink()
            raise
        stamp = datetime.now().strftime(_STAMP)
        aside = _swap_in(db_path, stamp)
    finally:
        lock.release()
    what = restore_detail(contents.manifest.get("created_at"), stamp, aside)
    _record_the_restore(db_path, contents, key, username, recovery_key, restored_from, what)
    return aside


def moment_text(moment: datetime) -> str:
    """A moment in words, to the second: "2 December 2026 at 14:03:12"."""
    return f"{moment.day} {moment:%B %Y} at {moment:%H:%M:%S}"


def _in_words(text: str, form: str) -> str | None:
    """A stamp in words, to the second; None when it is not one. (`time`, not
    `datetime`: a restore's moment is all this module asks `datetime` for.)"""
    try:
        at = time.strptime(text, form)
    except ValueError:
        return None
    return f"{at.tm_mday} {time.strftime('%B %Y at %H:%M:%S', at)}"


def made_text(created_at: object) -> str:
    """When a backup's manifest says it was made, in words."""
    return _in_words(str(created_at)[:19], "%Y-%m-%dT%H:%M:%S") or "an unknown date"


def restore_detail(created_at: object, stamp: str, aside: Path | None) -> str:
    """The restore's audit entry: which backup, and where the records it replaced went.

    `stamp`: when they were set aside, as in the set-aside name (20261202-142501).
    """
    restored = f"restored the backup of {made_text(created_at)}"
    if aside is None:
        return f"{restored}; there was no database here before, so nothing was set aside"
    when = _in_words(stamp, _STAMP) or stamp
    return f"{restored}; the records of {when} were set aside at {aside}"


def expected_aside(db_path: Path, moment: datetime | None = None) -> Path | None:
    """Where a restore now would set the current database aside (None: there is none)."""
    stamp = (moment or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return store.aside_name(db_path, f"replaced-{stamp}")


def _swap_in(db_path: Path, stamp: str) -> Path | None:
    """Steps 2-5 of a restore: journal, move the current set aside, put the
    staged pair in place, done. Any failure puts the current set back first."""
    suffix = f"replaced-{stamp}"
    expected = store.aside_name(db_path, suffix)
    restore_journal.begin(db_path, expected)
    try:
        aside = store.move_aside(db_path, suffix)
    except OSError as exc:  # move_aside has put back what it had moved
        _undo(db_path, exc)
        raise RestoreNotPutInPlace(had_database=True) from exc
    if aside != expected:  # cannot happen under the lock; the journal must say the truth
        restore_journal.begin(db_path, aside)
    try:
        restore_journal.put_in_place(db_path)
    except OSError as exc:
        _undo(db_path, exc)
        raise RestoreNotPutInPlace(had_database=aside is not None) from exc
    restore_journal.finish(db_path)
    return aside


def _undo(db_path: Path, cause: BaseException | None) -> None:
    try:
        restore_journal.undo(db_path)
    except OSError as exc:
        aside = restore_journal.aside_of(db_path)
        if aside is None:
            raise RestoreNotPutInPlace(had_database=False) from cause or exc
        raise RestoreStuck(aside, db_path) from cause or exc


def _checked_copy(backup: Path, contents: BackupContents, staged: Path, key: bytes) -> int:
    """The backup's database unpacked at `staged` and fully checked; the audit
    entry count it holds (its place in the seal log)."""
    _stage(backup, contents, staged)
    try:
        store.check_before_writing(staged, key)
    except DatabaseDamaged as exc:
        raise DatabaseDamaged(str(backup)) from exc  # name the file the user chose
    if store.file_integrity_problems(staged, key):
        raise DatabaseDamaged(str(backup))
    engine = store.make_engine(staged, key)
    try:
        store.checkpoint(engine)
    finally:
        engine.dispose()
    restored_from = seal.head_of_file(staged, key).count
    for extra in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            staged.with_name(staged.name + extra).unlink()
    return restored_from


def _record_the_restore(
    db_path: Path,
    contents: BackupContents,
    key: bytes,
    username: str | None,
    recovery_key: str | None,
    restored_from: int,
    detail: str,
) -> None:
    """The restore in the restored database's own audit trail and seal log."""
    # The key is known already: sign in without deriving it a second time.
    ws = (
        unlock_with_recovery(db_path, recovery_key)
        if recovery_key is not None
        else open_with_key(db_path, contents.keys, key, username or "")
    )
    try:
        actor = ws.account.username if recovery_key is None else "recovery-key"
        with ws._sessions.begin() as s:
            audit.append(
                s,
                actor,
                audit.Action.RESTORED,
                audit.DATABASE_TARGET,
                detail,
            )
        # Seals kept of the database just replaced, past the backup's point, are its own.
        seal.anchor(ws, "restored", restored_from)
    finally:
        ws.close()


# -- automatic backups to the DSL's chosen folder ----------------------------
AUTO_PREFIX = "casebook-backup-"
AUTO_SUFFIX = ".casebook"
DAILY = timedelta(days=1)
# Why a backup was made: in its file name and its manifest, and in the list.
ON_CLOSE, DAILY_REASON, BY_HAND = "on-close", "daily", "by-hand"
REASONS = {ON_CLOSE: "on close", DAILY_REASON: "daily", BY_HAND: "by hand"}


class FolderMissing(InvalidInput):
    """The folder named for backups does not exist (a USB stick not plugged in)."""

    def __init__(self, folder: Path) -> None:
        super().__init__(
            f"The folder {folder} does not exist, so nothing was written. If it is on a USB "
            "stick or a share, plug the stick in (or connect the share) and try again; to "
            "start a new folder there, use Create this folder."
        )


def backup_name(moment: datetime, reason: str = "", extra: int = 1) -> str:
    """casebook-backup-20261202-142501[-2][-daily].casebook"""
    count = f"-{extra}" if extra > 1 else ""
    why = f"-{reason}" if reason else ""
    return f"{AUTO_PREFIX}{moment:{_STAMP}}{count}{why}{AUTO_SUFFIX}"


@dataclass(frozen=True)
class Listed:
    """A backup in the folder: its file, when it was made and why (from its name)."""

    path: Path
    made: datetime | None
    reason: str  # a key of REASONS, or "" for a backup named before reasons were


def describe(path: Path) -> Listed:
    """When and why `path` was made, read from its name (older names carry no reason)."""
    stem = path.name.removeprefix(AUTO_PREFIX).removesuffix(AUTO_SUFFIX)
    try:
        made: datetime | None = datetime.strptime(stem[:15], _STAMP)
    except ValueError:
        made = None
    rest = stem[15:]
    reason = next((r for r in REASONS if rest.endswith(f"-{r}")), "")
    return Listed(path, made, reason)


def list_backups(folder: Path) -> list[Path]:
    """Automatic backups in `folder`, newest first (with or without a reason in the name)."""
    if not folder.is_dir():
        return []
    found = [
        p
        for p in folder.iterdir()
        if p.is_file() and p.name.startswith(AUTO_PREFIX) and p.name.endswith(AUTO_SUFFIX)
    ]
    return sorted(found, key=lambda p: p.name, reverse=True)


def saved_folder_problem(ws: Workspace) -> str | None:
    """Why the saved backup folder would be refused now (another stick, or none), or None."""
    chosen = ws.settings()
    if not chosen["backup_folder"]:
        return None
    try:
        backup_folder.check(Path(chosen["backup_folder"]), chosen["backup_folder_id"])
    except backup_folder.NotTheBackupFolder as exc:
        return str(exc)
    return None


def folder_problem(ws: Workspace, folder: Path) -> str | None:
    """Why `folder` cannot be chosen for backups whatever is in it, or None."""
    if not folder.is_absolute():
        return "Choose the whole path of a folder (use Choose…)."
    try:
        folder.resolve().relative_to(ws.path.parent.resolve())
    except ValueError:
        return None
    return (
        "Choose a folder away from the database itself, such as a USB stick or "
        "a network share: a backup beside the database is lost with it."
    )


def on_the_database_disk(ws: Workspace, folder: Path) -> bool:
    """A backup in `folder` would be lost with the laptop's own disk."""
    return backup_folder.same_disk(folder, ws.path)


def create_folder(ws: Workspace, folder: Path) -> None:
    """Make `folder` for backups, because the DSL asked to: only its last part may be missing."""
    problem = folder_problem(ws, folder)
    if problem:
        raise InvalidInput(problem)
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise CasebookError(
            f"Casebook cannot make the folder {folder}: check the USB stick or share is "
            "plugged in and can be written to. Nothing was written."
        ) from exc


def backup_to_folder(
    ws: Workspace,
    folder: Path | None = None,
    keep: int | None = None,
    now: datetime | None = None,
    *,
    reason: str = "",
    create: bool = False,
    choosing: bool = False,
) -> Path:
    """Write a checked backup into the backup folder and keep only the newest `keep`.

    The saved folder is used only if it is still the one the DSL chose (its
    marker says so) and is never created: a USB stick's drive letter may now be
    another drive's, or nothing's. A `folder` named by the caller that does not
    exist is refused (FolderMissing) unless `create` says to make it (its parent
    must exist). `reason` (a key of REASONS) goes into the name and the manifest.
    `choosing`: the DSL is choosing `folder` now, so even the saved path is taken
    as it is (its marker is written when it is saved).
    """
    chosen = ws.settings()
    saved = Path(chosen["backup_folder"]) if chosen["backup_folder"] else None
    target = folder or saved
    if target is None:
        raise InvalidInput("Choose a folder for backups first (a USB stick or a network share).")
    is_saved = saved is not None and target == saved and not choosing
    if is_saved:
        backup_folder.check(target, chosen["backup_folder_id"])
    elif not create and not target.exists():
        raise FolderMissing(target)
    count = keep if keep is not None else int(chosen["backups_to_keep"] or 10)
    stamp = (now or datetime.now()).replace(microsecond=0)
    try:
        if not is_saved:
            target.mkdir(exist_ok=True)
        out = target / backup_name(stamp, reason)
        extra = 1
        while out.exists():  # two backups in one second (Back up now, then close)
            extra += 1
            out = target / backup_name(stamp, reason, extra)
        make_backup(ws, out, reason)
    except OSError as exc:
        raise CasebookError(
            f"The backup could not be written to {target}: check the USB stick or share is "
            "plugged in and has space. The database itself is unchanged."
        ) from exc
    for old in list_backups(target)[max(count, 1) :]:
        with contextlib.suppress(OSError):
            old.unlink()
    marked = ""
    if is_saved and not chosen["backup_folder_id"]:
        # Saved before folders were marked: accepted this once, and known from now on.
        with contextlib.suppress(OSError):
            marked = backup_folder.mark(target)
    if ws.read_only is not None and not ws.resume_writing():
        return out  # read-only: the backup is made; when it was made is not kept
    with ws.write() as s:
        settings_service.write(s, "last_backup_at", stamp.isoformat(timespec="seconds"))
        if marked:
            settings_service.write(s, "backup_folder_id", marked)
    return out


def save_backup_folder(ws: Workspace, folder: Path | None, keep: str) -> Path | None:
    """Make `folder` the backup folder, only once a backup into it is written and checked.

    The DSL's Save: the backup into the new folder comes first, and only then
    are the folder (with its marker) and `keep` saved; if the backup fails,
    nothing is saved and the folder in use stays as it was. No folder (None)
    stops the automatic backups. Returns the backup written, if one was.
    """
    if not ws.account.is_dsl:
        raise NotAllowed("Only the DSL can change where backups go.")
    changes = {"backup_folder": str(folder) if folder else "", "backups_to_keep": keep.strip()}
    settings_service.check(changes)
    written = None
    if folder is not None:
        problem = folder_problem(ws, folder)
        if problem:
            raise InvalidInput(problem)
        count = int(changes["backups_to_keep"])
        written = backup_to_folder(ws, folder, count, reason=BY_HAND, choosing=True)
    settings_service.update(ws, changes)
    return written


def daily_backup_due(ws: Workspace, now: datetime | None = None) -> bool:
    chosen = ws.settings()
    if not chosen["backup_folder"]:
        return False
    if not chosen["last_backup_at"]:
        return True
    try:
        last = datetime.fromisoformat(chosen["last_backup_at"])
    except ValueError:
        return True
    return (now or datetime.now()) - last >= DAILY
