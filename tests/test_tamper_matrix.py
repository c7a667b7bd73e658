"""The tamper matrix: with the raw key and a SQL shell, every kind of change is reported.

Each case runs a realistic session (wizard finish, amendment, chronology entry,
status change, a new account, a backup to the saved folder, a printed record),
closes Casebook, tampers with the closed file through `sqlcipher3` directly as
someone holding the key would, then signs in again and runs `verify`, which
must name what was altered (table and row, or the audit entry, trigger or
anchor). Triggers are dropped for the change and put back afterwards, so only
the change itself is left to find, unless the case is about a trigger.
"""

from __future__ import annotations

import contextlib
import json
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3

from app import printing
from app.models import CaseStatus, StaffRole
from app.services import accounts, audit, backup, cases, followup, incident, seal
from app.services import settings as settings_service
from app.services.verify import VerifyReport, verify
from app.services.workspace import Workspace, unlock
from app.wizard import example
from tests.conftest import DSL, PASSWORD, copy_database


@dataclass
class Session:
    """What the realistic session left behind, for the tampering and the checks."""

    db_path: Path
    key: bytes
    usb: Path
    case_id: int
    reference: str
    printed_seal: str
    entries: int  # the audit entries when Casebook closed


def realistic_session(ws: Workspace, usb: Path) -> Session:
    usb.mkdir()
    settings_service.update(ws, {"backup_folder": str(usb)})
    case_id = cases.create_case(ws).id
    for page, values in example.demo_pages().items():
        cases.save_draft_page(ws, case_id, page, values)
    reference = incident.finish(ws, case_id)
    cases.amend(ws, case_id, "cases", case_id, "summary", "A clearer summary.", "clarified")
    followup.add_chronology_entry(
        ws, case_id, datetime.now().replace(microsecond=0) - timedelta(hours=1), "Parents met."
    )
    cases.change_status(ws, case_id, CaseStatus.MONITORING, "actions in place")
    accounts.add_account(ws, "deputy", "Dee Puty", "another long passphrase", StaffRole.DEPUTY)
    backup.backup_to_folder(ws)
    printed = seal.current(ws).code  # what the footer of the printed record says
    printing.case_pdf(ws, reference, purpose="printed")
    entries = seal.current(ws).count
    key = ws.database_key()
    ws.close()
    return Session(ws.path, key, usb, case_id, reference, printed, entries)


@pytest.fixture(scope="module")
def _pristine(
    tmp_path_factory: pytest.TempPathFactory, dsl_template: tuple[Path, str]
) -> tuple[Session, Path, Path]:
    """One realistic session for the module (the session, its folder, a pristine copy).

    Each test tampers with a fresh copy of it put back at the same place: the
    database names its backup folder by absolute path, so the copy must stand
    where the session left it to be the same session.
    """
    work = tmp_path_factory.mktemp("tamper")
    with pytest.MonkeyPatch.context() as patch:
        # Module-scoped, so before the per-test home: give it one of its own.
        for name in ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
            patch.setenv(name, str(work / name.lower()))
        db_path = work / "files" / "school" / "casebook.db"
        copy_database(dsl_template[0], db_path)
        s = realistic_session(unlock(db_path, DSL, PASSWORD), work / "files" / "usb")
    pristine = work / "pristine"
    shutil.copytree(work / "files", pristine)
    return s, work / "files", pristine


@pytest.fixture
def session(_pristine: tuple[Session, Path, Path]) -> Session:
    s, files, pristine = _pristine
    shutil.rmtree(files)
    shutil.copytree(pristine, files)  # copy2: contents and times as the session left them
    return s


def _connect(s: Session) -> Any:
    conn = sqlcipher3.connect(str(s.db_path), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{s.key.hex()}'\"")
    conn.execute("PRAGMA foreign_keys = OFF")
    return conn


@contextlib.contextmanager
def raw(s: Session, *, keep_triggers_off: bool = False) -> Iterator[Any]:
    """A SQL shell on the closed database: every trigger dropped, then put back."""
    conn = _connect(s)
    triggers = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
    try:
        conn.execute("BEGIN")
        for name, _sql in triggers:
            conn.execute(f"DROP TRIGGER {name}")
        yield conn
        if not keep_triggers_off:
            for _name, sql in triggers:
                conn.execute(sql)
        conn.execute("COMMIT")
    finally:
        conn.close()


def one(conn: Any, sql: str, params: tuple[Any, ...] = ()) -> Any:
    return conn.execute(sql, params).fetchone()[0]


def rehash_chain(conn: Any) -> None:
    """Recompute every entry's hash and the head, as a careful forger would."""
    prev = audit.GENESIS
    rows = conn.execute(
        "SELECT id, at, actor, action, target, detail, content_digest FROM audit_log ORDER BY id"
    ).fetchall()
    for entry_id, at, actor, action, target, detail, content in rows:
        digest = audit.entry_hash(entry_id, at, actor, action, target, detail, prev, content)
        conn.execute(
            "UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?", (prev, digest, entry_id)
        )
        prev = digest
    conn.execute("UPDATE audit_head SET count = ?, hash = ?", (len(rows), prev))


def rewrite_seal_log(s: Session, conn: Any) -> None:
    """Give every line of the seal log the forged chain's code at its count."""
    hashes = [h for (h,) in conn.execute("SELECT hash FROM audit_log ORDER BY id")]
    path = seal.log_path(s.db_path)
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        count = int(parts[1])
        parts[2], parts[3] = seal.code_for(count, hashes[count - 1]), hashes[count - 1]
        lines.append("\t".join(parts))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# -- the kinds of tampering ----------------------------------------------------------
def rewritten_summary(s: Session, c: Any) -> list[str]:
    c.execute("UPDATE cases SET summary = 'Nothing happened.' WHERE id = ?", (s.case_id,))
    return [f"cases row {s.case_id} (case {s.reference}) was changed outside Casebook"]


def renamed_child(s: Session, c: Any) -> list[str]:
    child = one(c, "SELECT min(id) FROM young_people WHERE case_id = ?", (s.case_id,))
    c.execute("UPDATE young_people SET name = 'Someone Else' WHERE id = ?", (child,))
    return [f"young_people row {child} (case {s.reference}) was changed outside Casebook"]


def changed_status(s: Session, c: Any) -> list[str]:
    c.execute("UPDATE cases SET status = 'closed' WHERE id = ?", (s.case_id,))
    return [f"cases row {s.case_id} (case {s.reference}) was changed"]


def changed_opened_date(s: Session, c: Any) -> list[str]:
    c.execute(
        "UPDATE cases SET opened_at = '2020-01-06 09:00:00.000000' WHERE id = ?", (s.case_id,)
    )
    return [f"cases row {s.case_id} (case {s.reference}) was changed"]


def deleted_chronology_entry(s: Session, c: Any) -> list[str]:
    row = one(c, "SELECT max(id) FROM chronology WHERE case_id = ?", (s.case_id,))
    c.execute("DELETE FROM chronology WHERE id = ?", (row,))
    return [
        f"a chronology entry of case {s.reference} (chronology row {row}) "
        "was deleted outside Casebook"
    ]


def deleted_case(s: Session, c: Any) -> list[str]:
    tables = [t for t in seal.sealed_tables() if t not in ("cases", "staff_accounts")]
    for table in [*tables, "draft_pages"]:
        column = "reference" if table == "retention_decisions" else "case_id"
        value: object = s.reference if column == "reference" else s.case_id
        c.execute(f"DELETE FROM {table} WHERE {column} = ?", (value,))
    c.execute("DELETE FROM cases WHERE id = ?", (s.case_id,))
    return [f"case {s.reference} (cases row {s.case_id}", "was deleted outside Casebook"]


def inserted_row(s: Session, c: Any) -> list[str]:
    columns = [r[1] for r in c.execute("PRAGMA table_info(decisions)") if r[1] != "id"]
    names = ", ".join(columns)
    c.execute(
        f"INSERT INTO decisions ({names}) SELECT {names} FROM decisions WHERE case_id = ? "
        "ORDER BY id LIMIT 1",
        (s.case_id,),
    )
    row = one(c, "SELECT max(id) FROM decisions")
    return [f"a row was added to decisions outside Casebook (row {row}, case {s.reference})"]


def edited_amendment_old_value(s: Session, c: Any) -> list[str]:
    row = one(c, "SELECT max(id) FROM amendments")
    c.execute("UPDATE amendments SET old_value = ? WHERE id = ?", (json.dumps("Other"), row))
    return [f"amendments row {row} (case {s.reference}) was changed outside Casebook"]


def deleted_amendment(s: Session, c: Any) -> list[str]:
    row = one(c, "SELECT min(id) FROM amendments")
    c.execute("DELETE FROM amendments WHERE id = ?", (row,))
    return [f"(amendments row {row}) was deleted outside Casebook"]


def forged_amendment(s: Session, c: Any) -> list[str]:
    columns = [r[1] for r in c.execute("PRAGMA table_info(amendments)") if r[1] != "id"]
    names = ", ".join(columns)
    c.execute(
        f"INSERT INTO amendments ({names}) SELECT {names} FROM amendments ORDER BY id LIMIT 1"
    )
    row = one(c, "SELECT max(id) FROM amendments")
    return [f"a row was added to amendments outside Casebook (row {row}"]


def changed_staff_name(s: Session, c: Any) -> list[str]:
    row = one(c, "SELECT id FROM staff_accounts WHERE username = 'deputy'")
    c.execute("UPDATE staff_accounts SET display_name = 'Someone Else' WHERE id = ?", (row,))
    return [f"staff_accounts row {row} was changed outside Casebook"]


def dropped_audit_trigger(s: Session, c: Any) -> list[str]:
    return ["the database trigger audit_log_no_update is missing"]


def _record_trigger() -> str:
    from app.services.verify import _expected_triggers

    names = sorted(n for n in _expected_triggers() if not n.startswith("audit_log_"))
    return next((n for n in names if n.startswith("cases_")), names[0])


def dropped_record_trigger(s: Session, c: Any) -> list[str]:
    return [f"the database trigger {_record_trigger()} is missing"]


def deleted_tail_rewritten_head(s: Session, c: Any) -> list[str]:
    c.execute("DELETE FROM audit_log WHERE id > ?", (s.entries - 3,))
    last = one(c, "SELECT hash FROM audit_log WHERE id = ?", (s.entries - 3,))
    c.execute("UPDATE audit_head SET count = ?, hash = ?", (s.entries - 3, last))
    return [f"names audit entry {s.entries}, but the trail now has only", "removed"]


def forged_appended_entry(s: Session, c: Any) -> list[str]:
    count, prev = one(c, "SELECT count FROM audit_head"), one(c, "SELECT hash FROM audit_head")
    at = datetime.now().isoformat(timespec="microseconds") + "+00:00"
    entry = (count + 1, at, DSL, "viewed", s.reference, "")
    digest = audit.entry_hash(*entry, prev)
    c.execute(
        "INSERT INTO audit_log (id, at, actor, action, target, detail, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (*entry, prev, digest),
    )
    c.execute("UPDATE audit_head SET count = ?, hash = ?", (count + 1, digest))
    return [f"audit entry {count + 1} was written after Casebook closed at entry {count}"]


def edited_audit_entry(s: Session, c: Any) -> list[str]:
    c.execute("UPDATE audit_log SET actor = 'someone-else' WHERE id = 3")
    return ["audit entry 3 has been changed"]


def reordered_audit_entries(s: Session, c: Any) -> list[str]:
    fields = "at, actor, action, target, detail, prev_hash, hash, content_digest"
    third = c.execute(f"SELECT {fields} FROM audit_log WHERE id = 3").fetchone()
    fourth = c.execute(f"SELECT {fields} FROM audit_log WHERE id = 4").fetchone()
    sets = ", ".join(f"{f} = ?" for f in fields.split(", "))
    c.execute("UPDATE audit_log SET hash = 'x' WHERE id = 3")  # hash is unique
    c.execute(f"UPDATE audit_log SET {sets} WHERE id = 4", third)
    c.execute(f"UPDATE audit_log SET {sets} WHERE id = 3", fourth)
    return ["audit entry 3 has been changed", "audit entry 4"]


def truncated_audit_trail(s: Session, c: Any) -> list[str]:
    c.execute("DELETE FROM audit_log WHERE id > 5")
    return ["the newest audit entries have been removed or replaced"]


def edited_entry_rehashed(s: Session, c: Any) -> list[str]:
    c.execute("UPDATE audit_log SET actor = 'someone-else' WHERE id = 3")
    rehash_chain(c)
    return ["kept in the seal log", "does not match audit entry", "rewritten outside Casebook"]


def rehashed_and_seal_log_rewritten_backup(s: Session, c: Any) -> list[str]:
    edited_entry_rehashed(s, c)
    rewrite_seal_log(s, c)
    return ["kept in the backup casebook-backup-", "does not match audit entry"]


def rehashed_and_seal_log_rewritten_printed(s: Session, c: Any) -> list[str]:
    edited_entry_rehashed(s, c)
    rewrite_seal_log(s, c)
    shutil.rmtree(s.usb)  # the backup stick is in a drawer, not plugged in
    return [f"the seal given, {s.printed_seal}, does not match audit entry"]


def _newest_seal(c: Any, table: str, row_id: int) -> int:
    return int(
        one(
            c,
            "SELECT max(entry_id) FROM row_seals WHERE table_name = ? AND row_id = ?",
            (table, row_id),
        )
    )


def edited_row_seal(s: Session, c: Any) -> list[str]:
    child = one(c, "SELECT min(id) FROM young_people WHERE case_id = ?", (s.case_id,))
    entry = _newest_seal(c, "young_people", child)
    c.execute(
        "UPDATE row_seals SET digest = ? WHERE table_name = 'young_people' AND row_id = ? "
        "AND entry_id = ?",
        ("0" * 32, child, entry),
    )
    return [f"the seal of audit entry {entry} (", f"young_people row {child}"]


def deleted_row_seal(s: Session, c: Any) -> list[str]:
    row = one(c, "SELECT max(id) FROM chronology WHERE case_id = ?", (s.case_id,))
    entry = _newest_seal(c, "chronology", row)
    c.execute(
        "DELETE FROM row_seals WHERE table_name = 'chronology' AND row_id = ? AND entry_id = ?",
        (row, entry),
    )
    return [f"the seal of audit entry {entry} (", f"chronology outside Casebook (row {row}"]


Tamper = Callable[[Session, Any], list[str]]
MATRIX: dict[str, Tamper] = {
    "case: rewritten summary": rewritten_summary,
    "young person: renamed child": renamed_child,
    "case: changed status": changed_status,
    "case: changed opened date": changed_opened_date,
    "chronology: deleted entry": deleted_chronology_entry,
    "case: deleted with all its rows": deleted_case,
    "decisions: inserted row": inserted_row,
    "amendments: edited old value": edited_amendment_old_value,
    "amendments: deleted entry": deleted_amendment,
    "amendments: inserted forgery": forged_amendment,
    "staff accounts: changed display name": changed_staff_name,
    "triggers: dropped audit trigger": dropped_audit_trigger,
    "triggers: dropped record trigger": dropped_record_trigger,
    "audit trail: deleted tail, rewritten head": deleted_tail_rewritten_head,
    "audit trail: forged appended entry": forged_appended_entry,
    "audit trail: edited entry": edited_audit_entry,
    "audit trail: reordered entries": reordered_audit_entries,
    "audit trail: truncated": truncated_audit_trail,
    "audit trail: edited, chain re-hashed (seal log)": edited_entry_rehashed,
    "audit trail: re-hashed, seal log rewritten (backup manifest)": (
        rehashed_and_seal_log_rewritten_backup
    ),
    "audit trail: re-hashed, seal log rewritten (printed seal)": (
        rehashed_and_seal_log_rewritten_printed
    ),
    "row seals: edited seal": edited_row_seal,
    "row seals: deleted seal": deleted_row_seal,
}
# Cases that leave a trigger dropped (the drop is what verify must find).
TRIGGER_CASES = {
    "triggers: dropped audit trigger": "audit_log_no_update",
    "triggers: dropped record trigger": "",
}


def _verify_again(s: Session, given: str | None = None) -> VerifyReport:
    again = unlock(s.db_path, DSL, PASSWORD)
    try:
        return verify(again, given)
    finally:
        again.close()


@pytest.mark.parametrize("kind", list(MATRIX), ids=list(MATRIX))
def test_tampering_is_reported(session: Session, kind: str) -> None:
    if kind in TRIGGER_CASES:
        name = TRIGGER_CASES[kind] or _record_trigger()
        conn = _connect(session)
        try:
            conn.execute(f"DROP TRIGGER {name}")
        finally:
            conn.close()
        expected = MATRIX[kind](session, None)
    else:
        with raw(session) as conn:
            expected = MATRIX[kind](session, conn)
    given = session.printed_seal if "printed seal" in kind else None
    report = _verify_again(session, given)
    assert not report.sound
    text = "\n".join(report.problems)
    for words in expected:
        assert words in text, f"{kind}: {words!r} not in\n{text}"
    assert "Zoë" not in text and "Someone Else" not in text  # no names in the report


def test_an_untouched_database_verifies_clean_after_a_realistic_session(
    session: Session,
) -> None:
    report = _verify_again(session, session.printed_seal)
    assert report.sound, report.problems
    assert report.rows_sealed > 30
    sources = {r.anchor.source for r in report.anchors}
    assert "the seal log" in sources and "the seal given" in sources
    assert any(source.startswith("the backup casebook-backup-") for source in sources)
    assert all(r.agrees for r in report.anchors)
    # The same again: verify's own entries and anchors stay sound too.
    assert _verify_again(session).sound
