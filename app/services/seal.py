"""The sealed record: every committed change to the record feeds the audit chain.

Each write transaction that changes a sealed table (a case's record, the
amendment history, staff accounts, retention decisions) leaves one row seal per
changed row in `row_seals`: the digest of the row as read back from the
database, or "deleted". The audit entry written at the end of that transaction
carries the digest of its seals (`audit_log.content_digest`), and the entry's
hash covers it, so the hash chain vouches for the record's content as well as
for who did what. `casebook verify` recomputes every row's digest and names the
rows that no longer match their newest seal.

Which rows changed is captured below the ORM, by TEMP triggers on the app's own
connection (they live only in that connection's memory, never in the file), so
bulk statements are sealed too. The entry itself is written in the session's
`before_commit`, after the content is final; `Workspace.audit` only queues it.

A row's canonical content is built by SQLite: a JSON object of its columns in
name order, NULLs left out (so a later migration that adds an empty column
leaves every seal valid), `cases.updated_at` left out (autosave touches it).

The current seal, a short code from the chain's head ("1532-K7QF-2MXA"), is
printed on records, written into backups and appended to a seal log beside the
key file: anchors outside the database that a rewritten history cannot match.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from app.services import audit
from app.storage.fileio import atomic_write
from app.storage.raw_sql import driver_connection

SEAL_TABLE = "row_seals"
DELETED = "deleted"
# Beyond the case tables (read from app.services.cases.CASE_TABLES).
OTHER_SEALED = ("amendments", "staff_accounts", "retention_decisions")
# Bookkeeping that changes without the record changing. Fixed here, not read from
# app.record.schema: every seal already written depends on it staying the same.
EXCLUDED_COLUMNS: dict[str, frozenset[str]] = {"cases": frozenset({"updated_at"})}
# Tables that carry their case's reference themselves; others name it by case_id.
REFERENCE_COLUMN = {"cases": "reference", "retention_decisions": "reference"}

TRIGGERS = {
    f"row_seals_no_{verb.lower()}": (
        f"CREATE TRIGGER row_seals_no_{verb.lower()} BEFORE {verb} ON row_seals "
        "BEGIN SELECT RAISE(ABORT, 'the record seals are append-only'); END"
    )
    for verb in ("UPDATE", "DELETE")
}

_CHANGES = "temp.seal_changes"
_QUEUE = "seal_queue"
_ACTOR = "seal_actor"
_BATCH = 5000


@cache
def sealed_tables() -> tuple[str, ...]:
    """Every sealed table, in the order seals are hashed (by name)."""
    from app.services.cases import CASE_TABLES  # lazily: cases imports the workspace

    return tuple(sorted({*CASE_TABLES, *OTHER_SEALED}))


def row_digest(text: str) -> str:
    """128 bits of SHA-256 of a row's canonical text: plenty to detect a change."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _columns(conn: Any, table: str) -> list[str]:
    return [str(r[1]) for r in conn.execute(f'PRAGMA main.table_info("{table}")')]


def _sealed_columns(conn: Any, table: str) -> list[str]:
    skip = EXCLUDED_COLUMNS.get(table, frozenset())
    return sorted(c for c in _columns(conn, table) if c not in skip)


def _content(conn: Any, table: str, alias: str = "t") -> str:
    """`content_sql` for a table as it is in this database."""
    skip = EXCLUDED_COLUMNS.get(table, frozenset())
    info = conn.execute(f'PRAGMA main.table_info("{table}")').fetchall()
    required = {str(r[1]) for r in info if r[3] or r[5]}  # NOT NULL or the key
    return content_sql(sorted(str(r[1]) for r in info if r[1] not in skip), required, alias)


def content_sql(columns: Iterable[str], required: Iterable[str] = (), alias: str = "t") -> str:
    """SQL for a row's canonical text: {"col":value,...} by name, NULLs left out.

    Built by SQLite so a whole table is hashed in one plain pass. A column that
    cannot be NULL skips the test (the text is the same either way).
    """
    never_null = set(required)
    parts = []
    for c in columns:
        pair = f'\',"{c}":\' || json_quote({alias}."{c}")'
        if c in never_null:
            parts.append(pair)
        else:
            parts.append(f"CASE WHEN {alias}.\"{c}\" IS NULL THEN '' ELSE {pair} END")
    return "'{' || substr(" + " || ".join(parts or ["''"]) + ", 2) || '}'"


def _reference_sql(table: str, columns: list[str], alias: str = "t") -> str:
    if table in REFERENCE_COLUMN:
        return f'{alias}."{REFERENCE_COLUMN[table]}"'
    if "case_id" in columns:
        return f"(SELECT c.reference FROM main.cases c WHERE c.id = {alias}.case_id)"
    return "''"


def has_seals(conn: Any) -> bool:
    return (
        conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (SEAL_TABLE,)
        ).fetchone()
        is not None
    )


# -- sealing ---------------------------------------------------------------
SealRow = tuple[str, int, int, str, str]  # table, row id, entry id, digest, case reference


def _seal_line(table: str, row_id: int, digest: str, case_ref: str) -> bytes:
    return f"{table}\x1f{row_id}\x1f{digest}\x1f{case_ref}\n".encode()


class _Sealer:
    """Writes one entry's seals table by table, hashing them in the order verify reads them."""

    def __init__(self, conn: Any, entry_id: int) -> None:
        self.conn = conn
        self.entry_id = entry_id
        self.hasher = hashlib.sha256()
        self.count = 0
        self.references: set[str] = set()
        self.tables: set[str] = set()

    def add(self, seals: list[SealRow]) -> None:
        seals.sort(key=lambda s: s[1])
        for i in range(0, len(seals), _BATCH):
            chunk = seals[i : i + _BATCH]
            self.conn.executemany(
                "INSERT INTO row_seals (table_name, row_id, entry_id, digest, case_ref) "
                "VALUES (?, ?, ?, ?, ?)",
                chunk,
            )
        for table, row_id, _entry, digest, ref in seals:
            self.hasher.update(_seal_line(table, row_id, digest, ref))
            self.references.add(ref)
            self.tables.add(table)
        self.count += len(seals)

    @property
    def digest(self) -> str:
        return self.hasher.hexdigest() if self.count else ""


def seal_all(conn: Any, entry_id: int) -> tuple[str, int]:
    """Seal every row of every sealed table under `entry_id` (for migration 0003)."""
    sealer = _Sealer(conn, entry_id)
    for table in sealed_tables():
        columns = _sealed_columns(conn, table)
        if not columns:  # a table a later migration adds
            continue
        rows = conn.execute(
            f"SELECT t.id, {_content(conn, table)}, {_reference_sql(table, columns)} "
            f'FROM main."{table}" t'
        )
        sealer.add([(table, rid, entry_id, row_digest(text), ref or "") for rid, text, ref in rows])
    return sealer.digest, sealer.count


def _latest_seals(conn: Any, table: str) -> dict[int, tuple[str, str]]:
    """The newest seal of each row changed in this transaction: row id -> (digest, ref)."""
    latest: dict[int, tuple[str, str]] = {}
    rows = conn.execute(
        "SELECT s.row_id, s.digest, s.case_ref FROM temp.seal_changes c "
        "JOIN main.row_seals s ON s.table_name = c.table_name AND s.row_id = c.row_id "
        "WHERE c.table_name = ? ORDER BY s.row_id, s.entry_id",
        (table,),
    )
    for row_id, digest, ref in rows:
        latest[row_id] = (digest, ref)
    return latest


def _seal_changes(conn: Any, entry_id: int) -> _Sealer:
    sealer = _Sealer(conn, entry_id)
    tables = [
        str(t)
        for (t,) in conn.execute(
            f"SELECT DISTINCT table_name FROM {_CHANGES} ORDER BY table_name"
        ).fetchall()
    ]
    for table in tables:
        columns = _sealed_columns(conn, table)
        before = _latest_seals(conn, table)
        seals: list[SealRow] = []
        rows = conn.execute(
            f"SELECT t.id, {_content(conn, table)}, {_reference_sql(table, columns)} "
            f'FROM {_CHANGES} c JOIN main."{table}" t ON t.id = c.row_id '
            "WHERE c.table_name = ?",
            (table,),
        )
        for row_id, text, ref in rows:
            digest = row_digest(text)
            if before.get(row_id, ("", ""))[0] != digest:
                seals.append((table, row_id, entry_id, digest, ref or ""))
        gone = conn.execute(
            f"SELECT c.row_id FROM {_CHANGES} c WHERE c.table_name = ? AND NOT EXISTS "
            f'(SELECT 1 FROM main."{table}" t WHERE t.id = c.row_id)',
            (table,),
        )
        for (row_id,) in gone.fetchall():
            earlier = before.get(row_id)
            # A row added and removed in the same transaction was never sealed.
            if earlier is not None and earlier[0] != DELETED:
                seals.append((table, row_id, entry_id, DELETED, earlier[1]))
        sealer.add(seals)
    return sealer


# -- capturing a transaction's changes -------------------------------------
def _install_capture(conn: Any) -> bool:
    """TEMP triggers noting each changed row of a sealed table; False if not sealed yet.

    Made inside the write transaction, so a rollback removes them with it, and
    they are simply made again by the next write.
    """
    if conn.execute(
        "SELECT 1 FROM sqlite_temp_master WHERE type = 'table' AND name = 'seal_changes'"
    ).fetchone():
        return True
    if not has_seals(conn):
        return False
    conn.execute(
        "CREATE TEMP TABLE seal_changes (table_name TEXT NOT NULL, row_id INTEGER NOT NULL, "
        "PRIMARY KEY (table_name, row_id)) WITHOUT ROWID"
    )
    for table in sealed_tables():
        note = f"INSERT OR IGNORE INTO {_CHANGES} VALUES ('{table}', "
        sealed = _sealed_columns(conn, table)
        if not sealed:  # not made yet: a migration is about to add it
            continue
        columns = ", ".join(f'"{c}"' for c in sealed)
        conn.execute(
            f'CREATE TEMP TRIGGER seal_{table}_insert AFTER INSERT ON main."{table}" '
            f"BEGIN {note}NEW.id); END"
        )
        conn.execute(
            f"CREATE TEMP TRIGGER seal_{table}_update AFTER UPDATE OF {columns} "
            f'ON main."{table}" BEGIN {note}OLD.id); {note}NEW.id); END'
        )
        conn.execute(
            f'CREATE TEMP TRIGGER seal_{table}_delete AFTER DELETE ON main."{table}" '
            f"BEGIN {note}OLD.id); END"
        )
    return True


def _after_begin(session: Session, _transaction: object, connection: Any) -> None:
    conn = connection.connection.driver_connection
    if _install_capture(conn):
        conn.execute(f"DELETE FROM {_CHANGES}")


def _before_commit(session: Session) -> None:
    queued: list[tuple[str, str, str, str]] = session.info.pop(_QUEUE, [])
    actor = str(session.info.get(_ACTOR, audit.SYSTEM_ACTOR))
    for _round in range(3):  # appending the entries changes no sealed row: one round
        session.flush()
        conn = driver_connection(session)
        sealing = _install_capture(conn)
        if not sealing:
            for entry in queued:
                audit.append(session, *entry)
            return
        changed = conn.execute(f"SELECT 1 FROM {_CHANGES} LIMIT 1").fetchone() is not None
        if not changed and not queued:
            return
        count, _head = audit.head_of(conn)
        entry_id = count + max(len(queued), 1)
        sealer = _seal_changes(conn, entry_id) if changed else _Sealer(conn, entry_id)
        conn.execute(f"DELETE FROM {_CHANGES}")
        if not queued:
            if not sealer.count:
                return
            refs = sealer.references - {""}
            target = next(iter(refs)) if len(refs) == 1 else audit.DATABASE_TARGET
            detail = "changed " + ", ".join(sorted(sealer.tables))  # table names, no data
            queued = [(actor, audit.Action.CHANGED, target, detail)]
        for i, (who, action, target, detail) in enumerate(queued):
            last = i == len(queued) - 1
            made = audit.append(session, who, action, target, detail, sealer.digest if last else "")
            assert not last or made == entry_id
        queued = []


def install(session_factory: Any) -> None:
    """Seal every write made through sessions of `session_factory`."""
    event.listen(session_factory, "after_begin", _after_begin)
    event.listen(session_factory, "before_commit", _before_commit)


def begin(session: Session, actor: str) -> None:
    """Say who made this transaction's changes, for an entry no service queued."""
    session.info[_ACTOR] = actor


def queue(session: Session, actor: str, action: str, target: str, detail: str = "") -> None:
    """An audit entry written when the transaction commits, with the digest of its changes."""
    session.info.setdefault(_QUEUE, []).append((actor, action, target, detail))


# -- checking --------------------------------------------------------------
NOUNS = {
    "cases": "the case's own record",
    "young_people": "a young person's details",
    "chronology": "a chronology entry",
    "amendments": "an entry of the amendment history",
    "decisions": "a decision",
    "actions": "an action",
    "reviews": "a review",
}


@dataclass(frozen=True)
class RecordCheck:
    problems: list[str]
    rows: int


def _where(ref: str) -> str:
    return f" (case {ref})" if ref else ""


_LINE_SQL = (
    "table_name || char(31) || row_id || char(31) || digest || char(31) || case_ref || char(10)"
)


@dataclass
class Part:
    """What one pass over some of the tables found (see `plan` and `check_part`)."""

    problems: list[str]
    rows: int
    deleted_rows: list[tuple[str, int, str]]
    deleted_cases: dict[str, int]
    hashers: dict[int, Any] | None  # entry id -> hash of its seals, if this part hashed them


def plan(conn: Any) -> tuple[list[str], list[str]]:
    """Two halves of the row checks, the second lighter: it also hashes every seal."""
    tables = list(sealed_tables())
    present = {str(n) for (n,) in conn.execute("SELECT name FROM sqlite_master")}
    weight = {
        t: (conn.execute(f'SELECT max(id) FROM main."{t}"').fetchone()[0] or 0)
        if t in present
        else 0
        for t in tables
    }
    first: list[str] = []
    second: list[str] = []
    load = [0.0, sum(weight.values()) * 0.5]  # hashing the seals costs about half a pass
    for table in sorted(tables, key=lambda t: -weight[t]):
        side = 0 if load[0] <= load[1] else 1
        (first, second)[side].append(table)
        load[side] += weight[table]
    return sorted(first), sorted(second)


def check_part(conn: Any, tables: Iterable[str], *, hash_seals: bool) -> Part:
    """Rows of `tables` against their newest seals; with `hash_seals`, every entry's seals too."""
    part = Part([], 0, [], {}, {} if hash_seals else None)
    if part.hashers is not None:
        for table in _seal_table_names(conn):
            for entry_id, lines in conn.execute(
                f"SELECT entry_id, group_concat({_LINE_SQL}, '' ORDER BY row_id) "
                "FROM row_seals WHERE table_name = ? GROUP BY entry_id",
                (table,),
            ):
                hasher = part.hashers.get(entry_id)
                if hasher is None:
                    hasher = part.hashers[entry_id] = hashlib.sha256()
                hasher.update(lines.encode("utf-8"))
    for table in tables:
        _check_table(conn, table, part)
    return part


def _check_table(conn: Any, table: str, part: Part) -> None:
    columns = _sealed_columns(conn, table)
    if not columns:
        part.problems.append(f"the table {table} is missing from the database")
        return
    # Row id -> newest digest: later seals of a row overwrite earlier ones.
    latest: dict[int, str] = dict(
        conn.execute(
            "SELECT row_id, digest FROM row_seals WHERE table_name = ? ORDER BY row_id, entry_id",
            (table,),
        )
    )
    pop = latest.pop
    sha = hashlib.sha256
    odd: list[tuple[int, str | None]] = []
    for row_id, text in conn.execute(f'SELECT t.id, {_content(conn, table)} FROM main."{table}" t'):
        sealed = pop(row_id, None)
        if sealed != sha(text.encode("utf-8")).hexdigest()[:32]:
            odd.append((row_id, sealed))
    part.rows += conn.execute(f'SELECT count(*) FROM main."{table}"').fetchone()[0]
    for row_id, sealed in odd:
        if sealed is None or sealed == DELETED:
            ref = _current_reference(conn, table, row_id)
            where = f", case {ref}" if ref else ""
            part.problems.append(
                f"a row was added to {table} outside Casebook (row {row_id}{where})"
            )
        else:
            where = _where(_sealed_reference(conn, table, row_id))
            part.problems.append(f"{table} row {row_id}{where} was changed outside Casebook")
    for row_id, digest in latest.items():
        if digest == DELETED:
            continue
        ref = _sealed_reference(conn, table, row_id)
        if table == "cases":
            part.deleted_cases[ref] = row_id
        part.deleted_rows.append((table, row_id, ref))


def combine(conn: Any, parts: list[Part], content: dict[int, str]) -> RecordCheck:
    """The parts' findings, with deleted rows told by case and every entry's seals checked.

    `content` is entry id -> content digest, from the chain.
    """
    problems = [p for part in parts for p in part.problems]
    deleted_rows = [r for part in parts for r in part.deleted_rows]
    deleted_cases = {ref: row for part in parts for ref, row in part.deleted_cases.items()}
    problems.extend(_deleted_problems(deleted_rows, deleted_cases))
    hashers: dict[int, Any] = {}
    for part in parts:
        hashers.update(part.hashers or {})
    for entry_id in sorted(set(content) | set(hashers)):
        hasher = hashers.get(entry_id)
        found = hasher.hexdigest() if hasher is not None else ""
        if found != content.get(entry_id, ""):
            problems.append(
                f"the seal of audit entry {entry_id} ({_covers(conn, entry_id)}) does not match: "
                "its row seals were edited, added or removed outside Casebook"
            )
    return RecordCheck(problems, sum(part.rows for part in parts))


def _covers(conn: Any, entry_id: int) -> str:
    rows = conn.execute(
        "SELECT table_name, row_id FROM row_seals WHERE entry_id = ? LIMIT 4", (entry_id,)
    ).fetchall()
    return ", ".join(f"{t} row {r}" for t, r in rows[:3]) + (", ..." if len(rows) > 3 else "") or (
        "no row seals left"
    )


def _sealed_reference(conn: Any, table: str, row_id: int) -> str:
    row = conn.execute(
        "SELECT case_ref FROM row_seals WHERE table_name = ? AND row_id = ? "
        "ORDER BY entry_id DESC LIMIT 1",
        (table, row_id),
    ).fetchone()
    return str(row[0]) if row else ""


def _current_reference(conn: Any, table: str, row_id: int) -> str:
    columns = _sealed_columns(conn, table)
    row = conn.execute(
        f'SELECT {_reference_sql(table, columns)} FROM main."{table}" t WHERE t.id = ?', (row_id,)
    ).fetchone()
    return str(row[0] or "") if row else ""


def _seal_table_names(conn: Any) -> list[str]:
    """The sealed tables and any other name in `row_seals` (one index seek each)."""
    names = set(sealed_tables())
    last = ""
    while True:
        row = conn.execute(
            "SELECT table_name FROM row_seals WHERE table_name > ? ORDER BY table_name LIMIT 1",
            (last,),
        ).fetchone()
        if row is None:
            return sorted(names)
        last = str(row[0])
        names.add(last)


def _deleted_problems(rows: list[tuple[str, int, str]], cases: dict[str, int]) -> list[str]:
    out: list[str] = []
    whole: dict[str, int] = dict.fromkeys(cases, 0)
    for table, row_id, ref in rows:
        if ref in whole and table != "cases":
            whole[ref] += 1
            continue
        if table == "cases":
            continue
        noun = NOUNS.get(table, f"a row of {table}")
        of_case = f" of case {ref}" if ref else ""
        out.append(f"{noun}{of_case} ({table} row {row_id}) was deleted outside Casebook")
    for ref, row_id in cases.items():
        more = f" and {whole[ref]} rows of its record" if whole[ref] else ""
        out.append(f"case {ref} (cases row {row_id}{more}) was deleted outside Casebook")
    return out


# -- the seal code ---------------------------------------------------------
def code_for(count: int, head_hash: str) -> str:
    """'1532-K7QF-2MXA': the entry count, then 40 bits of a hash of that entry's hash."""
    digest = hashlib.sha256(f"casebook-seal:{head_hash}".encode()).digest()
    letters = base64.b32encode(digest).decode("ascii")[:8]
    return f"{count}-{letters[:4]}-{letters[4:]}"


# Read aloud or typed from paper: O for 0, I for 1 and B for 8 (base32 has no 0, 1, 8).
_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})
_LETTERS = re.compile(r"^[A-Z2-7]{8}$")


def parse_code(text: str) -> tuple[int, str] | None:
    """(count, code) from what someone typed ("seal 1532-k7qf-2mxa"), or None."""
    cleaned = "".join(text.upper().split()).removeprefix("SEAL")
    count, _, letters = cleaned.partition("-")
    letters = letters.replace("-", "").translate(_LOOKALIKES)
    if not count.isdigit() or not _LETTERS.match(letters):
        return None
    return int(count), f"{int(count)}-{letters[:4]}-{letters[4:]}"


@dataclass(frozen=True)
class Head:
    count: int
    hash: str

    @property
    def code(self) -> str:
        return code_for(self.count, self.hash)


def head(conn: Any) -> Head:
    count, digest = audit.head_of(conn)
    return Head(count, digest)


def current(ws: Any) -> Head:
    """The chain's head now, through the workspace's read connection."""
    with ws.read() as s:
        return head(driver_connection(s))


def head_of_file(path: Path, key: bytes) -> Head:
    """The head of an encrypted database file (a backup's copy), read-only."""
    from app.storage import store

    conn = store._read_connection(path, key)
    try:
        return head(conn)
    finally:
        conn.close()


# -- the seal log ----------------------------------------------------------
def log_path(db_path: Path) -> Path:
    """Beside the key file: `casebook.db.seals`."""
    return db_path.with_name(db_path.name + ".seals")


@dataclass(frozen=True)
class Anchor:
    """One remembered seal: where it was kept, when, and what it says."""

    source: str
    at: str  # UTC, ISO 8601
    count: int
    code: str
    hash: str = ""  # the full head hash where the anchor keeps it
    kind: str = ""
    restored_from: int = 0  # for a restore: the backup's entry count
    line: int = -1  # its line in the seal log, which orders anchors of the same second


def _utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _format(at: str, head_now: Head, kind: str, extra: str = "") -> str:
    fields = [at, str(head_now.count), head_now.code, head_now.hash, kind]
    if extra:
        fields.append(extra)
    return "\t".join(fields) + "\n"


def read_log(db_path: Path) -> tuple[list[Anchor], int]:
    """The seal log's anchors and how many lines could not be read."""
    try:
        text = log_path(db_path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return [], 0
    except (OSError, UnicodeError):
        return [], 1
    anchors: list[Anchor] = []
    bad = 0
    for number, line in enumerate(text.splitlines()):
        parts = line.split("\t")
        if not line.strip():
            continue
        try:
            at, count, code, digest, kind = parts[:5]
            extra = int(parts[5]) if len(parts) > 5 and parts[5] else 0
            anchors.append(
                Anchor("the seal log", at, int(count), code, digest, kind, extra, number)
            )
        except ValueError:
            bad += 1
    return anchors, bad


def write_log(db_path: Path, head_now: Head, kind: str, restored_from: int | None = None) -> bool:
    """Append one anchor; False (and nothing else) if the file cannot be written.

    A seal log that cannot be written must never stop the DSL working.
    """
    if head_now.count == 0:
        return False
    path = log_path(db_path)
    try:
        try:
            existing = path.read_bytes()
        except FileNotFoundError:
            existing = b""
        extra = str(restored_from) if restored_from is not None else ""
        line = _format(_utc_now(), head_now, kind, extra)
        last = existing.rstrip(b"\n").rsplit(b"\n", 1)[-1].decode("utf-8", "replace")
        if last.split("\t")[1:] == line.rstrip("\n").split("\t")[1:]:
            return True  # the same anchor again (say, closing after a verify)
        if existing and not existing.endswith(b"\n"):
            existing += b"\n"
        atomic_write(path, existing + line.encode("utf-8"))
        return True
    except Exception:  # noqa: BLE001 (never stop the DSL working; the log holds no child data)
        return False


def anchor(ws: Any, kind: str, restored_from: int | None = None) -> bool:
    """Write the current seal into the seal log beside the database (never raises)."""
    if getattr(ws, "read_only", None) is not None:
        return False  # nothing is written beside a database that cannot be written
    with contextlib.suppress(Exception):
        return write_log(ws.path, current(ws), kind, restored_from)
    return False


@dataclass(frozen=True)
class AnchorResult:
    anchor: Anchor
    agrees: bool | None  # None: it belonged to the database a restore replaced

    def describe(self) -> str:
        a = self.anchor
        if not a.at:
            return f"{a.source}, {a.code},"
        when = a.at.replace("T", " ").replace("Z", " UTC")
        return f"the seal {a.code} kept in {a.source} (written {when})"


def _before(a: Anchor, restore: Anchor) -> bool:
    """Was `a` kept before this restore (so of the database it replaced)?"""
    if a.line >= 0:
        return a.line < restore.line
    return bool(a.at) and a.at <= restore.at


def check_anchors(chain: audit.ChainReport, anchors: Iterable[Anchor]) -> list[AnchorResult]:
    """Each anchor at count N against entry N's hash, so old anchors stay checkable."""
    listed = list(anchors)
    restores = [a for a in listed if a.kind == "restored" and a.restored_from]
    out: list[AnchorResult] = []
    for a in listed:
        replaced = any(a.count > r.restored_from and _before(a, r) for r in restores)
        if replaced:
            out.append(AnchorResult(a, None))
            continue
        if a.count < 1 or a.count > chain.entries:
            out.append(AnchorResult(a, False))
            continue
        stored = chain.hashes[a.count - 1]
        agrees = code_for(a.count, stored) == a.code and (not a.hash or a.hash == stored)
        out.append(AnchorResult(a, agrees))
    return out


def anchor_problems(chain: audit.ChainReport, results: list[AnchorResult]) -> list[str]:
    problems: list[str] = []
    for r in results:
        a = r.anchor
        if r.agrees is False:
            if a.count > chain.entries:
                problems.append(
                    f"{r.describe()} names audit entry {a.count}, but the trail now has "
                    f"only {chain.entries}: entries were removed outside Casebook"
                )
            else:
                problems.append(
                    f"{r.describe()} does not match audit entry {a.count}: "
                    "the history up to that entry was rewritten outside Casebook"
                )
    # After a session closed, only a sign-in (or Casebook itself) may come next.
    for r in results:
        a = r.anchor
        if r.agrees and a.kind == "closed" and a.count < chain.entries:
            following = a.count + 1
            if following not in chain.starts:
                problems.append(
                    f"audit entry {following} was written after Casebook closed at entry "
                    f"{a.count} and before anyone signed in again: it was added outside Casebook"
                )
    return sorted(set(problems), key=problems.index)
