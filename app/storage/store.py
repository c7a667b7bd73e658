"""The encrypted database: opening it with a raw key, crash-safe settings, a
cheap check before the first write, migrations when due, the full integrity
check, and consistent encrypted copies.

Only services use this module; nothing else talks to the database.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.dialects import sqlite  # noqa: F401  (loaded now, not in the first sign-in)
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from app.errors import (
    CannotWrite,
    DatabaseDamaged,
    DatabaseEmptied,
    DatabaseTruncated,
    DiskFull,
    KeysDoNotMatch,
    ReadOnlyMedium,
    WriteAccessDenied,
)
from app.storage import db_header, fileio, restore_journal, schema_revision
from app.storage.fileio import make_owner_only, open_for_writing
from app.storage.paths import premigration_copy_path
from app.textfold import fold

MIGRATIONS_DIR = Path(__file__).parent.parent / "migrations"


def _raw_key_literal(key: bytes) -> str:
    # SQLCipher takes a raw key as x'<64 hex>' and then skips its own key derivation.
    return f"x'{key.hex()}'"


def _open_connection(path: Path, key: bytes, read_only: bool = False) -> Any:
    if read_only:
        return _looking_connection(path, key, read_only=True, settings=True)
    conn = sqlcipher3.connect(str(path), check_same_thread=False, isolation_level=None)
    try:
        return _configure(conn, key)
    except BaseException:
        conn.close()  # never leave a damaged file held open (it would block a restore)
        raise


def _configure(conn: Any, key: bytes) -> Any:
    # SQLCipher logs decryption failures to stderr by default; the user gets our
    # message instead.
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f'PRAGMA key = "{_raw_key_literal(key)}"')
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    # WAL + synchronous=FULL: a commit that has returned is on disk and survives a
    # kill or a power cut; the WAL is encrypted like the database.
    conn.execute("PRAGMA journal_mode = WAL").fetchone()
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA secure_delete = ON")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 5000")
    conn.create_function("fold", 1, fold, deterministic=True)
    return conn


# -- can the folder take a write? ---------------------------------------------
# SQLite needs its -shm (32 KiB) and -wal beside the database before it reads a
# WAL database at all, so a full disk, a read-only medium or a folder this
# account may not change must be found before it is asked to open the file: it
# would say "disk I/O error" or "unable to open database file", and leave empty
# -shm and -wal files behind.
PROBE_BYTES = 64 * 1024


def probe_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.probe")


def _sidecars(path: Path) -> tuple[Path, Path]:
    return path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


def write_problem(path: Path) -> CannotWrite | None:
    """Why the database at `path` cannot be written now, or None if it can.

    Opens the database (and any -wal/-shm) for writing without writing, then
    writes and removes a 64 KiB probe file beside it: every file there keeps
    its bytes.
    """
    try:
        for existing in (path, *_sidecars(path)):
            if existing.exists():
                os.close(os.open(existing, os.O_RDWR | getattr(os, "O_BINARY", 0)))
        probe = probe_path(path)
        fd = os.open(
            probe, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o600
        )
        try:
            block = b"\0" * PROBE_BYTES
            written = 0
            while written < PROBE_BYTES:
                written += os.write(fd, block[written:])
            os.fsync(fd)
        finally:
            os.close(fd)
            with contextlib.suppress(OSError):
                probe.unlink()
    except OSError as exc:
        return cannot_write(exc, path)
    return None


def cannot_write(exc: OSError, path: Path) -> CannotWrite:
    """The calm error for an OSError met while writing beside the database."""
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return DiskFull(str(path))
    if exc.errno == errno.EROFS:
        return ReadOnlyMedium(str(path))
    if exc.errno in (errno.EACCES, errno.EPERM):
        return WriteAccessDenied(str(path))
    return CannotWrite(str(path))


def read_only_uri(path: Path) -> str:
    """A URI that reads the database without creating or changing any file.

    With no WAL to read, `immutable=1` reads the main file alone (SQLite then
    needs no -shm, which it could not create). A WAL left by a crash holds
    committed changes, so it is read through `mode=ro`: on a read-only medium
    SQLite then keeps the WAL's index in memory; on a full but writable disk it
    uses the existing -shm, whose read marks change (the database, the WAL and
    every other file keep their bytes). `immutable=1` would skip the WAL's
    commits, and `locking_mode=EXCLUSIVE` (an index in memory) fails read-only.
    """
    wal, _shm = _sidecars(path)
    has_wal = wal.exists() and wal.stat().st_size > 0
    return _file_uri(path) + ("?mode=ro" if has_wal else "?mode=ro&immutable=1")


def _file_uri(path: Path) -> str:
    """SQLite's file: URI of `path`, with an empty authority.

    "/tmp/x.db" -> "file:///tmp/x.db", "C:/x.db" -> "file:///C:/x.db", and a
    Windows share "//server/share/x.db" -> "file:////server/share/x.db" (SQLite
    refuses a host name as the authority); '?', '#' and '%' are escaped.
    """
    posix = path.resolve().as_posix()
    if not posix.startswith("/"):
        posix = "/" + posix
    return "file://" + urllib.parse.quote(posix, safe="/:")


def create_empty_file(path: Path) -> None:
    """Create the database file owner-only before SQLCipher writes to it.

    SQLite gives its -wal and -shm files the database file's permissions.
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.close(open_for_writing(path, exclusive=True))  # binary on Windows, like every write


# Up to this size the sign-in check also reads every page (about 5 ms a megabyte,
# so at most ~20 ms); a larger file gets that full check after sign-in instead.
FULL_CHECK_AT_SIGN_IN_MAX_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class Checked:
    """What the check before writing found: the revision and the file's salt (hex)."""

    revision: str
    salt: str


def check_before_writing(
    path: Path,
    key: bytes,
    *,
    read_only: bool = False,
    recorded_salt: str = "",
    keys_path: Path | None = None,
) -> Checked:
    """Refuse a damaged, emptied or mismatched file before anything writes to it.

    The key is already proven by its key slot, so any failure here means damage,
    or a key file from another database: `recorded_salt` is the salt the key file
    recorded, compared before any decryption. A different salt is a copy of the
    same database (a restored backup) if the key opens it, damage to the file's
    first bytes if the key opens it with the recorded salt, and otherwise a key
    file that belongs to another database.

    SQLCipher checks each page's HMAC as it reads it: reading page 1 and the
    schema catches a wrong or damaged header, and a file shorter than its header
    says, or cut part-way through a page, is refused as truncated. Every page
    sign-in reads afterwards (accounts, the audit head) is checked the same way
    before the first write commits. Small files also get every page checked; for
    larger ones the caller runs `file_integrity_problems` later.

    A file that exists is never initialised: one with no schema (emptied to
    0 bytes, say) is refused, not rebuilt, so the evidence is not overwritten.
    """
    size = path.stat().st_size if path.is_file() else 0
    if size == 0:
        raise DatabaseEmptied(str(path))
    salt = db_header.salt_of(db_header.read_start(path))
    try:
        conn = _read_connection(path, key, read_only=read_only)
    except sqlcipher3.Error as exc:
        if recorded_salt and salt != recorded_salt:
            if _opens_with_salt(path, key, recorded_salt, read_only):
                raise DatabaseDamaged(str(path)) from exc  # only its first bytes were hit
            raise KeysDoNotMatch(str(path), str(keys_path or path)) from exc
        if _shorter_than_its_header(path, key, size, read_only):
            raise DatabaseTruncated(str(path)) from exc
        raise DatabaseDamaged(str(path)) from exc
    try:
        (page_size,) = conn.execute("PRAGMA page_size").fetchone()
        if size % int(page_size):  # cut off part-way through a page
            raise DatabaseTruncated(str(path))
        if _shorter_than_its_header(path, key, size, read_only):
            raise DatabaseTruncated(str(path))  # cut at a page boundary
        revision = read_revision(conn)
        if revision is None:
            raise DatabaseDamaged(str(path))
        if (
            size <= FULL_CHECK_AT_SIGN_IN_MAX_BYTES
            and conn.execute("PRAGMA cipher_integrity_check").fetchall()
        ):
            raise DatabaseDamaged(str(path))
        return Checked(revision, salt)
    except sqlcipher3.Error as exc:
        if _shorter_than_its_header(path, key, size, read_only):
            raise DatabaseTruncated(str(path)) from exc
        raise DatabaseDamaged(str(path)) from exc
    finally:
        conn.close()


def _opens_with_salt(path: Path, key: bytes, salt: str, read_only: bool) -> bool:
    """Does page 1 decrypt with `key` and this salt instead of the file's own?"""
    try:
        conn = _looking_connection(path, key + bytes.fromhex(salt), read_only=read_only)
    except (sqlcipher3.Error, ValueError):
        return False
    conn.close()
    return True


def _shorter_than_its_header(path: Path, key: bytes, size: int, read_only: bool) -> bool:
    """True if page 1 reads and says the file has more pages than it holds."""
    wal, _shm = _sidecars(path)
    if wal.exists() and wal.stat().st_size:
        return False  # the WAL may hold the pages beyond the main file's end
    try:
        conn = _bare_connection(path, key, read_only=read_only)
    except sqlcipher3.Error:
        return False
    try:
        (page_size,) = conn.execute("PRAGMA page_size").fetchone()
        if size % int(page_size):
            return True
        (pages,) = conn.execute("PRAGMA page_count").fetchone()
        return int(pages) * int(page_size) > size
    except sqlcipher3.Error as exc:
        # Page 1 decrypted (its HMAC held), yet SQLite calls it corrupt: the page count
        # in its header is more than the file holds. A wrong key or a damaged page 1
        # is "not a database" instead.
        return getattr(exc, "sqlite_errorname", "") == "SQLITE_CORRUPT"
    finally:
        conn.close()


def _bare_connection(path: Path, key: bytes, *, read_only: bool) -> Any:
    target = read_only_uri(path) if read_only else str(path)
    conn = sqlcipher3.connect(target, uri=read_only, check_same_thread=False, isolation_level=None)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        # 32 bytes: the key; 48: the key and a salt to use instead of the file's own.
        conn.execute(f'PRAGMA key = "{_raw_key_literal(key)}"')
        conn.execute("PRAGMA query_only = ON")
    except BaseException:
        conn.close()
        raise
    return conn


def _looking_connection(
    path: Path, key: bytes, *, read_only: bool = False, settings: bool = False
) -> Any:
    """A keyed connection for looking only: no WAL or other settings written.

    `read_only` opens it through `read_only_uri`, for a folder that cannot be
    written; `settings` adds what the app's own connections have (for a
    read-only session's engine).
    """
    conn = _bare_connection(path, key, read_only=read_only)
    try:
        conn.execute("PRAGMA busy_timeout = 5000")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        if settings:
            conn.execute("PRAGMA foreign_keys = ON")
            conn.create_function("fold", 1, fold, deterministic=True)
    except BaseException:
        conn.close()
        raise
    return conn


def _read_connection(path: Path, key: bytes, *, read_only: bool = False) -> Any:
    """A bare keyed connection for looking only (no WAL or other settings written)."""
    return _looking_connection(path, key, read_only=read_only)


def make_engine(path: Path, key: bytes, *, read_only: bool = False) -> Engine:
    """The app's engine; `read_only` for a folder that cannot be written (nothing is)."""
    engine = create_engine(
        "sqlite://",
        creator=lambda: _open_connection(path, key, read_only),
        module=sqlcipher3.dbapi2,
        poolclass=QueuePool,
        pool_size=2,
        max_overflow=2,
    )

    # A writing transaction takes the write lock at once, so two writers never
    # interleave and the audit chain cannot fork; readers (see `reader`) don't block.
    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "IMMEDIATE")
        conn.exec_driver_sql(f"BEGIN {'DEFERRED' if read_only else mode}")

    return engine


def make_sessionmaker(engine: Engine, *, read_only: bool = False) -> sessionmaker[Session]:
    # Objects stay readable after commit: services hand them to the UI as snapshots.
    bind = engine.execution_options(sqlite_begin="DEFERRED") if read_only else engine
    return sessionmaker(bind, expire_on_commit=False)


# -- migrations ------------------------------------------------------------
def _alembic_config(connection: Any) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["connection"] = connection
    return cfg


def read_revision(conn: Any) -> str | None:
    """The schema revision, from a DB-API connection: one query, no Alembic."""
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlcipher3.OperationalError as exc:
        if "no such table" in str(exc):
            return None
        raise
    return None if row is None else str(row[0])


def current_revision(engine: Engine) -> str | None:
    raw = engine.raw_connection()
    try:
        return read_revision(raw.driver_connection)
    finally:
        raw.close()


def migrate(engine: Engine, path: Path, current: str | None) -> None:
    """Bring the schema from revision `current` up to date; Alembic loads only if due.

    `current` is None only for a new database; a file holding data is copied
    aside (encrypted) before its layout changes.
    """
    if current == schema_revision.HEAD_REVISION:
        return
    if current is not None:
        export_copy(engine, premigration_copy_path(path, current))
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), "head")


# -- copies ----------------------------------------------------------------
def export_copy(engine: Engine, dest: Path, key: bytes | None = None) -> None:
    """A consistent, encrypted copy of the whole database at `dest`.

    Uses SQLCipher's export inside one read transaction, so it is safe while the
    app is writing. The copy is keyed with `key`, or the database's own key.
    """
    if dest.exists():
        raise FileExistsError(dest)
    create_empty_file(dest)
    raw = engine.raw_connection()
    try:
        dbapi = raw.driver_connection
        assert dbapi is not None
        if key is None:
            # No KEY clause: the copy takes the main database's key. (KEY '' would
            # mean *unencrypted*; never write that.)
            dbapi.execute("ATTACH DATABASE ? AS casebook_copy", (str(dest),))
        else:
            dbapi.execute(
                "ATTACH DATABASE ? AS casebook_copy KEY ?", (str(dest), _raw_key_literal(key))
            )
        try:
            dbapi.execute("SELECT sqlcipher_export('casebook_copy')").fetchall()
        finally:
            dbapi.execute("DETACH DATABASE casebook_copy")
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            dest.unlink()
        raise
    finally:
        raw.close()
    make_owner_only(dest)


def export_read_only_copy(path: Path, key: bytes, dest: Path) -> None:
    """`export_copy` for a database that cannot be written (a read-only session).

    The copy's own connection does the writing, on the other disk; the database
    is attached through `read_only_uri`, so not a byte beside it changes.
    Nothing writes to the database meanwhile: the session cannot.
    """
    if dest.exists():
        raise FileExistsError(dest)
    create_empty_file(dest)
    try:
        conn = sqlcipher3.connect(
            str(dest), uri=True, check_same_thread=False, isolation_level=None
        )
        try:
            conn.execute("PRAGMA cipher_log_level = NONE")
            conn.execute(f'PRAGMA key = "{_raw_key_literal(key)}"')
            conn.execute(
                "ATTACH DATABASE ? AS casebook_source KEY ?",
                (read_only_uri(path), _raw_key_literal(key)),
            )
            try:
                conn.execute("SELECT sqlcipher_export('main', 'casebook_source')").fetchall()
            finally:
                conn.execute("DETACH DATABASE casebook_source")
        finally:
            conn.close()
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            dest.unlink()
        raise
    make_owner_only(dest)


def copy_connection(dest: Path, key: bytes) -> Any:
    """A keyed, writable connection to a copy (rollback journal, no WAL left beside it)."""
    conn = sqlcipher3.connect(str(dest), check_same_thread=False, isolation_level=None)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f'PRAGMA key = "{_raw_key_literal(key)}"')
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        conn.execute("PRAGMA synchronous = FULL")
    except BaseException:
        conn.close()
        raise
    return conn


def checkpoint(engine: Engine) -> None:
    """Fold the WAL into the main file (outside any transaction, or SQLite refuses)."""
    raw = engine.raw_connection()
    try:
        dbapi = raw.driver_connection
        assert dbapi is not None
        dbapi.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    finally:
        raw.close()


DAMAGED_PROBLEM = "the database file is damaged: restore the latest backup"


def file_integrity_problems(path: Path, key: bytes, *, read_only: bool = False) -> list[str]:
    """The same checks on a connection of their own, so any thread may run them
    while the app goes on reading and writing (WAL readers block nobody)."""
    try:
        conn = _read_connection(path, key, read_only=read_only)
    except sqlcipher3.Error:
        return [DAMAGED_PROBLEM]
    try:
        return _problems(conn)
    finally:
        conn.close()


def _problems(conn: Any) -> list[str]:
    # Each PRAGMA runs outside any transaction (autocommit), so it never takes
    # the write lock and a long check does not hold up a save.
    problems: list[str] = []
    try:
        for (row,) in conn.execute("PRAGMA cipher_integrity_check").fetchall():
            problems.append(str(row))
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
        if rows != ["ok"]:
            problems.extend(str(r) for r in rows)
        fk = conn.execute("PRAGMA foreign_key_check").fetchall()
        if fk:
            problems.append(f"{len(fk)} rows point at records that do not exist")
    except sqlcipher3.Error:
        problems.append(DAMAGED_PROBLEM)
    return problems


# A database's files, moved aside and back together: its WAL and SHM first, so
# the main file never sits beside another database's WAL; a key file still
# pending (an interrupted account change) goes with its key file.
_SET = restore_journal.DATABASE_SET


def _free_name(path: Path, suffix: str) -> Path:
    """`path.suffix`, or `path.suffix-2`...: a name none of the set's files has yet,
    so a second restore in the same second never replaces the first one's files."""
    aside = path.with_name(f"{path.name}.{suffix}")
    extra = 1
    while any(aside.with_name(aside.name + e).exists() for e in _SET):
        extra += 1
        aside = path.with_name(f"{path.name}.{suffix}-{extra}")
    return aside


def _put_back(src: Path, dst: Path) -> None:
    try:
        fileio.replace(src, dst)
    except PermissionError:
        # Still held (antivirus scanning the file just renamed): a copy puts it
        # back, and the renamed file stays too, so nothing is lost either way.
        shutil.copy2(src, dst)


def aside_name(path: Path, suffix: str) -> Path | None:
    """Where `move_aside(path, suffix)` would put the database now (None: nothing to move)."""
    keys = path.with_name(path.name + ".keys")
    if not path.exists() and not keys.exists():
        return None
    return _free_name(path, suffix)


def move_aside(path: Path, suffix: str) -> Path | None:
    """Rename a database (and its WAL/SHM and key files) out of the way; never delete.

    If one rename fails, the files already moved are put back before the
    failure is raised, so the database is never left half set aside.
    """
    aside = aside_name(path, suffix)
    if aside is None:
        return None
    moved: list[tuple[Path, Path]] = []
    try:
        for extra in _SET:
            src = path.with_name(path.name + extra)
            if src.exists():
                dst = aside.with_name(aside.name + extra)
                fileio.replace(src, dst)  # the same folder: a rename, never a copy
                moved.append((src, dst))
    except OSError:
        for src, dst in reversed(moved):
            _put_back(dst, src)
        raise
    return aside


def move_back(aside: Path, path: Path) -> None:
    """Undo `move_aside`: the files set aside as `aside` take their names at `path` again."""
    for extra in _SET:
        src = aside.with_name(aside.name + extra)
        if src.exists():
            _put_back(src, path.with_name(path.name + extra))
