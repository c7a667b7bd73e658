"""Repeated wrong passwords slow down: a growing wait, said plainly, for every way in.

One record per database, `casebook.db.throttle` beside its key file, shared by
the sign-in window, the lock screen, the recovery key and every command that
signs in, so a restart, a second window or a command in another process does
not start the count again. It is owner-only and written crash-safely
(app.storage.fileio), and holds only counts and times: per user name, for the
recovery key, and one shared count for names that are not accounts. A name
that is not an account is never written down (it may be a password typed into
the wrong box).

Each try is counted *before* the key derivation starts, under an OS lock, and
the count is taken back when the password proves right: parallel guessers share
one count and cannot slip tries in while each other's derivation runs. The
wait follows a wrong password, not a right one, and a mistyped password or two
costs nothing: the first wait comes after three wrong in a row.

When the file cannot be written (a read-only medium, a full disk) the count is
kept in memory for this process, so signing in to read and back up still works.
A wrong password changes nothing else on disk.

A wrong password cannot write the audit trail (it has no key to the database),
so the file also keeps a short list of the failed tries themselves: the user
name tried (or "an unknown user name"), when, and which way in (the sign-in
window, the lock screen, the command line). The next sign-in that opens the
database, by anyone, writes them into the audit trail and they are dropped
here (app.services.workspace). Never a password, never a name that is not an
account.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable, Collection, Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from app.diagnostics.lazylog import lazy_logger
from app.errors import CasebookError, WrongPassword, WrongRecoveryKey
from app.storage.file_lock import lock_within
from app.storage.file_lock import unlock as _unlock
from app.storage.fileio import OWNER_ONLY_FILE, atomic_write, binary_flag
from app.storage.paths import throttle_path

log = lazy_logger(__name__)

FREE_TRIES = 3  # wrong passwords in a row before the first wait
FIRST_WAIT_S = 5.0  # then 10, 20, 40 ... seconds
MAX_WAIT_S = 300.0
FORGET_AFTER_S = 24 * 3600.0  # wrong tries a day old are forgotten
MAX_DOORS = 64  # never a long list, whatever happens

RECOVERY = "recovery key"
OTHERS = "names that are not accounts"
_USER = "user:"

# Which way in a failed try came (written into the audit trail with it).
SIGN_IN_WINDOW = "the sign-in window"
LOCK_SCREEN = "the lock screen"
COMMAND_LINE = "the command line"
UNKNOWN_NAME = "an unknown user name"
MAX_FAILED_GROUPS = 32  # one per user name and way in
MAX_FAILED_TIMES = 20  # the times kept of each; beyond, only how many more

FORMAT = "casebook-throttle"
VERSION = 1

# How long to wait for another process's read-modify-write (a few milliseconds
# each) before counting in memory instead.
LOCK_PATIENCE_S = 2.0
_LOCK_PAUSE_S = 0.01


def wait_message(wait: float, *, recovery: bool = False) -> str:
    if recovery:
        return f"Several wrong recovery keys in a row. Wait {in_words(wait)} before trying again."
    return (
        f"Several wrong passwords in a row. Wait {in_words(wait)} before trying again. "
        "If every password is lost, use the recovery key."
    )


class _LockTimeout(Exception):
    """Another process held the throttle's lock for longer than LOCK_PATIENCE_S."""


class SignInWait(CasebookError):
    """Refused without trying: wrong tries came too fast. The message says how long.

    `wait` is the wait in seconds when it was raised; `saying(left)` is the
    same message as the wait runs down (a window counts it down).
    """

    def __init__(self, wait: float, *, recovery: bool = False, before: str = "") -> None:
        self.wait = wait
        self.recovery = recovery
        self.before = before  # what went wrong first ("That user name and password ...")
        super().__init__(self.saying(wait))

    def saying(self, left: float) -> str:
        text = wait_message(left, recovery=self.recovery)
        return f"{self.before} {text}" if self.before else text


def wait_after(failures: int) -> float:
    """The wait that follows `failures` wrong tries in a row."""
    if failures < FREE_TRIES:
        return 0.0
    return min(MAX_WAIT_S, FIRST_WAIT_S * 2 ** min(failures - FREE_TRIES, 16))


def in_words(wait: float) -> str:
    """'5 seconds', '1 second', '5 minutes' (whole units, rounded up)."""
    seconds = max(1, int(wait + 0.999))
    if seconds < 120:
        return "1 second" if seconds == 1 else f"{seconds} seconds"
    return f"{(seconds + 59) // 60} minutes"


def door_of(username: str, known: Collection[str] | None = None) -> str:
    """The count a user name's tries go to: its own when it is an account.

    `known` is the accounts' user names (None: the name is known to be one,
    as on the lock screen). Any other name shares one count, so what was typed
    is never written down.
    """
    name = username.strip().casefold()
    valid = bool(name) and len(name) <= 64 and all(ch.isprintable() for ch in name)
    if not valid or (known is not None and name not in known):
        return OTHERS
    return _USER + name


# Named tuples and plain classes, not dataclasses: this module is on the path to
# the first window, which should not wait for dataclasses to be loaded.
class FailedSignIns(NamedTuple):
    """Wrong tries through one way in as one user name (or an unknown one), not yet
    in the audit trail: the times of the first MAX_FAILED_TIMES, and how many more."""

    door: str
    way: str
    times: tuple[float, ...]
    more: int = 0

    @property
    def username(self) -> str | None:
        """The account's user name; None for an unknown name or the recovery key."""
        return self.door[len(_USER) :] if self.door.startswith(_USER) else None

    def describe(self) -> str:
        """'failed sign-in as jsmith at the sign-in window: 02/12/2026 at 14:02:05, 14:03:10'
        (local times, by day)."""
        from datetime import datetime

        if self.door == RECOVERY:
            what = f"wrong recovery key at {self.way}"
        else:
            what = f"failed sign-in as {self.username or UNKNOWN_NAME} at {self.way}"
        days: dict[str, list[str]] = {}
        for t in self.times:
            when = datetime.fromtimestamp(t)
            days.setdefault(when.strftime("%d/%m/%Y"), []).append(when.strftime("%H:%M:%S"))
        text = "; ".join(f"{day} at {', '.join(times)}" for day, times in days.items())
        if self.more:
            text += f" (and {self.more} more)"
        return f"{what}: {text}"

    def to_json(self) -> dict[str, Any]:
        return {"door": self.door, "way": self.way, "times": list(self.times), "more": self.more}


class _Record:
    """The counts by door, and the failed tries not yet in the audit trail."""

    def __init__(
        self,
        doors: dict[str, dict[str, float]] | None = None,
        failed: list[FailedSignIns] | None = None,
    ) -> None:
        self.doors: dict[str, dict[str, float]] = {} if doors is None else doors
        self.failed: list[FailedSignIns] = [] if failed is None else failed


def _add_failure(record: _Record, door: str, way: str, at: float) -> None:
    for i, group in enumerate(record.failed):
        if group.door == door and group.way == way:
            if len(group.times) < MAX_FAILED_TIMES:
                record.failed[i] = FailedSignIns(door, way, (*group.times, at), group.more)
            else:
                record.failed[i] = FailedSignIns(door, way, group.times, group.more + 1)
            return
    record.failed.append(FailedSignIns(door, way, (at,)))
    del record.failed[:-MAX_FAILED_GROUPS]  # never a long list: the oldest go first


def _drop_failures(record: _Record, written: Iterable[FailedSignIns]) -> bool:
    """Take out what was written to the audit trail (tries added meanwhile stay)."""
    changed = False
    for done in written:
        for i, group in enumerate(record.failed):
            if group.door != done.door or group.way != done.way:
                continue
            left = list(group.times)
            for t in done.times:
                if t in left:
                    left.remove(t)
            more = max(0, group.more - done.more)
            record.failed[i] = FailedSignIns(group.door, group.way, tuple(left), more)
            changed = True
    kept = [g for g in record.failed if g.times or g.more]
    changed = changed or len(kept) != len(record.failed)
    record.failed[:] = kept
    return changed


class Throttle:
    """The wrong tries at one database. `path` None keeps them in memory only."""

    def __init__(self, path: Path | None = None, *, clock: Callable[[], float] = time.time):
        self.path = path
        self._clock = clock
        self._memory = _Record()
        self._on_disk = path is not None
        self._mutex = threading.Lock()

    @classmethod
    def for_database(cls, db_path: Path, *, clock: Callable[[], float] = time.time) -> Throttle:
        return cls(throttle_path(db_path), clock=clock)

    # -- the ways in ---------------------------------------------------------
    def for_user(
        self, username: str, known: Collection[str] | None = None, *, way: str = SIGN_IN_WINDOW
    ) -> SignInThrottle:
        return SignInThrottle(record=self, door=door_of(username, known), way=way)

    def for_recovery_key(self, *, way: str = SIGN_IN_WINDOW) -> SignInThrottle:
        return SignInThrottle(record=self, door=RECOVERY, way=way)

    # -- the failed tries kept for the audit trail -------------------------------
    def held_failures(self) -> list[FailedSignIns]:
        """The failed tries not yet written into the audit trail, oldest first."""
        return self._transact_record(lambda record: (list(record.failed), False), write=False)

    def forget_failures(self, written: Iterable[FailedSignIns]) -> None:
        """Drop the failed tries once they are in the audit trail."""
        done = list(written)
        if done:
            self._transact_record(lambda record: (None, _drop_failures(record, done)))

    def wait_for(self, username: str) -> float:
        """The wait before `username` may try again, as far as is known without the key
        file (names that are not accounts are refused once their try is counted)."""
        return self.wait_seconds(door_of(username))

    # -- counting --------------------------------------------------------------
    def wait_seconds(self, door: str) -> float:
        return self._transact(lambda doors: (self._wait(doors, door), False), write=False)

    def reserve(self, door: str) -> float:
        """Count a try about to be made; or, during a wait, the wait (nothing counted)."""

        def change(doors: dict[str, dict[str, float]]) -> tuple[float, bool]:
            wait = self._wait(doors, door)
            if wait > 0:
                return wait, False
            self._count(doors, door)
            return 0.0, True

        # Another process holds the lock for longer than a read-modify-write takes:
        # wait rather than try uncounted (a held lock must not open the door).
        return self._transact(change, busy=FIRST_WAIT_S)

    def failed(self, door: str, *, reserved: bool = False, way: str = SIGN_IN_WINDOW) -> None:
        """A wrong try: the wait starts now (the count went up at `reserve`), and the try
        is kept for the audit trail."""

        def change(record: _Record) -> tuple[None, bool]:
            doors = record.doors
            entry = self._live(doors, door)
            if reserved and entry is not None:
                now = self._clock()
                entry["last"] = now
                entry["until"] = now + wait_after(int(entry["failures"]))
            else:
                self._count(doors, door)
            _add_failure(record, door, way, time.time())
            return None, True

        self._transact_record(change)

    def succeeded(self, door: str) -> None:
        self._transact(lambda doors: (None, doors.pop(door, None) is not None))

    def cancel(self, door: str) -> None:
        """Take back a counted try that turned out not to be a guess (a damaged file)."""

        def change(doors: dict[str, dict[str, float]]) -> tuple[None, bool]:
            entry = self._live(doors, door)
            if entry is None:
                return None, False
            entry["failures"] = int(entry["failures"]) - 1
            if entry["failures"] <= 0:
                del doors[door]
            elif entry["failures"] < FREE_TRIES:
                entry["until"] = 0.0
            return None, True

        self._transact(change)

    def _live(self, doors: dict[str, dict[str, float]], door: str) -> dict[str, float] | None:
        entry = doors.get(door)
        if entry is None:
            return None
        if self._clock() - entry["last"] > FORGET_AFTER_S:
            del doors[door]
            return None
        return entry

    def _wait(self, doors: dict[str, dict[str, float]], door: str) -> float:
        entry = self._live(doors, door)
        if entry is None:
            return 0.0
        # Never longer than the schedule, even if the clock was set back.
        schedule = wait_after(int(entry["failures"]))
        return max(0.0, min(entry["until"] - self._clock(), schedule))

    def _count(self, doors: dict[str, dict[str, float]], door: str) -> None:
        now = self._clock()
        entry = self._live(doors, door) or {"failures": 0, "until": 0.0, "last": now}
        entry["failures"] = int(entry["failures"]) + 1
        entry["last"] = now
        entry["until"] = now + wait_after(int(entry["failures"]))
        doors[door] = entry
        while len(doors) > MAX_DOORS:
            del doors[min(doors, key=lambda d: doors[d]["last"])]

    # -- the file ---------------------------------------------------------------
    def _transact(
        self,
        change: Callable[[dict[str, dict[str, float]]], tuple[Any, bool]],
        *,
        write: bool = True,
        busy: Any = None,
    ) -> Any:
        """Run `change` on the current counts, under the OS lock, and save what it changed."""
        return self._transact_record(lambda record: change(record.doors), write=write, busy=busy)

    def _transact_record(
        self,
        change: Callable[[_Record], tuple[Any, bool]],
        *,
        write: bool = True,
        busy: Any = None,
    ) -> Any:
        """Run `change` on the counts and failed tries, under the OS lock, and save what
        it changed.

        Only reading (`write` False) takes no lock and creates nothing: the file
        is only ever replaced whole. If another process holds the lock too long,
        `busy` is the answer when given; otherwise the change is made in memory.
        """
        with self._mutex:
            if self._on_disk and self.path is not None:
                try:
                    if not write:
                        record = _read(self.path)
                        result, _changed = change(record)
                        return result
                    with _held(self.path.with_name(self.path.name + ".lock")):
                        record = _read(self.path)
                        result, changed = change(record)
                        if changed:
                            _write(self.path, record)
                    self._memory = record
                    return result
                except _LockTimeout:
                    log.info("sign-in throttle file locked by another process")
                    if busy is not None:
                        return busy
                except OSError as exc:
                    # Read-only medium, full disk, folder gone: count here instead.
                    log.info("sign-in throttle kept in memory (%s)", type(exc).__name__)
                    self._on_disk = False
            result, _changed = change(self._memory)
            return result


class SignInThrottle:
    """One way in (a user name, the recovery key): its wait, its count, its message.

    Made by `Throttle.for_user` or `for_recovery_key`; on its own it keeps a
    private count in memory (for a screen that has no database behind it).
    """

    def __init__(
        self,
        clock: Callable[[], float] = time.time,
        *,
        record: Throttle | None = None,
        door: str = OTHERS,
        way: str = SIGN_IN_WINDOW,
    ) -> None:
        self.record = record if record is not None else Throttle(None, clock=clock)
        self.door = door
        self.way = way
        self._reserved = False

    def wait_seconds(self) -> float:
        """How long before the next try is allowed (0 when it may go ahead)."""
        return self.record.wait_seconds(self.door)

    @property
    def recovery(self) -> bool:
        return self.door == RECOVERY

    def message(self) -> str | None:
        wait = self.wait_seconds()
        if wait <= 0:
            return None
        return wait_message(wait, recovery=self.recovery)

    def refuse_while_waiting(self) -> None:
        """Raise SignInWait (saying how long) while a wait runs; otherwise return."""
        wait = self.wait_seconds()
        if wait > 0:
            raise SignInWait(wait, recovery=self.recovery)

    def begin(self) -> None:
        """Count the try about to be made, or raise SignInWait without counting it."""
        wait = self.record.reserve(self.door)
        if wait > 0:
            raise SignInWait(wait, recovery=self.recovery)
        self._reserved = True

    def failed(self) -> None:
        self.record.failed(self.door, reserved=self._reserved, way=self.way)
        self._reserved = False

    def succeeded(self) -> None:
        self.record.succeeded(self.door)
        self._reserved = False

    def cancel(self) -> None:
        if self._reserved:
            self.record.cancel(self.door)
        self._reserved = False

    @contextlib.contextmanager
    def attempt(self) -> Iterator[None]:
        """Around the key derivation: refused during a wait, counted, reset when right.

        A wrong password or recovery key comes out as it went in, or as a
        SignInWait saying both once waits begin; any other failure is not a guess.
        """
        self.begin()
        try:
            yield
        except (WrongPassword, WrongRecoveryKey) as exc:
            self.failed()
            wait = self.wait_seconds()
            if wait > 0:
                raise SignInWait(wait, recovery=self.recovery, before=str(exc)) from exc
            raise
        except BaseException:
            self.cancel()
            raise
        self.succeeded()


def _read(path: Path) -> _Record:
    """The counts and failed tries on disk; none when the file is missing or unreadable."""
    import json

    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return _Record()
    try:
        doc = json.loads(data.decode("utf-8"))
        if doc.get("format") != FORMAT or doc.get("version") != VERSION:
            raise ValueError("not a throttle file")
        doors = {
            str(door): {
                "failures": int(entry["failures"]),
                "until": float(entry["until"]),
                "last": float(entry["last"]),
            }
            for door, entry in dict(doc["doors"]).items()
        }
        # Kept beside the counts (a file of an older Casebook has none).
        failed = [
            FailedSignIns(
                str(g["door"]),
                str(g["way"]),
                tuple(float(t) for t in g["times"][:MAX_FAILED_TIMES]),
                max(0, int(g.get("more", 0))),
            )
            for g in list(doc.get("failed", []))[-MAX_FAILED_GROUPS:]
        ]
        return _Record(doors, failed)
    except (ValueError, TypeError, KeyError, AttributeError, UnicodeDecodeError):
        # A torn or edited file: start again (it guards guesses, not the data).
        log.info("sign-in throttle file unreadable; counting afresh")
        return _Record()


def _write(path: Path, record: _Record) -> None:
    import json

    doc: dict[str, Any] = {"format": FORMAT, "version": VERSION, "doors": record.doors}
    if record.failed:
        doc["failed"] = [group.to_json() for group in record.failed]
    atomic_write(path, json.dumps(doc, indent=1, sort_keys=True).encode("utf-8"))


@contextlib.contextmanager
def _held(lock_file: Path) -> Iterator[None]:
    """An exclusive OS lock on `lock_file` (released by the OS if the process dies)."""
    fd = os.open(lock_file, os.O_RDWR | os.O_CREAT | binary_flag(), OWNER_ONLY_FILE)
    handle = os.fdopen(fd, "r+b")
    try:
        if not lock_within(handle, LOCK_PATIENCE_S, _LOCK_PAUSE_S):
            raise _LockTimeout()
        try:
            yield
        finally:
            _unlock(handle)
    finally:
        handle.close()
