"""Key slots: the database key, wrapped once per staff account and once for the
recovery key.

The database is encrypted with a random 256-bit key. Nobody types that key; each
account's password derives (Argon2id) a key that unwraps its own copy (AES-256-GCM).
The GCM tag proves a password right or wrong before SQLCipher is touched, so a
wrong password and a damaged database are told apart. Changing a password or
adding a user rewrites one small file and never re-encrypts the database.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import functools
import hashlib
import json
import os
import secrets
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.errors import (
    CasebookError,
    DatabaseDamaged,
    DatabaseEmptied,
    DatabaseFileLost,
    DatabaseIsFolder,
    DatabaseMissing,
    InvalidInput,
    KeyFileMissing,
    KeySlotsDamaged,
    NotACasebookDatabase,
    ReadAccessDenied,
    WrongPassword,
    WrongRecoveryKey,
)
from app.storage import db_header, fileio
from app.storage.fileio import atomic_write
from app.storage.instance_lock import DatabaseLock
from app.storage.paths import keyslots_path

FORMAT = "casebook-keyslots"
VERSION = 1
DB_KEY_BYTES = 32
RECOVERY_KEY_BYTES = 20  # 160 bits: 32 base32 characters, easy to copy by hand
KDF_ENV = "CASEBOOK_KDF"  # "fast" only in tests: the cost is stored in each slot

SlotKind = Literal["password", "recovery"]


@dataclass(frozen=True)
class KdfCost:
    iterations: int
    lanes: int
    memory_kib: int


# The floor for every new password slot: calibration only adds passes, and the
# memory (what makes guessing on graphics cards expensive) never goes below this.
PRODUCTION_COST = KdfCost(iterations=7, lanes=4, memory_kib=128 * 1024)
FAST_COST = KdfCost(iterations=1, lanes=1, memory_kib=64)

# A new slot aims at about half a second on the laptop that makes it: each wrong
# guess then costs that long, yet signing in still feels immediate. The cap keeps
# a calibration run in an idle moment from giving a busy laptop multi-second
# sign-ins; the short probe keeps calibrating itself cheap.
TARGET_SECONDS = 0.5
MAX_ITERATIONS = 4 * PRODUCTION_COST.iterations
PROBE_ITERATIONS = 2

Measure = Callable[[KdfCost], float]


def _fast() -> bool:
    return os.environ.get(KDF_ENV) == "fast"


def time_derivation(cost: KdfCost) -> float:
    """Seconds, on the wall clock, for one derivation at `cost`."""
    start = time.perf_counter()
    _derive_from_password("calibration", secrets.token_bytes(16), cost)
    return time.perf_counter() - start


def calibrate(
    measure: Measure = time_derivation, target_seconds: float = TARGET_SECONDS
) -> KdfCost:
    """The floor's memory and lanes with as many passes as fit in the target time.

    A probe of two passes gives the time per pass. It includes the one-off cost
    of filling the memory, so the estimate errs towards fewer passes: a slot
    never takes much longer than the target to open.
    """
    probe = replace(PRODUCTION_COST, iterations=PROBE_ITERATIONS)
    per_pass = measure(probe) / PROBE_ITERATIONS
    fits = int(target_seconds / per_pass) if per_pass > 0 else MAX_ITERATIONS
    return replace(
        PRODUCTION_COST, iterations=max(PRODUCTION_COST.iterations, min(fits, MAX_ITERATIONS))
    )


@functools.cache
def _calibrated() -> KdfCost:
    return calibrate(time_derivation)  # once per process: every slot made here costs the same


def current_cost() -> KdfCost:
    """The cost for a new password slot (cheap and uncalibrated in tests)."""
    return FAST_COST if _fast() else _calibrated()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


USERNAME_RULE = (
    "A user name can hold only letters, numbers, dots and dashes, with no spaces "
    "(for example s.jones)."
)


def normalise_username(username: str, *, new: bool = False) -> str:
    """The user name as it is kept: trimmed and case-folded.

    `new`: a name being given to an account now must follow the rule (letters,
    numbers, dots and dashes). Names given before the rule still sign in, so
    only the basic checks apply to a name typed to sign in or to find an account.
    """
    name = username.strip()
    if not name:
        raise InvalidInput("Enter a user name.")
    if len(name) > 64:
        raise InvalidInput("A user name can be at most 64 characters.")
    if any(not ch.isprintable() for ch in name):
        raise InvalidInput("A user name cannot contain control characters.")
    if new and not all(ch.isalpha() or ch.isdigit() or ch in ".-" for ch in name):
        raise InvalidInput(USERNAME_RULE)
    return name.casefold()


@dataclass
class Slot:
    kind: SlotKind
    username: str  # normalised; "" for the recovery slot
    salt: str
    nonce: str
    wrapped: str
    cost: dict[str, int] = field(default_factory=dict)
    created_at: str = ""


def _derive_from_password(password: str, salt: bytes, cost: KdfCost) -> bytes:
    kdf = Argon2id(
        salt=salt,
        length=32,
        iterations=cost.iterations,
        lanes=cost.lanes,
        memory_cost=cost.memory_kib,
    )
    return kdf.derive(password.encode("utf-8"))


def _derive_from_recovery(recovery: bytes, salt: bytes) -> bytes:
    # The recovery key is random with 160 bits of entropy: no stretching needed.
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"casebook-recovery").derive(
        recovery
    )


def format_recovery_key(raw: bytes) -> str:
    text = base64.b32encode(raw).decode("ascii").rstrip("=")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


# Characters people confuse when copying from paper; base32 has none of 0, 1, 8.
_CONFUSABLE = str.maketrans("018", "OIB")


def parse_recovery_key(text: str) -> bytes:
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    cleaned = cleaned.translate(_CONFUSABLE)
    if len(cleaned) != 32:
        raise WrongRecoveryKey()
    try:
        raw = base64.b32decode(cleaned)
    except (binascii.Error, ValueError) as exc:
        raise WrongRecoveryKey() from exc
    return raw


class KeySlots:
    """The contents of the `.keys` file beside the database."""

    def __init__(self, database_id: str, slots: list[Slot], database_salt: str = "") -> None:
        self.database_id = database_id
        self.slots = slots
        # An account change interrupted before its key file took its name (see
        # `PendingChange`): settled at the first unlock, once the key is known.
        self._pending: PendingChange | None = None
        # The database file's plaintext salt (its first 16 bytes, hex): which file these
        # slots belong with. "" in key files written before it was kept; the first good
        # open records it.
        self.database_salt = database_salt

    def bound_to(self, salt: str) -> KeySlots:
        """A copy of these slots that records the database file with `salt`."""
        bound = KeySlots(self.database_id, list(self.slots), salt)
        bound._pending = self._pending
        return bound

    # -- creating -------------------------------------------------------
    @classmethod
    def create(cls, username: str, password: str) -> tuple[KeySlots, bytes, str]:
        """New slots for a new database: returns (slots, database key, recovery key text)."""
        slots = cls(database_id=secrets.token_hex(16), slots=[])
        db_key = secrets.token_bytes(DB_KEY_BYTES)
        slots.add_password(username, password, db_key)
        recovery = slots.replace_recovery(db_key)
        return slots, db_key, recovery

    def _aad(self, kind: SlotKind, username: str) -> bytes:
        return f"{FORMAT}:{VERSION}:{self.database_id}:{kind}:{username}".encode()

    def _wrap(self, kind: SlotKind, username: str, kek: bytes, salt: bytes, db_key: bytes) -> Slot:
        nonce = secrets.token_bytes(12)
        wrapped = AESGCM(kek).encrypt(nonce, db_key, self._aad(kind, username))
        return Slot(
            kind=kind,
            username=username,
            salt=_b64(salt),
            nonce=_b64(nonce),
            wrapped=_b64(wrapped),
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        )

    def _unwrap(self, slot: Slot, kek: bytes) -> bytes:
        return AESGCM(kek).decrypt(
            _unb64(slot.nonce), _unb64(slot.wrapped), self._aad(slot.kind, slot.username)
        )

    def add_password(
        self, username: str, password: str, db_key: bytes, cost: KdfCost | None = None
    ) -> None:
        """Add or replace the slot for one account (at `cost`, or a calibrated one)."""
        name = normalise_username(username)
        if not password:
            raise InvalidInput("Enter a password.")
        if not _encodable(password):
            raise InvalidInput("The password contains characters that cannot be used.")
        cost = cost if cost is not None else current_cost()
        salt = secrets.token_bytes(16)
        slot = self._wrap(
            "password", name, _derive_from_password(password, salt, cost), salt, db_key
        )
        slot.cost = asdict(cost)
        self.slots = [s for s in self.slots if not (s.kind == "password" and s.username == name)]
        self.slots.append(slot)

    def replace_recovery(self, db_key: bytes) -> str:
        """A new recovery key; the old one stops working. Returns it for showing once."""
        raw = secrets.token_bytes(RECOVERY_KEY_BYTES)
        salt = secrets.token_bytes(16)
        slot = self._wrap("recovery", "", _derive_from_recovery(raw, salt), salt, db_key)
        self.slots = [s for s in self.slots if s.kind != "recovery"]
        self.slots.append(slot)
        return format_recovery_key(raw)

    def remove_password(self, username: str) -> None:
        name = normalise_username(username)
        self.slots = [s for s in self.slots if not (s.kind == "password" and s.username == name)]

    # -- unlocking ------------------------------------------------------
    def usernames(self) -> list[str]:
        return sorted(s.username for s in self.slots if s.kind == "password")

    def unlock_with_password(self, username: str, password: str) -> bytes:
        if self._pending is not None:
            return self._settle(
                lambda slots: slots._password_key(username, password), WrongPassword
            )
        return self._password_key(username, password)

    def _password_key(self, username: str, password: str) -> bytes:
        try:
            name = normalise_username(username)
        except InvalidInput as exc:
            raise WrongPassword() from exc
        if not _encodable(password):
            raise WrongPassword()
        slot = next((s for s in self.slots if s.kind == "password" and s.username == name), None)
        if slot is None:
            # Spend the same time as a real attempt so timing does not reveal who has an account.
            costs = [KdfCost(**s.cost) for s in self.slots if s.kind == "password"]
            fallback = FAST_COST if _fast() else PRODUCTION_COST  # never calibrate here
            _derive_from_password(password, b"\0" * 16, costs[0] if costs else fallback)
            raise WrongPassword()
        cost = KdfCost(**slot.cost)
        try:
            return self._unwrap(slot, _derive_from_password(password, _unb64(slot.salt), cost))
        except InvalidTag as exc:
            raise WrongPassword() from exc

    def unlock_with_recovery(self, recovery_text: str) -> bytes:
        if self._pending is not None:
            return self._settle(lambda slots: slots._recovery_key(recovery_text), WrongRecoveryKey)
        return self._recovery_key(recovery_text)

    def _recovery_key(self, recovery_text: str) -> bytes:
        raw = parse_recovery_key(recovery_text)
        slot = next((s for s in self.slots if s.kind == "recovery"), None)
        if slot is None:
            raise WrongRecoveryKey()
        try:
            return self._unwrap(slot, _derive_from_recovery(raw, _unb64(slot.salt)))
        except InvalidTag as exc:
            raise WrongRecoveryKey() from exc

    def _settle(self, open_key: Callable[[KeySlots], bytes], wrong: type[CasebookError]) -> bytes:
        """Unlock while an account change was interrupted, then finish or undo it.

        Either key file gives the database key (they wrap the same one), so a
        right password or recovery key for either opens the database; what it
        says decides which file stays. The secret must then fit that file: an
        old password after a change that took effect, or a new one after a
        change that did not, is wrong. A wrong one changes nothing on disk.
        """
        pending = self._pending
        assert pending is not None
        opened: set[str] = set()
        key: bytes | None = None
        try:
            key = open_key(self)
            opened.add("current")
        except wrong:
            pass
        if pending.slots is not None:
            try:
                other = open_key(pending.slots)
                opened.add("pending")
                key = key or other
            except wrong:
                pass
        if key is None:
            raise wrong()
        outcome = pending.settle(key)
        if outcome is None:  # the database could not say: leave both files for next time
            if "current" not in opened:
                raise wrong()
            return key
        self._pending = None
        if outcome == "pending":
            assert pending.slots is not None
            self.slots = pending.slots.slots
        if outcome not in opened:
            raise wrong()
        return key

    # -- storage --------------------------------------------------------
    def to_bytes(self) -> bytes:
        doc: dict[str, Any] = {
            "format": FORMAT,
            "version": VERSION,
            "database_id": self.database_id,
            "slots": [asdict(s) for s in self.slots],
        }
        if self.database_salt:
            doc["database_salt"] = self.database_salt
        return json.dumps(doc, indent=2, sort_keys=True).encode("utf-8")

    @classmethod
    def from_bytes(cls, data: bytes) -> KeySlots:
        doc = json.loads(data.decode("utf-8"))
        if doc.get("format") != FORMAT or doc.get("version") != VERSION:
            raise ValueError("not a Casebook key file")
        slots = [Slot(**s) for s in doc["slots"]]
        for s in slots:
            _unb64(s.salt), _unb64(s.nonce), _unb64(s.wrapped)
            if s.kind not in ("password", "recovery"):
                raise ValueError("unknown slot kind")
        salt = str(doc.get("database_salt", ""))
        if salt:
            bytes.fromhex(salt)  # ValueError if damaged
        return cls(database_id=str(doc["database_id"]), slots=slots, database_salt=salt)


def slots_for_database(db_path: Path) -> KeySlots:
    """The key slots of the database at `db_path`, after checking both files are there.

    An interrupted restore is undone first. What the files' names and first
    bytes tell is told before any password is asked for: a folder, an emptied
    file or a plain SQLite file where the database should be, a missing or
    damaged key file. A key file left pending by an interrupted account change
    comes along, to be settled at the first unlock. No SQLAlchemy or Qt here:
    this runs before sign-in, while they still load.
    """
    from app.storage import restore_journal

    restore_journal.settle(db_path)
    keys = keyslots_path(db_path)
    try:
        if db_path.is_dir():
            raise DatabaseIsFolder(str(db_path))
        if not db_path.exists():
            if keys.exists():
                raise DatabaseFileLost(str(db_path))
            raise DatabaseMissing(str(db_path))
        start = db_header.read_start(db_path)
    except PermissionError as exc:  # the folder or the file, for this account
        raise ReadAccessDenied(str(db_path)) from exc
    except OSError as exc:
        raise DatabaseDamaged(str(db_path)) from exc  # the disk cannot read it back
    if not start:
        raise DatabaseEmptied(str(db_path))  # never initialised: it held records
    if db_header.is_plain_sqlite(start):
        raise NotACasebookDatabase(str(db_path))
    _recover_cut_off_copy(db_path, keys)
    if not keys.exists():
        raise KeyFileMissing(str(keys))
    slots = load_keyslots(keys)
    pending = pending_keyslots_path(keys)
    _drop_torn_pending(db_path, pending)
    if pending.exists():
        slots._pending = PendingChange(db_path, slots.database_id)
    return slots


def load_keyslots(path: Path) -> KeySlots:
    try:
        return KeySlots.from_bytes(path.read_bytes())
    except PermissionError as exc:
        raise ReadAccessDenied(str(path)) from exc
    except (OSError, ValueError, TypeError, KeyError, binascii.Error) as exc:
        raise KeySlotsDamaged(str(path)) from exc


def save_keyslots(path: Path, slots: KeySlots) -> None:
    atomic_write(path, slots.to_bytes())


# -- account changes, whole or not at all ------------------------------------
#
# A change to the key slots (an account added or removed, a password or the
# recovery key changed) and its database transaction commit together:
#   1. the new key file is written beside the old as `<db>.keys.pending`, fsynced;
#   2. the transaction that changes the accounts and writes the audit entry also
#      stores the SHA-256 of that file (the setting KEYSLOTS_SETTING);
#   3. after the commit the pending file takes the key file's name.
# A kill before 2 has committed leaves a pending file the database does not
# name: it is deleted. A kill after leaves one it names: it takes its place.

KEYSLOTS_SETTING = "keyslots_sha256"
PENDING_SUFFIX = ".pending"


def pending_keyslots_path(keys: Path) -> Path:
    return keys.with_name(keys.name + PENDING_SUFFIX)


def keyslots_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def finish_pending_keyslots(keys: Path) -> None:
    """Step 3, once the database holds the pending file's digest."""
    fileio.put_in_place(pending_keyslots_path(keys), keys)


def discard_pending_keyslots(keys: Path) -> None:
    """The transaction did not commit: the old key file stays the key file."""
    with contextlib.suppress(FileNotFoundError):
        pending_keyslots_path(keys).unlink()


def _drop_torn_pending(db_path: Path, pending: Path) -> None:
    """A pending key file cut off while being written (its temporary file) was
    never committed with anything: it goes, unless another Casebook holds the
    database (and may be writing it right now)."""
    torn = pending.with_name(f".{pending.name}.tmp")
    if not torn.exists():
        return
    lock = DatabaseLock(db_path)
    try:
        lock.acquire()
    except (CasebookError, OSError):
        return  # held elsewhere, or a medium that cannot be written: left for later
    try:
        with contextlib.suppress(OSError):
            torn.unlink()
    finally:
        lock.release()


def _recover_cut_off_copy(db_path: Path, keys: Path) -> None:
    """The key file being rewritten in place (a folder that refuses renames, see
    fileio.put_in_place) when the process died: its old bytes were kept first.

    A key file that no longer reads gets them back; the change it was taking
    in is still pending and is settled as any other. One that reads is whole.
    """
    kept = fileio.kept_before_copy(keys)
    if not kept.exists():
        return
    lock = DatabaseLock(db_path)
    try:
        lock.acquire()
    except (CasebookError, OSError):
        return  # held elsewhere (it may be copying right now), or nothing can change here
    try:
        try:
            KeySlots.from_bytes(keys.read_bytes())
        except (OSError, ValueError, TypeError, KeyError, binascii.Error):
            KeySlots.from_bytes(kept.read_bytes())  # the kept copy must itself be whole
            fileio.copy_checked(kept, keys)
        kept.unlink()
    except (OSError, ValueError, TypeError, KeyError, binascii.Error):
        pass  # left as it is: loading the key file then reports it damaged
    finally:
        lock.release()


def committed_keyslots_digest(db_path: Path, key: bytes) -> str | None:
    """The key file digest the database last committed ("" if none), or None if
    the database cannot be read (damaged, not ours): then nothing is decided.

    A bare read-only connection: it never checkpoints the WAL a kill left, so
    the database and its WAL stay byte for byte as they were.
    """
    import sqlcipher3  # only when a change was interrupted; sign-in does not pay for it

    try:
        conn = sqlcipher3.connect(
            db_path.resolve().as_uri() + "?mode=ro", uri=True, isolation_level=None
        )
    except sqlcipher3.Error:
        return None
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        conn.execute("PRAGMA query_only = ON")
        conn.execute("PRAGMA busy_timeout = 5000")
        row = conn.execute("SELECT value FROM settings WHERE key = ?", (KEYSLOTS_SETTING,))
        found = row.fetchone()
    except sqlcipher3.Error:
        return None
    finally:
        conn.close()
    return "" if found is None else str(found[0])


class PendingChange:
    """A pending key file found at open, and what settling it decides."""

    def __init__(self, db_path: Path, database_id: str) -> None:
        self.db_path = db_path
        self.keys = keyslots_path(db_path)
        self.path = pending_keyslots_path(self.keys)
        self.slots: KeySlots | None = None
        with contextlib.suppress(OSError, ValueError, TypeError, KeyError, binascii.Error):
            slots = KeySlots.from_bytes(self.path.read_bytes())
            if slots.database_id == database_id:  # another install's file opens nothing here
                self.slots = slots

    def settle(self, key: bytes) -> str | None:
        """Finish ("pending") or undo ("current") the change; None if undecided.

        Under the database's lock, so a change another Casebook is making right
        now is never mistaken for an interrupted one. Where the files cannot
        be changed (a read-only medium), the decision holds for this session
        only, and the files are settled at an open that can write.
        """
        lock = DatabaseLock(self.db_path)
        try:
            lock.acquire()
        except CasebookError:
            raise  # another Casebook has the database open: it may be mid-change
        except OSError:
            pass  # no lock file can be made here, so nobody else is writing either
        try:
            try:
                data = self.path.read_bytes()
            except OSError:
                return None  # settled meanwhile by another process, or unreadable
            committed = committed_keyslots_digest(self.db_path, key)
            if committed is None:
                return None
            took = self.slots is not None and committed == keyslots_digest(data)
            with contextlib.suppress(OSError):
                if took:
                    finish_pending_keyslots(self.keys)
                else:
                    discard_pending_keyslots(self.keys)
            return "pending" if took else "current"
        finally:
            lock.release()
