"""The encrypted database: opening it with a raw key, crash-safe settings, a
cheap check before the first write, migrations when due, the full integrity
check, and consistent encrypted copies.

Only services use this module; nothing else talks to the database.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.dialects import sqlite  # noqa: F401  (loaded now, not in the first sign-in)
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from app.errors import DatabaseDamaged
from app.storage import fileio, restore_journal, schema_revision
from app.storage.fileio import make_owner_only, open_for_writing
from app.storage.paths import premigration_copy_path
from app.textfold import fold

MIGRATIONS_DIR = Path(__file__).parent.parent / "migrations"


def _raw_key_literal(key: bytes) -> str:
    # SQLCipher takes a raw key as x'<64 hex>' and then skips its own key derivation.
    return f"x'{key.hex()}'"


def _open_connection(path: Path, key: bytes) -> Any:
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


def create_empty_file(path: Path) -> None:
    """Create the database file owner-only before SQLCipher writes to it.

    SQLite gives its -wal and -shm files the database file's permissions.
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.close(open_for_writing(path, exclusive=True))  # binary on Windows, like every write


# Up to this size the sign-in check also reads every page (about 5 ms a megabyte,
# so at most ~20 ms); a larger file gets that full check after sign-in instead.
FULL_CHECK_AT_SIGN_IN_MAX_BYTES = 4 * 1024 * 1024


def check_before_writing(path: Path, key: bytes) -> str:
    """Refuse a damaged or emptied file before anything writes to it; return its revision.

    The key is already proven by its key slot, so any failure here means damage.
    SQLCipher checks each page's HMAC as it reads it: reading page 1 and the
    schema catches a wrong or damaged header, and SQLite refuses a file shorter
    than its header says (this refuses one cut part-way through a page). Every
    page sign-in reads afterwards (accounts, the audit head) is checked the
    same way before the first write commits. Small files also get every page
    checked; for larger ones the caller runs `file_integrity_problems` later.

    A file that exists is never initialised: one with no schema (emptied to
    0 bytes, say) is refused, not rebuilt, so the evidence is not overwritten.
    """
    size = path.stat().st_size if path.is_file() else 0
    if size == 0:
        raise DatabaseDamaged(str(path))
    try:
        conn = _read_connection(path, key)
    except sqlcipher3.Error as exc:
        raise DatabaseDamaged(str(path)) from exc
    try:
        revision = read_revision(conn)
        if revision is None:
            raise DatabaseDamaged(str(path))
        (page_size,) = conn.execute("PRAGMA page_size").fetchone()
        if size % int(page_size):  # cut off part-way through a page
            raise DatabaseDamaged(str(path))
        if (
            size <= FULL_CHECK_AT_SIGN_IN_MAX_BYTES
            and conn.execute("PRAGMA cipher_integrity_check").fetchall()
        ):
            raise DatabaseDamaged(str(path))
        return revision
    except sqlcipher3.Error as exc:
        raise DatabaseDamaged(str(path)) from exc
    finally:
        conn.close()


def _read_connection(path: Path, key: bytes) -> Any:
    """A bare keyed connection for looking only (no WAL or other settings written)."""
    conn = sqlcipher3.connect(str(path), check_same_thread=False, isolation_level=None)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f'PRAGMA key = "{_raw_key_literal(key)}"')
        conn.execute("PRAGMA query_only = ON")
        conn.execute("PRAGMA busy_timeout = 5000")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except BaseException:
        conn.close()
        raise
    return conn


def make_engine(path: Path, key: bytes) -> Engine:
    engine = create_engine(
        "sqlite://",
        creator=lambda: _open_connection(path, key),
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
        conn.exec_driver_sql(f"BEGIN {mode}")

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


def file_integrity_problems(path: Path, key: bytes) -> list[str]:
    """The same checks on a connection of their own, so any thread may run them
    while the app goes on reading and writing (WAL readers block nobody)."""
    try:
        conn = _read_connection(path, key)
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
