"""Self-contained encrypted backups: the database and its key slots in one file.

A backup is a zip holding an encrypted copy of the database (made with
SQLCipher's export inside one read transaction), the key file and a manifest
with their SHA-256. It opens with any account's password or the recovery key
that was current when it was made. Restoring never overwrites: the current
database is renamed aside first.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import zipfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from app import __version__, store
from app.errors import CasebookError, DatabaseDamaged, InvalidInput
from app.fileio import atomic_write, make_owner_only
from app.instance_lock import DatabaseLock
from app.keyslots import KeySlots
from app.paths import keyslots_path
from app.services import audit
from app.services import settings as settings_service
from app.services.workspace import Workspace, unlock, unlock_with_recovery

FORMAT = "casebook-backup"
VERSION = 1
DB_MEMBER = "casebook.db"
KEYS_MEMBER = "casebook.db.keys"
MANIFEST = "manifest.json"


class BackupInvalid(CasebookError):
    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} is not a complete Casebook backup; nothing was restored.")


class BackupRefused(CasebookError):
    def __init__(self) -> None:
        super().__init__(
            "No backup was made: Casebook's check found damage in the database. "
            "Your earlier backups are untouched; keep them safe and ask IT to run "
            "'casebook verify'."
        )


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _sidecar(path: Path, label: str) -> Path:
    return path.with_name(f".{path.name}.{label}")


def make_backup(ws: Workspace, out: Path) -> None:
    """Write a backup to `out` and check it by reading it back.

    The database is checked in full first: a copy of a damaged file is refused,
    so it can never push a good backup out of the rotation.
    """
    if out.exists():
        raise InvalidInput(f"{out} already exists; choose a new file name.")
    if ws.integrity_problems():
        raise BackupRefused()
    out.parent.mkdir(parents=True, exist_ok=True)
    copy = _sidecar(out, "db-copy")  # encrypted, like the database itself
    with contextlib.suppress(FileNotFoundError):
        copy.unlink()
    try:
        store.export_copy(ws.engine, copy)
        db_bytes = copy.read_bytes()
    finally:
        with contextlib.suppress(FileNotFoundError):
            copy.unlink()
    keys_bytes = ws.keyslots().to_bytes()
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "app_version": __version__,
        "created_at": datetime.now().isoformat(timespec="seconds"),
        "database_id": ws.keyslots().database_id,
        "sha256": {DB_MEMBER: _sha256(db_bytes), KEYS_MEMBER: _sha256(keys_bytes)},
    }
    partial = _sidecar(out, "partial")
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_STORED) as zf:
            zf.writestr(MANIFEST, json.dumps(manifest, indent=2))
            zf.writestr(DB_MEMBER, db_bytes)
            zf.writestr(KEYS_MEMBER, keys_bytes)
            raw.flush()
        with open(partial, "rb") as f:
            os.fsync(f.fileno())
        read_backup(partial)  # checked after writing, before it takes the real name
        os.replace(partial, out)
    finally:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
    make_owner_only(out)
    with ws.write() as s:
        ws.audit(s, audit.Action.BACKUP, audit.DATABASE_TARGET, "backup written and checked")


@dataclass(frozen=True)
class BackupContents:
    manifest: dict[str, object]
    database: bytes
    keys: KeySlots


def read_backup(path: Path) -> BackupContents:
    try:
        with zipfile.ZipFile(path) as zf:
            manifest = json.loads(zf.read(MANIFEST))
            db_bytes = zf.read(DB_MEMBER)
            keys_bytes = zf.read(KEYS_MEMBER)
        if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
            raise BackupInvalid(path)
        sums = manifest["sha256"]
        if sums[DB_MEMBER] != _sha256(db_bytes) or sums[KEYS_MEMBER] != _sha256(keys_bytes):
            raise BackupInvalid(path)
        return BackupContents(manifest, db_bytes, KeySlots.from_bytes(keys_bytes))
    except BackupInvalid:
        raise
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, TypeError) as exc:
        raise BackupInvalid(path) from exc


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
    current database (if any) is renamed aside and its new name returned.
    """
    contents = read_backup(backup)
    if recovery_key is not None:
        key = contents.keys.unlock_with_recovery(recovery_key)
    else:
        key = contents.keys.unlock_with_password(username or "", password or "")
    staged = _sidecar(db_path, "restoring")
    db_path.parent.mkdir(parents=True, exist_ok=True)
    lock = DatabaseLock(db_path)
    lock.acquire()  # nobody may have the database open while it is replaced
    with contextlib.suppress(FileNotFoundError):
        staged.unlink()
    try:
        atomic_write(staged, contents.database)
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
        for extra in ("-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                staged.with_name(staged.name + extra).unlink()
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        aside = store.move_aside(db_path, f"replaced-{stamp}")
        os.replace(staged, db_path)
        atomic_write(keyslots_path(db_path), contents.keys.to_bytes())
    finally:
        with contextlib.suppress(FileNotFoundError):
            staged.unlink()
        lock.release()
    ws = (
        unlock_with_recovery(db_path, recovery_key)
        if recovery_key is not None
        else unlock(db_path, username or "", password or "")
    )
    try:
        actor = ws.account.username if recovery_key is None else "recovery-key"
        with ws._sessions.begin() as s:
            audit.append(
                s,
                actor,
                audit.Action.RESTORED,
                audit.DATABASE_TARGET,
                f"restored from a backup made {contents.manifest.get('created_at')}",
            )
    finally:
        ws.close()
    return aside


# -- automatic backups to the DSL's chosen folder ----------------------------
AUTO_PREFIX = "casebook-backup-"
AUTO_SUFFIX = ".casebook"
DAILY = timedelta(days=1)


def list_backups(folder: Path) -> list[Path]:
    """Automatic backups in `folder`, newest first."""
    if not folder.is_dir():
        return []
    found = [
        p
        for p in folder.iterdir()
        if p.is_file() and p.name.startswith(AUTO_PREFIX) and p.name.endswith(AUTO_SUFFIX)
    ]
    return sorted(found, key=lambda p: p.name, reverse=True)


def backup_to_folder(
    ws: Workspace, folder: Path | None = None, keep: int | None = None, now: datetime | None = None
) -> Path:
    """Write a checked backup into the backup folder and keep only the newest `keep`."""
    chosen = ws.settings()
    target = folder or (Path(chosen["backup_folder"]) if chosen["backup_folder"] else None)
    if target is None:
        raise InvalidInput("Choose a folder for backups first (a USB stick or a network share).")
    count = keep if keep is not None else int(chosen["backups_to_keep"] or 10)
    stamp = now or datetime.now()
    try:
        target.mkdir(parents=True, exist_ok=True)
        out = target / f"{AUTO_PREFIX}{stamp:%Y%m%d-%H%M%S}{AUTO_SUFFIX}"
        extra = 1
        while out.exists():  # two backups in one second (Back up now, then close)
            extra += 1
            out = target / f"{AUTO_PREFIX}{stamp:%Y%m%d-%H%M%S}-{extra}{AUTO_SUFFIX}"
        make_backup(ws, out)
    except OSError as exc:
        raise CasebookError(
            f"The backup could not be written to {target}: check the USB stick or share is "
            "plugged in and has space. The database itself is unchanged."
        ) from exc
    for old in list_backups(target)[max(count, 1) :]:
        with contextlib.suppress(OSError):
            old.unlink()
    with ws.write() as s:
        settings_service.write(s, "last_backup_at", stamp.isoformat(timespec="seconds"))
    return out


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
