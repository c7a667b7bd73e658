"""The record's seal: in every footer, in every backup, in the seal log, and checked by verify."""

from __future__ import annotations

import io
import json
import os
import zipfile
from datetime import datetime
from pathlib import Path

import pypdf
import pytest
from alembic import command
from sqlalchemy import insert, select

from app import printing
from app.models import AuditEntry, RowSeal, StaffAccount, YoungPerson
from app.security.keyslots import KeySlots, save_keyslots
from app.services import audit, backup, cases, seal
from app.services.verify import verify
from app.services.workspace import Workspace, unlock
from app.storage import store
from app.storage.paths import keyslots_path
from tests.conftest import DSL, PASSWORD
from tests.helpers.cli import casebook_here


def _open_case(ws: Workspace) -> tuple[int, str]:
    case = cases.create_case(ws)
    cases.amend(ws, case.id, "cases", case.id, "summary", "An image was shared.", "typed")
    cases.open_case(ws, case.id)
    return case.id, case.reference


def _entries(ws: Workspace) -> list[AuditEntry]:
    with ws.read() as s:
        return list(s.execute(select(AuditEntry).order_by(AuditEntry.id)).scalars())


@pytest.mark.parametrize(
    "typed", ["12-K7QF-2MXA", "seal 12-k7qf-2mxa", " Seal 12 - K7QF 2MXA ", "12-K7QF2MXA"]
)
def test_a_seal_is_read_back_forgivingly(typed: str) -> None:
    assert seal.parse_code(typed) == (12, "12-K7QF-2MXA")


def test_lookalike_digits_read_as_letters_and_nonsense_is_refused() -> None:
    assert seal.parse_code("7-K0QF-2MX8") == (7, "7-KOQF-2MXB")
    assert seal.parse_code("1-I1II-IIII") == (1, "1-IIII-IIII")
    for nonsense in ("", "K7QF-2MXA", "12-K7QF", "twelve-K7QF-2MXA"):
        assert seal.parse_code(nonsense) is None


def test_the_code_is_the_count_and_eight_characters_of_the_head() -> None:
    code = seal.code_for(1532, "ab" * 32)
    count, _, letters = code.partition("-")
    assert count == "1532" and len(letters.replace("-", "")) == 8
    assert code != seal.code_for(1532, "ac" * 32)


def test_every_printed_page_carries_the_seal_and_verify_accepts_it(ws: Workspace) -> None:
    _case_id, reference = _open_case(ws)
    expected = seal.current(ws).code
    pdf = printing.case_pdf(ws, reference, include_history=True, purpose="exported")
    pages = [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages]
    assert pages and all(f"Seal {expected}" in " ".join(p.split()) for p in pages)
    report = verify(ws, expected)
    assert report.sound, report.problems
    assert "The seal given: 1 of 1 agree" in report.anchor_lines()


def test_the_governors_figures_carry_the_seal(ws: Workspace) -> None:
    _open_case(ws)
    expected = seal.current(ws).code
    year = f"{datetime.now().year}-{(datetime.now().year + 1) % 100:02d}"
    pdf = printing.figures_pdf(ws, year)
    text = " ".join(pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert f"Seal {expected}" in text


def test_a_backup_manifest_holds_the_seal_of_what_it_copied(ws: Workspace, tmp_path: Path) -> None:
    _open_case(ws)
    before = seal.current(ws)
    out = tmp_path / "usb" / "monday.casebook"
    backup.make_backup(ws, out)
    with zipfile.ZipFile(out) as zf:
        kept = json.loads(zf.read(backup.MANIFEST))["seal"]
    assert (kept["count"], kept["code"], kept["hash"]) == (before.count, before.code, before.hash)
    found = backup.manifest_seal(out)
    assert found is not None and found.code == before.code


def test_the_seal_log_is_added_to_on_close_backup_print_and_verify(
    ws: Workspace, db_path: Path, tmp_path: Path
) -> None:
    _case_id, reference = _open_case(ws)
    backup.make_backup(ws, tmp_path / "b.casebook")
    printing.case_pdf(ws, reference, purpose="printed")
    assert verify(ws).sound
    ws.close()
    anchors, bad = seal.read_log(db_path)
    assert bad == 0
    assert [a.kind for a in anchors] == ["backup", "printed", "verified", "closed"]
    counts = [a.count for a in anchors]
    assert counts == sorted(counts)
    text = seal.log_path(db_path).read_text(encoding="utf-8")
    assert "Ann" not in text and reference not in text  # counts and codes only
    if os.name == "posix":
        assert seal.log_path(db_path).stat().st_mode & 0o077 == 0


def test_a_seal_log_that_cannot_be_written_never_stops_the_dsl(
    ws: Workspace, db_path: Path, tmp_path: Path
) -> None:
    seal.log_path(db_path).mkdir()  # something in the way: not a file at all
    _case_id, reference = _open_case(ws)
    backup.make_backup(ws, tmp_path / "b.casebook")
    printing.case_pdf(ws, reference, purpose="printed")
    report = verify(ws)
    assert report.sound, report.problems
    ws.close()  # and closing works too


def test_autosaving_a_draft_writes_no_audit_entries_or_seals(ws: Workspace) -> None:
    case = cases.create_case(ws)
    before = len(_entries(ws))
    for n in range(5):
        cases.save_draft_page(ws, case.id, "incident", {"summary": f"typing {n}"})
    assert len(_entries(ws)) == before
    assert verify(ws).sound


def test_a_change_no_service_described_still_gets_an_entry(ws: Workspace) -> None:
    with ws.write() as s:
        s.execute(select(StaffAccount)).scalar_one().display_name = "Ann O'Neill-Smith"
    last = _entries(ws)[-1]
    assert (last.action, last.detail) == ("changed", "changed staff_accounts")
    assert last.content_digest
    assert verify(ws).sound


def test_core_statements_are_sealed_too(ws: Workspace) -> None:
    case = cases.create_case(ws)
    with ws.write() as s:  # below the ORM: one INSERT for many rows
        s.execute(insert(YoungPerson), [{"case_id": case.id, "name": "Pupil", "roles": []}] * 3)
        ws.audit(s, audit.Action.CHANGED, case.reference, "young people added")
    with ws.write() as s:  # a draft's rows may go
        for person in s.execute(select(YoungPerson)).scalars():
            s.delete(person)
        ws.audit(s, audit.Action.CHANGED, case.reference, "young people removed")
    with ws.read() as s:
        seals = s.execute(select(RowSeal).where(RowSeal.table_name == "young_people")).scalars()
        deleted = [r.digest == seal.DELETED for r in seals]
    assert deleted.count(True) == 3 and deleted.count(False) == 3
    assert verify(ws).sound


def test_restoring_a_backup_leaves_the_replaced_databases_seals_aside(
    ws: Workspace, db_path: Path, tmp_path: Path
) -> None:
    _open_case(ws)
    out = tmp_path / "b.casebook"
    backup.make_backup(ws, out)
    _open_case(ws)  # work after the backup, then closed: an anchor beyond it
    ws.close()
    backup.restore_backup(out, db_path, username=DSL, password=PASSWORD)
    again = unlock(db_path, DSL, PASSWORD)
    try:
        report = verify(again)
    finally:
        again.close()
    assert report.sound, report.problems
    assert any(
        "belonged to the database a restore replaced" in line for line in report.anchor_lines()
    )


def test_migration_0003_seals_a_record_made_before_it(tmp_path: Path) -> None:
    path = tmp_path / "old" / "casebook.db"
    slots, key, _recovery = KeySlots.create(DSL, PASSWORD)
    store.create_empty_file(path)
    save_keyslots(keyslots_path(path), slots)
    engine = store.make_engine(path, key)
    with engine.begin() as conn:
        command.upgrade(store._alembic_config(conn), "0002")
    raw = engine.raw_connection()
    c = raw.driver_connection
    c.execute("BEGIN")
    now = "2025-01-06 09:00:00.000000"
    c.execute(
        "INSERT INTO staff_accounts (id, username, display_name, role, active, created_at) "
        "VALUES (1, ?, 'Ann', 'dsl', 1, ?)",
        (DSL, now),
    )
    for n in range(1, 201):  # drafts, which the record's triggers let a migration write
        c.execute(
            "INSERT INTO cases (id, reference, status, created_at, created_by_id, updated_at) "
            "VALUES (?, ?, 'draft', ?, 1, ?)",
            (n, f"2025-{n:04d}", now, now),
        )
        c.execute("INSERT INTO young_people (case_id, name, roles) VALUES (?, 'Pupil', '[]')", (n,))
    at = "2025-01-06T09:00:00.000000+00:00"
    digest = audit.entry_hash(1, at, DSL, "created", "database", "", audit.GENESIS)
    c.execute(
        "INSERT INTO audit_log (id, at, actor, action, target, detail, prev_hash, hash) "
        "VALUES (1, ?, ?, 'created', 'database', '', ?, ?)",
        (at, DSL, audit.GENESIS, digest),
    )
    c.execute("INSERT INTO audit_head (id, count, hash) VALUES (1, 1, ?)", (digest,))
    c.execute("COMMIT")
    raw.close()
    store.migrate(engine, path, "0002")
    engine.dispose()

    ws = unlock(path, DSL, PASSWORD)
    try:
        entries = _entries(ws)
        assert (entries[1].actor, entries[1].detail) == ("casebook", "record sealed: 401 rows")
        assert entries[0].content_digest == "" and entries[1].content_digest
        report = verify(ws)
        assert report.sound, report.problems
        assert report.rows_sealed == 401
    finally:
        ws.close()


def test_casebook_verify_checks_a_printed_seal(
    ws: Workspace, db_path: Path, tmp_path: Path
) -> None:
    _case_id, reference = _open_case(ws)
    printed = seal.current(ws).code
    printing.case_pdf(ws, reference, purpose="printed")
    ws.close()
    pw = tmp_path / "pw.txt"
    pw.write_text(PASSWORD + "\n", encoding="utf-8")
    signed = ["verify", "--db", db_path, "--user", DSL, "--password-file", pw]

    result = casebook_here(*signed, "--seal", printed.lower())
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("OK: database sound; audit trail of ")
    assert lines[1].startswith("Seal ")
    assert "  The seal given: 1 of 1 agree" in lines
    assert any(line.startswith("  Seal log: ") for line in lines)

    count = int(printed.split("-")[0])
    wrong = seal.code_for(count, "0" * 64)
    result = casebook_here(*signed, "--seal", wrong)
    assert result.returncode == 3
    assert f"PROBLEM: the seal given, {wrong}, does not match audit entry {count}" in result.stderr
    assert "Traceback" not in result.stderr

    result = casebook_here(*signed, "--seal", "Zoë")  # not a seal at all: said in one line
    assert result.returncode == 1
    assert result.stderr.startswith("casebook: That is not a seal")
    assert len(result.stderr.splitlines()) == 1
