"""A child's file sent to a new school and imported there, between two real databases.

The pack is opened as the new school would open it (Casebook, or the `age`
tool where it is installed); every refusal is one calm sentence and leaves
both databases' files exactly as they were.

Most tests share one real pack, made once per run (`sent_file`, see
tests/helpers/transfer.py), and a copy of the sending school's database; tests
of making or opening a pack make and open their own. Packs made in this process
use the test scrypt cost (tests/helpers/cheap_age.py), except in tests marked
`real_age_cost`. The commands a DSL runs go through `casebook_here` (tests/helpers/cli.py).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import pty
import re
import shutil
import zipfile
from collections.abc import Iterator
from copy import deepcopy
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pypdf
import pytest
from pyrage import passphrase as age_passphrase
from sqlalchemy import select

from app import printing
from app.errors import CasebookError, InvalidInput
from app.models import Case, CaseStatus, ChronologyEntry, TransferOut, YoungPerson
from app.security.passphrase import new_passphrase, normalise, word_list
from app.services import audit, cases, dashboard, retention, transfer
from app.services.verify import verify
from app.services.workspace import Workspace
from app.training import create_training_database
from app.transfer import pack
from tests.conftest import DSL, PASSWORD, all_files
from tests.helpers import cheap_age
from tests.helpers.cli import casebook_here
from tests.helpers.transfer import (
    NEW_SCHOOL,
    SentFile,
    copy_of_pack,
    open_new_school,
    open_sender,
    unzipped,
)
from tests.test_reports import OTHER_ACCENTS, PICTURED, RECEIVED, SHARED, MadeCase, make_case

OTHERS = (RECEIVED, SHARED, OTHER_ACCENTS)


@pytest.fixture
def made(ws: Workspace) -> MadeCase:
    return make_case(ws)


@pytest.fixture
def receiver(tmp_path: Path, dsl_template: tuple[Path, str]) -> Iterator[Workspace]:
    """The new school's own database."""
    other = open_new_school(tmp_path / "new-school" / "casebook.db", dsl_template[0])
    yield other
    other.close()


@dataclass(frozen=True)
class Sender:
    """The sending school just after sending: its own copy of the database and the pack."""

    ws: Workspace
    made: MadeCase
    sent: printing.TransferPack
    parts: dict[str, bytes]  # the pack's parts, as the age library opened them


@pytest.fixture
def sender(sent_file: SentFile, db_path: Path, tmp_path: Path) -> Iterator[Sender]:
    ws = open_sender(sent_file, db_path)
    sent = copy_of_pack(sent_file, tmp_path / "out" / "pack.age")
    yield Sender(ws, sent_file.made, sent, sent_file.parts)
    ws.close()


@pytest.fixture
def opened(sent_file: SentFile) -> pack.Opened:
    """The shared pack as Casebook opened it, this test's own copy, ready to import."""
    return deepcopy(sent_file.opened)


@pytest.fixture
def sent_now(ws: Workspace, made: MadeCase, tmp_path: Path) -> printing.TransferPack:
    """A pack made in this test, today."""
    return printing.transfer_pack(
        ws, made.reference, made.children[PICTURED], NEW_SCHOOL, tmp_path / "out" / "pack.age"
    )


def files_of(folder: Path) -> dict[str, str]:
    """Every file's hash; not SQLite's -shm, an index of the WAL that any read updates."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in all_files(folder)
        if not p.name.endswith("-shm")
    }


def pdf_text(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(data)).pages]


# -- the pack -------------------------------------------------------------------------
def test_a_passphrase_is_plain_words_and_never_the_same() -> None:
    words = new_passphrase().split("-")
    assert len(words) == 5
    assert all(w in word_list() and w.isalpha() and w.islower() for w in words)
    assert len({new_passphrase() for _ in range(50)}) == 50
    assert normalise("  Acorn  Apple-BADGE ") == "acorn-apple-badge"


def test_the_pack_is_age_encrypted_and_holds_four_parts_with_their_hashes(
    sent_file: SentFile,
) -> None:
    sent = sent_file.pack
    data = sent.path.read_bytes()
    assert data.startswith(b"age-encryption.org/v1\n-> scrypt ")
    assert PICTURED.encode() not in data
    parts = sent_file.parts
    assert sorted(parts) == ["child.json", "cover-letter.txt", "extract.pdf", "manifest.json"]
    manifest = json.loads(parts["manifest.json"])
    assert manifest["format"] == "casebook-transfer"
    assert manifest["schema_version"] == pack.SCHEMA_VERSION == 1
    assert manifest["to_school"] == NEW_SCHOOL
    assert manifest["training"] is False
    for name in ("child.json", "cover-letter.txt", "extract.pdf"):
        assert manifest["files"][name]["sha256"] == hashlib.sha256(parts[name]).hexdigest()
    letter = parts["cover-letter.txt"].decode()
    assert f"Receipt code: {sent.receipt_code}" in letter
    assert "age -d -o transfer.zip PACK.age" in letter
    group = "[2-9A-HJKMNP-Z]{4}"
    assert re.fullmatch(f"{group}-{group}-{group}", sent.receipt_code)
    assert parts["extract.pdf"].startswith(b"%PDF-")
    assert "Child protection file: extract" in " ".join(pdf_text(parts["extract.pdf"]))


def test_no_other_childs_name_is_anywhere_in_the_pack(sent_file: SentFile) -> None:
    parts = sent_file.parts
    texts = [
        parts["child.json"].decode(),
        json.dumps(json.loads(parts["child.json"]), ensure_ascii=True),
        parts["cover-letter.txt"].decode(),
        parts["manifest.json"].decode(),
        " ".join(pdf_text(parts["extract.pdf"])),
    ]
    # The PDF's streams, decompressed, as well as its text.
    reader = pypdf.PdfReader(io.BytesIO(parts["extract.pdf"]))
    for page in reader.pages:
        contents = page.get_contents()
        if contents is not None:
            texts.append(contents.get_data().decode("latin-1"))
    everything = "\n".join(texts)
    assert PICTURED in parts["child.json"].decode()
    for name in OTHERS:
        for form in (name, name.casefold(), name.upper()):
            assert form not in everything, name
    child = json.loads(parts["child.json"])
    others = child["cases"][0]["other_young_people"]
    assert sorted(o["initials"] for o in others) == sorted(["Ε. Π.", "Д. И.", "Z. Ö."])
    assert all(set(o) == {"initials", "roles"} for o in others)


def test_the_childs_part_holds_only_their_own_conversations_and_decisions(
    sender: Sender,
) -> None:
    ws, made = sender.ws, sender.made
    part = json.loads(sender.parts["child.json"])
    case = part["cases"][0]
    assert part["child"]["name"] == PICTURED
    assert case["this_child"]["name"] == PICTURED
    assert case["this_child"]["date_of_birth"] == "2012-05-17"
    assert case["this_child"]["roles"] == ["pictured", "created", "sent"]
    assert len(case["sections"]["conversations"]) == 1
    assert len(case["sections"]["parent_carer_contacts"]) == 1
    decisions = [d["decision"] for d in case["sections"]["decisions"]]
    assert not any("not told" in d for d in decisions)  # about another child
    record = cases.load_case(ws, made.reference, audit_view=False)
    # Every chronology entry of the case, each field as the database holds it.
    db_rows = [r for r in record.rows("chronology")]
    sent_rows = case["sections"]["chronology"]
    for db, row in zip(db_rows, sent_rows, strict=False):
        assert row["entry"] == db.entry
        assert row["happened_at"] == db.happened_at.isoformat()
        assert row["recorded_by"] == "Ann O'Neill"
    assert case["case"]["reference"] == made.reference
    assert case["case"]["summary"].startswith("Image of Łukasz O'Brien-Nowak")


# -- the sending school's record -------------------------------------------------------
def test_sending_is_recorded_in_the_chronology_and_audit_trail_without_the_passphrase(
    sender: Sender, db_path: Path
) -> None:
    ws, made, sent = sender.ws, sender.made, sender.sent
    with ws.read() as s:
        entries = [
            e.entry
            for e in s.execute(
                select(ChronologyEntry).where(ChronologyEntry.case_id == made.case_id)
            ).scalars()
        ]
        trail = audit.entries_for(s, made.reference)
        row = s.execute(select(TransferOut)).scalar_one()
    assert any(NEW_SCHOOL in e and "receipt awaited" in e for e in entries)
    sent_line = [a for a in trail if a.action == audit.Action.TRANSFERRED]
    assert len(sent_line) == 1
    assert NEW_SCHOOL in sent_line[0].detail
    assert hashlib.sha256(sent.path.read_bytes()).hexdigest() in sent_line[0].detail
    assert row.pack_sha256 == hashlib.sha256(sent.path.read_bytes()).hexdigest()
    assert transfer.transferred(ws, made.children[PICTURED]) is not None
    assert transfer.transferred(ws, made.children[RECEIVED]) is None
    # Never the passphrase or the receipt code, in the database or beside it (every file
    # the sending left in its folder, copied here).
    ws.close()
    for path in all_files(db_path.parent):
        raw = path.read_bytes()
        assert sent.passphrase.encode() not in raw
        assert sent.receipt_code.encode() not in raw


def test_today_says_receipt_awaited_then_overdue_after_five_school_days(
    ws: Workspace, sent_now: printing.TransferPack
) -> None:
    sent = sent_now  # sent today: the due date counts from today
    items = [i for i in dashboard.today_items(ws) if i.kind == "transfer"]
    assert len(items) == 1
    assert items[0].text.startswith(f"Receipt awaited from {NEW_SCHOOL}")
    assert not items[0].overdue
    due = sent.sent.receipt_due_on
    assert due == transfer.add_school_days(date.today(), 5)
    assert (due - date.today()).days >= 5 and due.weekday() < 5
    late = dashboard.today_items(ws, today=due + timedelta(days=1))
    overdue = [i for i in late if i.kind == "transfer"]
    assert overdue[0].overdue and overdue[0].text.startswith("Overdue:")


def test_school_days_skip_weekends() -> None:
    friday = date(2026, 12, 4)
    assert transfer.add_school_days(friday, 5) == date(2026, 12, 11)
    assert transfer.add_school_days(date(2026, 12, 5), 1) == date(2026, 12, 7)  # Saturday


# -- the round trip ---------------------------------------------------------------------
def test_round_trip_export_import_and_receipt(sender: Sender, receiver: Workspace) -> None:
    ws, made, sent = sender.ws, sender.made, sender.sent
    data = sent.path.read_bytes()
    opened = pack.open_pack(data, normalise(sent.passphrase.upper().replace("-", " ")))
    assert opened.receipt_code == sent.receipt_code
    done = transfer.import_pack(receiver, opened)
    assert done.receipt_code == sent.receipt_code
    assert done.from_school == "St Aidan's"
    kept = transfer.transferred_in(receiver)
    assert len(kept) == 1
    # Every field of the child's part, as the pack held it and as the new school keeps it.
    expected = json.loads(sender.parts["child.json"])
    assert kept[0].part == expected
    assert kept[0].child_name == PICTURED
    assert kept[0].date_of_birth == date(2012, 5, 17)
    assert kept[0].linked_case_reference is None
    assert transfer.transferred_in_pdf(receiver, kept[0].id) == opened.parts[pack.EXTRACT]
    with receiver.read() as s:
        trail = audit.entries_for(s)
    assert any(a.action == audit.Action.TRANSFER_IMPORTED for a in trail)
    # The sender records the code the new school reads back.
    wrong = "2222-3333-4444" if sent.receipt_code != "2222-3333-4444" else "5555-6666-7777"
    with pytest.raises(transfer.WrongReceiptCode):
        transfer.confirm_receipt(ws, made.reference, made.children[PICTURED], wrong)
    assert [i.kind for i in dashboard.today_items(ws)].count("transfer") == 1
    confirmed = transfer.confirm_receipt(
        ws, made.reference, made.children[PICTURED], done.receipt_code.lower().replace("-", " ")
    )
    assert confirmed.received_at is not None
    assert [i.kind for i in dashboard.today_items(ws)].count("transfer") == 0
    with ws.read() as s:
        sender_trail = audit.entries_for(s, made.reference)
    assert any(a.action == audit.Action.TRANSFER_RECEIVED for a in sender_trail)
    # Both records stay sound: the trail, the seals, and the transfer tables' triggers.
    for each in (ws, receiver):
        report = verify(each)
        assert report.sound, report.problems


def test_an_imported_file_cannot_be_changed_and_a_receipt_is_taken_once(
    sender: Sender, opened: pack.Opened, receiver: Workspace
) -> None:
    ws = sender.ws
    transfer.import_pack(receiver, opened)
    conn = receiver.engine.raw_connection()
    try:
        for sql in ("UPDATE transfers_in SET child_name = 'x'", "DELETE FROM transfers_in"):
            with pytest.raises(Exception, match="kept as it came"):
                conn.cursor().execute(sql)
    finally:
        conn.rollback()
        conn.close()
    conn = ws.engine.raw_connection()
    try:
        for sql in ("UPDATE transfers_out SET to_school = 'X'", "DELETE FROM transfers_out"):
            with pytest.raises(Exception, match="only takes its receipt|record of a transfer"):
                conn.cursor().execute(sql)
    finally:
        conn.rollback()
        conn.close()


def test_an_import_can_be_linked_to_a_young_person_already_here(
    opened: pack.Opened, receiver: Workspace
) -> None:
    case = cases.create_case(receiver)
    with receiver.write() as s:
        s.add(
            YoungPerson(
                case_id=case.id, name=PICTURED, date_of_birth=date(2012, 5, 17), roles=["received"]
            )
        )
    cases.open_case(receiver, case.id)
    found = transfer.candidates(receiver, PICTURED, date(2012, 5, 17))
    assert [c.reference for c in found] == [case.reference] and found[0].certain
    done = transfer.import_pack(receiver, opened, link_to=found[0].young_person_id)
    assert done.linked_reference == case.reference
    record = cases.load_case(receiver, case.id, audit_view=False)
    assert any(
        "received from St Aidan's" in e.entry and "read-only" in e.entry
        for e in record.rows("chronology")
    )


# -- refusals: one calm sentence, nothing changed ----------------------------------------
def _refused(receiver: Workspace, data: bytes, passphrase: str) -> str:
    folder = receiver.path.parent
    before = files_of(folder)
    with pytest.raises(CasebookError) as caught:
        transfer.import_pack(receiver, pack.open_pack(data, passphrase))
    assert files_of(folder) == before
    assert transfer.transferred_in(receiver) == []
    message = str(caught.value)
    assert "Nothing was changed" in message
    assert "Traceback" not in message and PICTURED not in message
    return message


def test_a_wrong_passphrase_is_refused(sent_file: SentFile, receiver: Workspace) -> None:
    message = _refused(receiver, sent_file.pack.path.read_bytes(), "wrong-words-here-again-now")
    assert message == str(pack.WrongPassphrase())


@pytest.mark.parametrize("where", [0.5, -1.0])
def test_one_flipped_byte_is_refused(
    sent_file: SentFile, receiver: Workspace, where: float
) -> None:
    sent = sent_file.pack
    data = bytearray(sent.path.read_bytes())
    at = int(len(data) * where) if where > 0 else len(data) - 1
    data[at] ^= 0x01
    assert _refused(receiver, bytes(data), sent.passphrase) == str(pack.PackDamaged())


def test_a_truncated_pack_is_refused(sent_file: SentFile, receiver: Workspace) -> None:
    sent = sent_file.pack
    data = sent.path.read_bytes()
    assert _refused(receiver, data[: len(data) * 2 // 3], sent.passphrase) == str(
        pack.PackDamaged()
    )


def test_a_file_that_is_not_a_pack_is_refused(receiver: Workspace) -> None:
    assert _refused(receiver, b"%PDF-1.7 not a pack", "any") == str(pack.NotAPack())


def test_a_pack_imported_twice_is_refused_the_second_time(
    opened: pack.Opened, receiver: Workspace
) -> None:
    transfer.import_pack(receiver, opened)
    folder = receiver.path.parent
    before = files_of(folder)
    with pytest.raises(transfer.AlreadyImported) as caught:
        transfer.import_pack(receiver, opened)
    assert files_of(folder) == before
    assert str(caught.value).startswith("This pack was already imported on ")
    assert len(transfer.transferred_in(receiver)) == 1


def _repacked(sent_file: SentFile, change: Any) -> bytes:
    """The same pack, its manifest and JSON changed by `change`, sealed again."""
    parts = dict(sent_file.parts)
    manifest = json.loads(parts.pop("manifest.json"))
    child = json.loads(parts["child.json"])
    change(manifest, child)
    parts["child.json"] = pack.child_json(child)
    manifest["files"]["child.json"]["sha256"] = pack.sha256(parts["child.json"])
    manifest["files"]["child.json"]["bytes"] = len(parts["child.json"])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("manifest.json", json.dumps(manifest))
        for name, data in parts.items():
            archive.writestr(name, data)
    return bytes(age_passphrase.encrypt(buffer.getvalue(), sent_file.pack.passphrase))


def test_a_pack_from_a_newer_casebook_is_refused(sent_file: SentFile, receiver: Workspace) -> None:
    def newer(manifest: dict[str, Any], child: dict[str, Any]) -> None:
        manifest["schema_version"] = child["schema_version"] = 2

    message = _refused(receiver, _repacked(sent_file, newer), sent_file.pack.passphrase)
    assert message == str(pack.PackTooNew(2))
    assert "update Casebook" in message


def test_a_part_altered_after_its_hash_was_taken_is_refused(
    sent_file: SentFile, receiver: Workspace
) -> None:
    sent = sent_file.pack
    parts = dict(sent_file.parts)
    parts["extract.pdf"] = parts["extract.pdf"] + b"%altered"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    data = bytes(age_passphrase.encrypt(buffer.getvalue(), sent.passphrase))
    assert _refused(receiver, data, sent.passphrase) == str(pack.PackDamaged())


def test_bad_input_when_sending_is_refused_and_writes_nothing(
    ws: Workspace, made: MadeCase, tmp_path: Path
) -> None:
    out = tmp_path / "out" / "pack.age"
    with pytest.raises(InvalidInput, match="new school's name is required"):
        printing.transfer_pack(ws, made.reference, made.children[PICTURED], "  ", out)
    assert not out.exists()
    assert transfer.transfers(ws) == []


# -- training ---------------------------------------------------------------------------
def test_a_training_pack_says_training_on_every_page_and_a_real_school_refuses_it(
    tmp_path: Path, receiver: Workspace
) -> None:
    path = tmp_path / "training" / "casebook.db"
    trainer, _recovery = create_training_database(path, DSL, PASSWORD, 3)
    try:
        with trainer.read() as s:
            person = s.execute(select(YoungPerson).order_by(YoungPerson.id)).scalars().first()
            assert person is not None
            case = s.get(Case, person.case_id)
            assert case is not None
            ref, child_id = case.reference, person.id
        made = printing.transfer_pack(trainer, ref, child_id, NEW_SCHOOL, tmp_path / "t.age")
    finally:
        trainer.close()
    parts = unzipped(made.path.read_bytes(), made.passphrase)
    pages = pdf_text(parts["extract.pdf"])
    assert pages and all("TRAINING DATA" in p for p in pages)
    assert parts["cover-letter.txt"].decode().startswith("TRAINING DATA")
    assert json.loads(parts["child.json"])["training"] is True
    assert json.loads(parts["manifest.json"])["training"] is True
    message = _refused(receiver, made.path.read_bytes(), made.passphrase)
    assert message == str(transfer.TrainingPackRefused())


# -- the age tool ------------------------------------------------------------------------
def _age_decrypt(age: str, src: Path, out: Path, passphrase: str) -> tuple[int, str]:
    """`age -d`, typing the passphrase at its prompt: age reads it from a terminal only."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: become age
        os.execv(age, [age, "-d", "-o", str(out), str(src)])
    said = b""
    try:
        while b"passphrase" not in said.lower():
            said += os.read(fd, 1024)
        os.write(fd, passphrase.encode() + b"\n")
        while True:
            chunk = os.read(fd, 1024)
            if not chunk:
                break
            said += chunk
    except OSError:
        pass  # the terminal closed when age ended
    finally:
        os.close(fd)
    _pid, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), said.decode(errors="replace")


@pytest.mark.skipif(shutil.which("age") is None, reason="the age tool is not installed")
def test_the_age_tool_opens_the_pack_and_the_pdf_inside_matches(
    sent_file: SentFile, tmp_path: Path
) -> None:
    sent = sent_file.pack
    age = shutil.which("age")
    assert age is not None
    out = tmp_path / "transfer.zip"
    status, said = _age_decrypt(age, sent.path, out, sent.passphrase)
    assert status == 0, said
    with zipfile.ZipFile(out) as archive:
        pdf = archive.read("extract.pdf")
        letter = archive.read("cover-letter.txt").decode()
    assert pdf == sent_file.parts["extract.pdf"]
    assert f"Receipt code: {sent.receipt_code}" in letter
    assert "Child protection file: extract" in " ".join(pdf_text(pdf))


# -- the command line --------------------------------------------------------------------
def test_the_commands_a_dsl_runs_at_each_school(
    ws: Workspace, made: MadeCase, receiver: Workspace, db_path: Path, tmp_path: Path
) -> None:
    sender_db, receiver_db = db_path, receiver.path
    ws.close()
    receiver.close()
    password = tmp_path / "password.txt"
    password.write_text(PASSWORD + "\n")
    out = tmp_path / "to-send" / "pack.age"
    common = ["--user", DSL, "--password-file", str(password)]
    sent = casebook_here(
        "--db", sender_db, "transfer-out", "--case", made.reference, "--child", PICTURED,
        "--to", NEW_SCHOOL, "--out", out, *common,
    )  # fmt: skip
    assert sent.returncode == 0, sent.stderr
    lines = sent.stdout.splitlines()
    phrase = [line for line in lines if line.startswith("Passphrase: ")]
    assert len(phrase) == 1
    words = phrase[0].removeprefix("Passphrase: ")
    assert len(words.split("-")) == 5
    assert PICTURED not in sent.stdout and PICTURED not in sent.stderr
    given = tmp_path / "phrase.txt"
    given.write_text(words + "\n")
    got = casebook_here(
        "--db", receiver_db, "transfer-in", out, "--passphrase-file", given, *common
    )  # fmt: skip
    assert got.returncode == 0, got.stderr
    codes = [line for line in got.stdout.splitlines() if line.startswith("Receipt code: ")]
    assert len(codes) == 1
    code = codes[0].removeprefix("Receipt code: ")
    assert PICTURED not in got.stdout
    again = casebook_here(
        "--db", receiver_db, "transfer-in", out, "--passphrase-file", given, *common
    )  # fmt: skip
    assert again.returncode == 1
    assert again.stderr.startswith("casebook: This pack was already imported on ")
    wrong = casebook_here(
        "--db", sender_db, "transfer-receipt", "--case", made.reference, "--child", PICTURED,
        "--code", "2222-2222-2222", *common,
    )  # fmt: skip
    assert wrong.returncode == 1
    assert wrong.stderr.strip() == f"casebook: {transfer.WrongReceiptCode()}"
    done = casebook_here(
        "--db", sender_db, "transfer-receipt", "--case", made.reference, "--child", PICTURED,
        "--code", code, *common,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"Receipt recorded: {NEW_SCHOOL} confirmed receiving")


def test_a_child_in_two_cases_is_sent_with_both(
    ws: Workspace, made: MadeCase, tmp_path: Path
) -> None:
    second = make_case(ws, chronology_entries=2, reference="2026-0043")
    made_pack = printing.transfer_pack(
        ws, second.reference, second.children[PICTURED], NEW_SCHOOL, tmp_path / "two.age"
    )
    assert made_pack.sent.references == (made.reference, second.reference)
    parts = unzipped(made_pack.path.read_bytes(), made_pack.passphrase)
    child = json.loads(parts["child.json"])
    assert [c["reference"] for c in child["cases"]] == [made.reference, second.reference]
    text = " ".join(pdf_text(parts["extract.pdf"]))
    assert f"Case {made.reference}" in text and f"Case {second.reference}" in text
    # Each case's chronology says the file went.
    for ref in (made.reference, second.reference):
        record = cases.load_case(ws, ref, audit_view=False)
        assert any(NEW_SCHOOL in e.entry for e in record.rows("chronology"))


@pytest.mark.real_age_cost
def test_a_pack_is_encrypted_at_ages_own_scrypt_cost_and_opens_with_its_passphrase(
    sent_now: printing.TransferPack,
) -> None:
    data = sent_now.path.read_bytes()
    # age picks the cost for the laptop (about a second); 2^16 is 64 MiB of memory per guess.
    assert cheap_age.work_factor(data) >= 16
    opened = pack.open_pack(data, sent_now.passphrase)
    assert opened.manifest["receipt_code"] == sent_now.receipt_code


@pytest.mark.real_age_cost
def test_making_a_pack_leaves_no_other_file_anywhere(
    ws: Workspace, made: MadeCase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    # A temp folder of this test's own: the run's shared one also holds what the
    # other workers are making at the same moment.
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", None)  # re-read TMPDIR
    assert Path(tempfile.gettempdir()) == temp
    out = tmp_path / "out"
    printing.transfer_pack(ws, made.reference, made.children[PICTURED], NEW_SCHOOL, out / "p.age")
    assert [p.name for p in out.iterdir()] == ["p.age"]
    assert list(temp.iterdir()) == []


def test_linking_on_the_command_line_finds_the_child_in_the_named_case(
    opened: pack.Opened, receiver: Workspace
) -> None:
    case = cases.create_case(receiver)
    with receiver.write() as s:
        s.add(YoungPerson(case_id=case.id, name="Someone Else", roles=["received"]))
    with pytest.raises(CasebookError, match="has this pack's child's name"):
        transfer.person_in_case(receiver, case.reference, opened)
    with receiver.write() as s:
        person = YoungPerson(
            case_id=case.id, name=PICTURED.upper(), date_of_birth=date(2012, 5, 17), roles=[]
        )
        s.add(person)
        s.flush()
        person_id = person.id
    assert transfer.person_in_case(receiver, case.reference, opened) == person_id


def test_a_draft_cannot_be_sent(ws: Workspace, tmp_path: Path) -> None:
    case = cases.create_case(ws)
    with ws.write() as s:
        person = YoungPerson(case_id=case.id, name=PICTURED, roles=["pictured"])
        s.add(person)
        s.flush()
        person_id = person.id
    out = tmp_path / "draft.age"
    with pytest.raises(InvalidInput, match="is not an opened case"):
        printing.transfer_pack(ws, case.reference, person_id, NEW_SCHOOL, out)
    assert not out.exists() and transfer.transfers(ws) == []


# -- retention ---------------------------------------------------------------------------
OLD_PUPIL = "Old Pupil"  # left long ago: the record is past its retention date


def _closed_old_case(ws: Workspace) -> tuple[str, int, int]:
    """A closed case whose only child was born in 1990: past retention today."""
    case = cases.create_case(ws)
    with ws.write() as s:
        person = YoungPerson(
            case_id=case.id, name=OLD_PUPIL, date_of_birth=date(1990, 3, 1), roles=["pictured"]
        )
        s.add(person)
        s.flush()
        person_id = person.id
    cases.open_case(ws, case.id)
    return case.reference, case.id, person_id


def test_destroying_a_transferred_case_under_retention_keeps_the_transfer_consistent(
    ws: Workspace, tmp_path: Path
) -> None:
    first, first_id, _ = _closed_old_case(ws)
    second, second_id, child = _closed_old_case(ws)
    made = printing.transfer_pack(ws, second, child, NEW_SCHOOL, tmp_path / "old.age")
    assert made.sent.references == (first, second)
    for cid in (first_id, second_id):
        cases.change_status(ws, cid, CaseStatus.CLOSED, "Left the school", closing_summary="Done")
    retention.destroy(ws, first_id, "Past retention; reviewed with the head")

    # The transfer is kept, of the case still here; the destroyed one is named as destroyed.
    (kept,) = transfer.transfers(ws)
    assert kept.destroyed == (first,) and kept.live_references == (second,)
    assert transfer.transfers(ws, first) == []
    assert [t.id for t in transfer.transfers(ws, second)] == [kept.id]
    assert [t.id for t in transfer.awaiting_receipt(ws)] == [kept.id]
    # The receipt is still taken, and written only in the chronology that is left.
    transfer.confirm_receipt(ws, second, child, made.receipt_code)
    record = cases.load_case(ws, second, audit_view=False)
    assert any("confirmed receipt" in e.entry for e in record.rows("chronology"))
    report = verify(ws)
    assert report.sound, report.problems

    retention.destroy(ws, second_id, "Past retention; reviewed with the head")
    (kept,) = transfer.transfers(ws)
    assert kept.destroyed == (first, second) and kept.live_references == ()
    assert kept.to_school == NEW_SCHOOL and kept.pack_sha256 == made.sent.pack_sha256
    assert transfer.awaiting_receipt(ws) == []
    # No row of either case is left behind, and the transfer's record holds no name.
    with ws.read() as s:
        assert s.execute(select(YoungPerson)).scalars().all() == []
        assert s.execute(select(ChronologyEntry)).scalars().all() == []
        row = s.execute(select(TransferOut)).scalar_one()
        assert OLD_PUPIL not in repr([getattr(row, c.key) for c in TransferOut.__table__.c])
    report = verify(ws)
    assert report.sound, report.problems

    # A new case is never given a destroyed case's reference, and a young person's id given
    # again is not shown as transferred: the old receipt cannot be recorded against it.
    new = cases.create_case(ws)
    with ws.write() as s:
        person = YoungPerson(case_id=new.id, name="New Pupil", roles=["pictured"])
        s.add(person)
        s.flush()
        new_child = person.id
    cases.open_case(ws, new.id)
    assert new.reference not in (first, second)  # tombstones keep their numbers taken
    assert transfer.transfers(ws, new.reference) == []
    assert transfer.transferred(ws, new_child) is None
    assert not [i for i in dashboard.today_items(ws) if i.kind == "transfer"]
    with pytest.raises(CasebookError, match="No transfer"):
        transfer.confirm_receipt(ws, new.reference, new_child, made.receipt_code)


# -- verify: the transfer tables against the audit trail ---------------------------------
def _outside_casebook(ws: Workspace, *statements: str) -> None:
    """Statements run as someone with the key and their own SQLite tool would run them:
    the trigger in the way dropped, and put back as it was."""
    from app.models.transfer import TRIGGERS

    conn = ws.engine.raw_connection()
    try:
        cursor = conn.cursor()
        for name in TRIGGERS:
            cursor.execute(f"DROP TRIGGER {name}")
        for sql in statements:
            cursor.execute(sql)
        for sql in TRIGGERS.values():
            cursor.execute(sql)
        conn.commit()
    finally:
        conn.close()


def test_verify_names_a_transfer_changed_added_or_removed_outside_casebook(
    sender: Sender, opened: pack.Opened, receiver: Workspace
) -> None:
    ws = sender.ws
    transfer.import_pack(receiver, opened)
    for each in (ws, receiver):
        report = verify(each)
        assert report.sound, report.problems

    _outside_casebook(ws, "UPDATE transfers_out SET receipt_due_on = '2099-01-01'")
    assert verify(ws).problems == [
        "the record of transfer 1 (sent) does not match its audit entry: it was added or "
        "changed outside Casebook"
    ]
    _outside_casebook(ws, "UPDATE transfers_out SET received_at = '2026-12-03 09:00:00'")
    assert (
        "the receipt of transfer 1 does not match the audit trail: it was changed outside Casebook"
    ) in verify(ws).problems
    _outside_casebook(ws, "DELETE FROM transfers_out")
    (problem,) = verify(ws).problems
    assert problem.startswith("the record of a transfer sent (pack sha256 ")
    assert problem.endswith(") is missing: it was removed outside Casebook")

    _outside_casebook(receiver, "UPDATE transfers_in SET extract_pdf = x'255044462d'")
    assert verify(receiver).problems == [
        "the file transferred in as number 1 does not match its audit entry: it was added or "
        "changed outside Casebook"
    ]
    _outside_casebook(receiver, "DELETE FROM transfers_in")
    (problem,) = verify(receiver).problems
    assert problem.startswith("a file transferred in (pack sha256 ")


def test_a_received_file_outlives_the_case_it_was_linked_to_under_retention(
    opened: pack.Opened, receiver: Workspace
) -> None:
    # The received file is kept as it came; the retention rules do not yet remove it.
    reference, case_id, person = _closed_old_case(receiver)
    transfer.import_pack(receiver, opened, link_to=person)
    cases.change_status(receiver, case_id, CaseStatus.CLOSED, "Left", closing_summary="Done")
    retention.destroy(receiver, case_id, "Past retention; reviewed with the head")
    (kept,) = transfer.transferred_in(receiver)
    assert kept.linked_case_reference == reference and kept.child_name == PICTURED
    assert transfer.transferred_in_pdf(receiver, kept.id) == opened.parts[pack.EXTRACT]
    report = verify(receiver)
    assert report.sound, report.problems


def test_verify_is_sound_when_a_file_was_sent_twice_and_only_the_second_received(
    ws: Workspace, made: MadeCase, tmp_path: Path
) -> None:
    child = made.children[PICTURED]
    printing.transfer_pack(ws, made.reference, child, NEW_SCHOOL, tmp_path / "lost.age")
    again = printing.transfer_pack(ws, made.reference, child, NEW_SCHOOL, tmp_path / "again.age")
    transfer.confirm_receipt(ws, made.reference, child, again.receipt_code)
    assert [t.received_at is None for t in transfer.transfers(ws)] == [True, False]
    report = verify(ws)
    assert report.sound, report.problems
