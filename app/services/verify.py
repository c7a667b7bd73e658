"""Is the database sound, and is its record the one Casebook wrote?

SQLCipher's page check and SQLite's integrity check (in a thread of their own,
while the rest runs), the audit chain, every sealed row against its seal, the
triggers the record relies on, and the seal against every anchor kept outside
the database: the seal log, the saved backups' manifests, and a seal read off a
printed page.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import exc

from app.errors import InvalidInput
from app.models.transfer import TRIGGERS as TRANSFER_TRIGGERS
from app.record import guard as record_guard
from app.services import audit, seal, transfer
from app.services.seal import AnchorResult
from app.services.workspace import Workspace
from app.storage import store
from app.storage.raw_sql import driver_connection


@dataclass(frozen=True)
class VerifyReport:
    problems: list[str]
    audit_entries: int
    seal: str = ""
    rows_sealed: int = 0
    anchors: list[AnchorResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def sound(self) -> bool:
        return not self.problems

    def anchor_lines(self) -> list[str]:
        """One calm line per kind of anchor: how many agree, and which do not."""
        by_source: dict[str, list[AnchorResult]] = {}
        for result in self.anchors:
            source = result.anchor.source
            label = _LABELS.get(source, "Backups in the backup folder")
            by_source.setdefault(label, []).append(result)
        lines: list[str] = []
        for label, results in by_source.items():
            agree = sum(1 for r in results if r.agrees)
            replaced = sum(1 for r in results if r.agrees is None)
            differ = [r for r in results if r.agrees is False]
            text = f"{label}: {agree} of {len(results)} agree"
            if replaced:
                text += f" ({replaced} belonged to the database a restore replaced)"
            if differ:
                text += "; do not agree: " + ", ".join(r.anchor.code for r in differ[:5])
                if len(differ) > 5:
                    text += f" and {len(differ) - 5} more"
            lines.append(text)
        return lines + [note[:1].upper() + note[1:] for note in self.notes]


_LABELS = {"the seal log": "Seal log", "the seal given": "The seal given"}


def _expected_triggers() -> dict[str, str]:
    """Every trigger the record relies on, by name, with its SQL where it is known."""
    return {**seal.TRIGGERS, **record_guard.trigger_sql(), **TRANSFER_TRIGGERS}


def _normal(sql: str) -> str:
    return re.sub(r"\s+", " ", sql).strip().rstrip(";").lower()


def trigger_problems(conn: Any) -> list[str]:
    present = {
        str(name): str(sql or "")
        for name, sql in conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
    }
    problems: list[str] = []
    for name, sql in sorted(_expected_triggers().items()):
        if name not in present:
            problems.append(f"the database trigger {name} is missing")
        elif _normal(present[name]) != _normal(sql):
            problems.append(f"the database trigger {name} was altered outside Casebook")
    has_permits = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'write_permits'"
    ).fetchone()
    if has_permits and conn.execute("SELECT 1 FROM write_permits LIMIT 1").fetchone():
        problems.append(
            "a write permit was left in the database (write_permits): "
            "a change was made outside Casebook"
        )
    return problems


def _backup_anchors(ws: Workspace) -> tuple[list[seal.Anchor], list[str]]:
    from app.services import backup

    try:
        folder_text = ws.settings().get("backup_folder", "")
    except exc.DBAPIError:  # a damaged file: reported by the page check already
        return [], []
    if not folder_text:
        return [], []
    folder = Path(folder_text)
    if not folder.is_dir():
        return [], [f"the backup folder {folder} is not reachable, so its backups were not read"]
    anchors: list[seal.Anchor] = []
    for path in backup.list_backups(folder):
        found = backup.manifest_seal(path)
        if found is not None:
            anchors.append(found)
    return anchors, []


def _on_own_connection(ws: Workspace, head: tuple[int, str], tables: list[str]) -> seal.Part | None:
    """`seal.check_part` on a read connection of its own, or None if it does not see
    the same record (a write came between the two snapshots) or cannot read it."""
    try:
        conn = ws.read_connection()
    except sqlcipher3.Error:
        return None
    try:
        conn.execute("BEGIN")
        if audit.head_of(conn) != head:
            return None
        return seal.check_part(conn, tables, hash_seals=True)
    except sqlcipher3.Error:
        return None
    finally:
        conn.close()


def _check_record(
    ws: Workspace, pool: ThreadPoolExecutor, conn: Any, chain: audit.ChainReport
) -> seal.RecordCheck:
    mine, theirs = seal.plan(conn)
    head = audit.head_of(conn)
    other = pool.submit(_on_own_connection, ws, head, theirs)
    parts = [seal.check_part(conn, mine, hash_seals=False)]
    found = other.result()
    parts.append(found if found is not None else seal.check_part(conn, theirs, hash_seals=True))
    return seal.combine(conn, parts, chain.content)


def _parsed_seal(given_seal: str | None) -> tuple[int, str] | None:
    parsed = seal.parse_code(given_seal) if given_seal is not None else None
    if given_seal is not None and parsed is None:
        raise InvalidInput(
            "That is not a seal: a seal is the number of entries, then eight letters and "
            "digits, as printed at the foot of each page (1532-K7QF-2MXA)."
        )
    return parsed


def _check_the_file(
    ws: Workspace,
) -> tuple[list[str], audit.ChainReport, seal.RecordCheck | None]:
    """The page checks, the audit chain, every row against its seal, the triggers."""
    # Three things side by side on two cores: the page checks (all C), half the
    # rows with every seal's hash on a second connection, the other half here.
    with ThreadPoolExecutor(max_workers=2) as pool:
        integrity = pool.submit(ws.integrity_problems)
        chain = audit.ChainReport(0, [])
        record: seal.RecordCheck | None = None
        triggers: list[str] = []
        unreadable = False
        try:
            with ws.read() as s:
                conn = driver_connection(s)
                chain = audit.scan_chain(conn)
                if seal.has_seals(conn):
                    record = _check_record(ws, pool, conn, chain)
                triggers = trigger_problems(conn) + transfer.record_problems(conn)
        except (sqlcipher3.Error, exc.DBAPIError):
            unreadable = True  # damage: the page check below names it
        problems = integrity.result()
    if unreadable and store.DAMAGED_PROBLEM not in problems:
        problems.append(store.DAMAGED_PROBLEM)
    problems += chain.problems
    if record is not None:
        problems += record.problems
    return problems + triggers, chain, record


def _anchors(ws: Workspace, parsed: tuple[int, str] | None) -> tuple[list[seal.Anchor], list[str]]:
    """Every seal kept outside the database that can be found, and notes about them."""
    anchors, bad_lines = seal.read_log(ws.path)
    notes: list[str] = []
    if bad_lines:
        notes.append(f"the seal log has {bad_lines} line(s) that could not be read")
    if not anchors:
        notes.append("the seal log beside the database holds no seals yet")
    backups, backup_notes = _backup_anchors(ws)
    notes += backup_notes
    anchors += backups
    if parsed is not None:
        anchors.append(seal.Anchor("the seal given", "", parsed[0], parsed[1]))
    return anchors, notes


def verify(ws: Workspace, given_seal: str | None = None) -> VerifyReport:
    """Every check; `given_seal` is a code read off a printed page (or a note)."""
    parsed = _parsed_seal(given_seal)
    problems, chain, record = _check_the_file(ws)
    anchors, notes = _anchors(ws, parsed)
    results = seal.check_anchors(chain, anchors)
    problems += seal.anchor_problems(chain, results)
    head_now = seal.Head(chain.entries, chain.hashes[-1]) if chain.hashes else None
    if not problems:
        with ws.write() as s:
            ws.audit(
                s,
                audit.Action.VERIFIED,
                audit.DATABASE_TARGET,
                "database, audit chain and record seals sound",
            )
        seal.anchor(ws, "verified")
    return VerifyReport(
        problems,
        chain.entries,
        head_now.code if head_now else "",
        record.rows if record else 0,
        results,
        notes,
    )
