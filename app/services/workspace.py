"""Creating and unlocking a Casebook database; the signed-in workspace.

A `Workspace` is the unlocked database plus the staff member using it. Every
service takes one, so every write knows who made it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, event, exc, select
from sqlalchemy.orm import Session, SessionTransaction, configure_mappers, sessionmaker

from app.errors import (
    AuditTrailBroken,
    CannotWrite,
    CasebookError,
    DatabaseDamaged,
    DatabaseExists,
    InvalidInput,
    NotAllowed,
    SaveFailed,
    WrongPassword,
)
from app.models import StaffAccount, StaffRole
from app.security import passwords
from app.security.keyslots import (
    KEYSLOTS_SETTING,
    KeySlots,
    discard_pending_keyslots,
    finish_pending_keyslots,
    keyslots_digest,
    normalise_username,
    pending_keyslots_path,
    save_keyslots,
    slots_for_database,
)
from app.security.throttle import FailedSignIns, Throttle
from app.services import amendments, audit, seal
from app.services import settings as settings_service
from app.storage import db_header, schema_revision, store
from app.storage.instance_lock import AlreadyOpen, DatabaseLock, lock_path
from app.storage.paths import database_exists, keyslots_path

T = TypeVar("T")

# Done once at import (about 30 ms), which the sign-in window and the CLI run
# while Argon2id derives the key, rather than inside the first sign-in's query.
configure_mappers()


# What the window shows (and passes to `stop_writes`) when the full check after
# sign-in finds damage.
STOPPED_FOR_DAMAGE = (
    "Casebook's check found damage in the database file, so nothing more can be saved "
    "(not even the record of who viewed a case). Do not delete anything: close Casebook "
    "and restore the latest backup ('casebook restore')."
)


class WritesStopped(CasebookError):
    """Saving was stopped for this session (the background check found damage)."""


@dataclass(frozen=True)
class HeldEntry:
    """An audit entry of a read-only session, kept until the database can take it."""

    at: str
    actor: str
    action: str
    target: str
    detail: str = ""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


# Where a read-only session's write() keeps the entries its services ask for.
_HELD = "casebook_held_entries"


@dataclass(frozen=True)
class SignedIn:
    id: int
    username: str
    display_name: str
    role: StaffRole

    @property
    def is_dsl(self) -> bool:
        return self.role == StaffRole.DSL


class Workspace:
    def __init__(
        self,
        path: Path,
        slots: KeySlots,
        key: bytes,
        engine: Engine,
        account: SignedIn | None,
        lock: DatabaseLock,
        *,
        read_only: CannotWrite | None = None,
        held: list[HeldEntry] | None = None,
    ) -> None:
        self.path = path
        self._lock = lock
        self._slots = slots
        self._key = key
        self._bind(engine)
        self._account = account
        self._writes_stopped: str | None = None
        self._stop_error: type[CasebookError] | None = None
        # Why nothing can be written (a full disk, a read-only medium, no permission),
        # while the session reads; and the audit entries it keeps meanwhile.
        self._read_only = read_only
        self._held: list[HeldEntry] = list(held or [])
        self._on_close = ""  # the sign-out entry written at close ("" for none)
        self.closed = False

    def _bind(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions: sessionmaker[Session] = store.make_sessionmaker(engine)
        self._readers = store.make_sessionmaker(engine, read_only=True)
        amendments.install(self._sessions)
        seal.install(self._sessions)  # every committed change feeds the audit chain

    @property
    def account(self) -> SignedIn:
        if self._account is None:
            raise NotAllowed("Sign in with a staff account first.")
        return self._account

    @property
    def keys_path(self) -> Path:
        return keyslots_path(self.path)

    @property
    def writes_stopped(self) -> str | None:
        """Why saving is stopped for this session, or None while it may save."""
        return self._writes_stopped

    def stop_writes(self, message: str, error: type[CasebookError] | None = None) -> None:
        """Refuse every later write with `message`, before it touches the files.

        For when the full check after sign-in finds damage: lists and searches
        still read, but nothing more is written into a damaged file, and so a
        case cannot be opened or printed either, since that needs its audit
        entry.
        """
        self._writes_stopped = message
        self._stop_error = error

    def _refuse_if_stopped(self) -> None:
        if self._writes_stopped is not None:
            if self._stop_error is not None:
                raise self._stop_error()
            raise WritesStopped(self._writes_stopped)

    # -- a read-only session ------------------------------------------------
    @property
    def read_only(self) -> CannotWrite | None:
        """Why nothing can be saved now (the error every write is refused with), or None."""
        return self._read_only

    @property
    def held_entries(self) -> list[HeldEntry]:
        """The audit entries a read-only session keeps until they can be written."""
        return list(self._held)

    def resume_writing(self) -> bool:
        """True if the database can be written; a read-only session becomes a normal one
        as soon as the folder takes a write again, and its held entries are written first.
        """
        if self._read_only is None:
            return True
        problem = store.write_problem(self.path)
        if problem is not None:
            self._read_only = problem  # the cause may have changed (a full disk made read-only)
            return False
        if not self._lock.held:
            try:
                self._lock.acquire()
            except (AlreadyOpen, OSError):
                return False
        engine = store.make_engine(self.path, self._key)
        try:
            with store.make_sessionmaker(engine).begin() as s:
                for entry in self._held:
                    audit.append(
                        s, entry.actor, entry.action, entry.target, entry.detail, at=entry.at
                    )
        except exc.DBAPIError:
            engine.dispose()
            return False
        except BaseException:
            engine.dispose()
            raise
        old = self.engine
        self._bind(engine)
        old.dispose()
        self._read_only = None
        self._held = []
        self._slots = _bind_key_file(self.path, self._slots)
        return True

    def _go_read_only(self, problem: CannotWrite) -> None:
        """Go on reading after a write failed for want of space or permission.

        The session holds its audit entries from now on, like one that signed in
        read-only, and writes them when the next save finds the cause gone.
        """
        engine = store.make_engine(self.path, self._key, read_only=True)
        old = self.engine
        self._bind(engine)
        old.dispose()
        self._read_only = problem

    def export_copy(self, dest: Path) -> None:
        """A consistent encrypted copy at `dest` (a backup's); a read-only session's
        held audit entries go into the copy, so the backup records them."""
        if self._read_only is None:
            store.export_copy(self.engine, dest)
            return
        store.export_read_only_copy(self.path, self._key, dest)
        if self._held:
            conn = store.copy_connection(dest, self._key)
            try:
                conn.execute("BEGIN IMMEDIATE")
                for entry in self._held:
                    audit.append_raw(
                        conn, entry.actor, entry.action, entry.target, entry.detail, at=entry.at
                    )
                conn.execute("COMMIT")
            finally:
                conn.close()

    def read_connection(self) -> Any:
        """A DB-API connection of its own for looking only (verify's page checks)."""
        return store._read_connection(self.path, self._key, read_only=self._read_only is not None)

    def integrity_problems(self) -> list[str]:
        """The full check of every page, the structure and the links between rows.

        It has its own read connection, so a worker thread may run it while the
        app goes on; it costs about 5 ms a megabyte. Empty when sound.
        """
        return store.file_integrity_problems(
            self.path, self._key, read_only=self._read_only is not None
        )

    @contextlib.contextmanager
    def _held_write(self) -> Iterator[Session]:
        """A read-only session's `write`: it may only read and ask for audit entries.

        Any change is refused with the reason before it reaches the file (the
        connection could not write it anyway); the audit entries are held.
        """
        problem = self._read_only
        assert problem is not None
        with self._readers() as session:
            session.info[_HELD] = []
            try:
                yield session
            except exc.DBAPIError as error:
                raise _again(problem) from error
            if session.new or session.dirty or session.deleted:
                raise _again(problem)
            self._held.extend(session.info.pop(_HELD))

    @contextlib.contextmanager
    def write(self, reason: str | None = None) -> Iterator[Session]:
        """One transaction for one user action; `reason` justifies any amendment."""
        self._refuse_if_stopped()
        if not self.resume_writing():
            with self._held_write() as session:
                yield session
            return
        try:
            with self._sessions.begin() as session:
                session.info["change"] = amendments.ChangeContext(self.account.id, reason)
                seal.begin(session, self.account.username)
                yield session
        except exc.DBAPIError as error:
            failure = storage_failure(error, self.path)
            if isinstance(failure, CannotWrite):
                self._go_read_only(failure)  # the disk filled up (say) during the session
            raise failure from error

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        with self._readers() as session:
            yield session

    def audit(self, session: Session, action: str, target: str, detail: str = "") -> None:
        """Queue an entry: it is written at commit, with the digest of what changed.

        In a read-only session it is held until the database can take it.
        """
        held = session.info.get(_HELD)
        if held is not None:
            held.append(HeldEntry(_now(), self.account.username, action, target, detail))
            return
        seal.queue(session, self.account.username, action, target, detail)

    @property
    def training(self) -> bool:
        with self.read() as s:
            return settings_service.read_all(s)["training"] == "1"

    def settings(self) -> dict[str, str]:
        with self.read() as s:
            return settings_service.read_all(s)

    def keyslots(self) -> KeySlots:
        return self._slots

    def change_keyslots(self, session: Session, change: Callable[[KeySlots], T]) -> T:
        """Change the key slots with `session`'s transaction: both happen or neither.

        The changed slots are written beside the key file as a pending file
        (fsynced) and their SHA-256 goes into this transaction; once it commits,
        the pending file takes the key file's name, and the slots in memory are
        the new ones. If the transaction rolls back the pending file goes. A
        process killed in between is settled at the next open, by what the
        database committed (keyslots.PendingChange). A failed write (disk full,
        read-only folder) leaves the file and the slots in memory as they were.
        """
        self._refuse_if_stopped()
        if not self.resume_writing():
            assert self._read_only is not None
            raise _again(self._read_only)
        if session.info.get("keyslots_changed"):
            raise RuntimeError("one key slot change per transaction")
        session.info["keyslots_changed"] = True
        self._finish_or_drop_leftover()
        draft = KeySlots.from_bytes(self._slots.to_bytes())
        result = change(draft)
        try:
            save_keyslots(pending_keyslots_path(self.keys_path), draft)  # written and fsynced
        except OSError as error:
            raise SaveFailed() from error
        settings_service.write(session, KEYSLOTS_SETTING, keyslots_digest(draft.to_bytes()))

        outcome: list[str] = []

        def committed(_session: Session) -> None:
            if outcome:
                return
            outcome.append("committed")
            self._slots = draft
            # If the rename fails now, the pending file stays; the next change
            # or the next open puts it in place, as the database says.
            with contextlib.suppress(OSError):
                finish_pending_keyslots(self.keys_path)

        def rolled_back(_session: Session, transaction: SessionTransaction) -> None:
            if transaction.nested:  # a savepoint: the transaction itself goes on
                return
            if not outcome:
                outcome.append("rolled back")
                with contextlib.suppress(OSError):
                    discard_pending_keyslots(self.keys_path)

        # Each session serves one user action (`write`), so these go with it.
        event.listen(session, "after_commit", committed)
        event.listen(session, "after_soft_rollback", rolled_back)
        return result

    def _finish_or_drop_leftover(self) -> None:
        """A pending file this session left (its rename failed after the commit)."""
        pending = pending_keyslots_path(self.keys_path)
        try:
            data = pending.read_bytes()
        except FileNotFoundError:
            return
        except OSError as error:
            raise SaveFailed() from error
        try:
            if data == self._slots.to_bytes():  # committed: the slots in use are these
                finish_pending_keyslots(self.keys_path)
            else:
                discard_pending_keyslots(self.keys_path)
        except OSError as error:
            raise SaveFailed() from error

    def database_key(self) -> bytes:
        return self._key

    def record_on_close(self, detail: str) -> None:
        """Write a sign-out entry with `detail` when this session closes (the window's
        sessions: a command's do not, as their sign-in says what they were)."""
        self._on_close = detail

    def close(self) -> None:
        # A read-only session's held entries go in now if the folder takes them again.
        with contextlib.suppress(CasebookError, OSError):
            self.resume_writing()
        if self._on_close and self._account is not None and self._read_only is None:
            # Before the seal is kept, so the seal covers it (never stops the close).
            leaving = self._on_close
            with contextlib.suppress(CasebookError, OSError, exc.DBAPIError), self.write() as s:
                self.audit(s, audit.Action.SIGNED_OUT, audit.DATABASE_TARGET, leaving)
            self._on_close = ""
        self.closed = True
        # The seal as the session leaves it, beside the key file (never stops the close).
        if self._account is not None and self._read_only is None:
            seal.anchor(self, "closed")
        self.engine.dispose()
        self._lock.release()


def _again(problem: CannotWrite) -> CannotWrite:
    """A fresh error of the same kind, so each refusal has its own traceback."""
    return type(problem)(problem.path)


def _bind_key_file(path: Path, slots: KeySlots) -> KeySlots:
    """Slots that record the database file's salt, saved if they did not yet.

    Key files written before the salt was kept get it at their first good open
    (and a restored backup's, whose copy has a salt of its own). A key file
    that cannot be written now keeps working as it is.
    """
    try:
        salt = db_header.salt_of(db_header.read_start(path))
    except OSError:
        return slots
    if not salt or slots.database_salt == salt:
        return slots
    bound = slots.bound_to(salt)
    try:
        save_keyslots(keyslots_path(path), bound)
    except OSError:
        return slots
    return bound


def storage_failure(error: exc.DBAPIError, path: Path) -> CasebookError:
    """A calm sentence for a failed read or write; the SQL and its data stay out of it."""
    detail = str(error.orig).lower() if error.orig is not None else ""
    if "amended, never overwritten" in detail or "append-only" in detail:
        # A database trigger (app.record.guard) refused a change that bypassed the amendment rule.
        return NotAllowed("Records are amended, never overwritten: that change was refused.")
    if "belongs to another case" in detail:
        return InvalidInput("That young person belongs to another case; nothing was saved.")
    if isinstance(error, exc.IntegrityError):
        return InvalidInput("That could not be saved: a required answer is missing or repeated.")
    if "full" in detail or "readonly" in detail or "read-only" in detail or "i/o" in detail:
        problem = store.write_problem(path)  # say why, if the folder can say
        return problem if problem is not None else SaveFailed()
    if "locked" in detail or "busy" in detail:
        return SaveFailed(busy=True)
    return DatabaseDamaged(str(path))


def _check_password(password: str, username: str, full_name: str = "", school: str = "") -> None:
    verdict = passwords.assess(password, username, others=(full_name, school))
    if verdict.problem:
        raise InvalidInput(verdict.problem)


def _check_display_name(display_name: str) -> str:
    name = display_name.strip()
    if not name:
        raise InvalidInput("Enter the person's full name.")
    if len(name) > 200:
        raise InvalidInput("A name can be at most 200 characters.")
    return name


def create_database(
    path: Path, username: str, password: str, display_name: str, school_name: str = ""
) -> tuple[Workspace, str]:
    """A new database with its first DSL account. Returns it and the recovery key."""
    if database_exists(path):
        raise DatabaseExists(str(path))
    name = normalise_username(username, new=True)
    full_name = _check_display_name(display_name)
    _check_password(password, name, full_name, school_name)
    slots, key, recovery = KeySlots.create(name, password)
    keys = keyslots_path(path)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    lock = DatabaseLock(path)
    lock.acquire()
    try:
        store.create_empty_file(path)
        save_keyslots(keys, slots)
        engine = store.make_engine(path, key)
        store.migrate(engine, path, None)  # the one place a schema is written into a file
        ws = Workspace(path, slots, key, engine, None, lock)
        with ws._sessions.begin() as s:
            account = StaffAccount(username=name, display_name=full_name, role=StaffRole.DSL)
            s.add(account)
            settings_service.write(s, "school_name", school_name.strip())
            s.flush()
            seal.queue(
                s,
                name,
                audit.Action.CREATED,
                audit.DATABASE_TARGET,
                "database created with its first DSL account",
            )
            ws._account = SignedIn(account.id, name, full_name, StaffRole.DSL)
        ws._slots = _bind_key_file(path, slots)  # the key file names its database from the start
    except BaseException:
        # A half-made new database holds nothing yet: remove it so init can be re-run.
        for leftover in (
            path,
            keys,
            path.with_name(path.name + "-wal"),
            path.with_name(path.name + "-shm"),
        ):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
        lock.release()
        raise
    return ws, recovery


def _start(path: Path, key: bytes, slots: KeySlots, read_only: CannotWrite | None = None) -> Engine:
    """The engine, once the file is checked (the key is proven: a failure is damage,
    or a key file of another database); migrations only where it can be written."""
    checked = store.check_before_writing(
        path,
        key,
        read_only=read_only is not None,
        recorded_salt=slots.database_salt,
        keys_path=keyslots_path(path),
    )
    if read_only is not None:
        if checked.revision != schema_revision.HEAD_REVISION:
            raise _again(read_only)  # an older layout needs its migration written first
        return store.make_engine(path, key, read_only=True)
    engine = store.make_engine(path, key)
    try:
        store.migrate(engine, path, checked.revision)
    except exc.DBAPIError as error:
        engine.dispose()
        raise storage_failure(error, path) from error
    except BaseException:
        engine.dispose()
        raise
    return engine


def _take_lock(path: Path, problem: CannotWrite | None) -> DatabaseLock:
    """The one-writer lock; a folder that cannot be written may not hold its file.

    A read-only session writes nothing, so where the lock file cannot be opened
    for writing (a read-only medium), or does not exist yet (a full disk, where
    making it would be a change), the session reads without it.
    """
    lock = DatabaseLock(path)
    if problem is not None and not lock_path(path).exists():
        return lock
    try:
        lock.acquire()  # only now, so a wrong password leaves the folder untouched
    except AlreadyOpen:
        raise
    except OSError as error:
        if problem is None:
            raise store.cannot_write(error, path) from error
    return lock


def unlock(path: Path, username: str, password: str) -> Workspace:
    """Sign in. A wrong user or password changes nothing on disk."""
    slots = slots_for_database(path)
    key = slots.unlock_with_password(username, password)
    return open_with_key(path, slots, key, username)


def open_with_key(path: Path, slots: KeySlots, key: bytes, username: str) -> Workspace:
    """Everything sign-in does once the key is derived from the password.

    Lets a caller derive the key (Argon2id releases the GIL) while SQLAlchemy
    and the models load in another thread. What is left is quick (tens of
    milliseconds at 10 000 cases): the cheap check with the revision read,
    the account, and one audit entry.

    A database whose folder cannot be written (a full disk, a read-only medium,
    no permission) opens read-only, before SQLite could create a file there:
    reading, printing and backing up elsewhere work, every write is refused
    with the reason, and the sign-in entry is held until writing is possible.
    """
    name = normalise_username(username)
    problem = store.write_problem(path)
    failures: list[FailedSignIns] = []
    lock = _take_lock(path, problem)
    try:
        engine = _start(path, key, slots, problem)
        try:
            sessions = store.make_sessionmaker(engine, read_only=problem is not None)
            with sessions.begin() as s:
                account = s.execute(
                    select(StaffAccount).where(StaffAccount.username == name, StaffAccount.active)
                ).scalar_one_or_none()
                if account is None:
                    raise WrongPassword()
                me = SignedIn(account.id, account.username, account.display_name, account.role)
                try:
                    audit.check_head(s)
                except AuditTrailBroken:
                    broken = True  # readable, and `verify` can say what is wrong
                else:
                    broken = False
                    if problem is None:
                        audit.append(s, name, audit.Action.SIGNED_IN, audit.DATABASE_TARGET)
                        failures = record_failed_sign_ins(s, path)
        except exc.DBAPIError as error:
            engine.dispose()
            raise storage_failure(error, path) from error
        except BaseException:
            engine.dispose()
            raise
    except BaseException:
        lock.release()
        raise
    if problem is None and not broken:
        forget_failed_sign_ins(path, failures)
    if problem is not None:
        held = [HeldEntry(_now(), name, audit.Action.SIGNED_IN, audit.DATABASE_TARGET)]
        ws = Workspace(path, slots, key, engine, me, lock, read_only=problem, held=held)
    else:
        ws = Workspace(path, _bind_key_file(path, slots), key, engine, me, lock)
    if broken:
        ws.stop_writes(str(AuditTrailBroken()), error=AuditTrailBroken)
    return ws


def record_failed_sign_ins(session: Session, path: Path) -> list[FailedSignIns]:
    """Write the failed sign-ins the throttle file holds into the audit trail, in the
    caller's transaction; the caller drops them from the file once it has committed
    (forget_failed_sign_ins). A file that cannot be read holds none."""
    try:
        failures = Throttle.for_database(path).held_failures()
    except (OSError, CasebookError):
        return []
    for group in failures:
        audit.append(
            session,
            audit.SYSTEM_ACTOR,
            audit.Action.FAILED_SIGN_IN,
            audit.DATABASE_TARGET,
            group.describe(),
        )
    return failures


def forget_failed_sign_ins(path: Path, failures: list[FailedSignIns]) -> None:
    """They are in the audit trail now (never stops a sign-in: at worst, written twice)."""
    with contextlib.suppress(OSError, CasebookError):
        Throttle.for_database(path).forget_failures(failures)


def unlock_with_recovery(path: Path, recovery_key: str) -> Workspace:
    """Open with the recovery key, for when every password is lost.

    Nobody is signed in yet: the caller must set a new DSL password
    (accounts.reset_with_recovery) before any case can be read. That is a
    write, so a folder that cannot be written is told at once.
    """
    slots = slots_for_database(path)
    key = slots.unlock_with_recovery(recovery_key)
    problem = store.write_problem(path)
    if problem is not None:
        raise problem
    lock = DatabaseLock(path)
    lock.acquire()
    try:
        engine = _start(path, key, slots)
    except BaseException:
        lock.release()
        raise
    return Workspace(path, _bind_key_file(path, slots), key, engine, None, lock)
