"""Encrypted copies for agencies (issue 16, point 4).

"Save encrypted PDF" and `casebook export-pdf --encrypt` write an AES-256 PDF
that opens with its passphrase (a few plain words, shown once) and not
without; the export, the fact that a passphrase was set (never the
passphrase) and the recipient are in the audit trail and the chronology.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdf
import pytest
from pypdf import PasswordType

from app import printing
from app.errors import InvalidInput
from app.models import ChronologyEntry
from app.security.passphrase import new_passphrase, strength_bits, word_list
from app.services import audit
from app.services.workspace import Workspace
from tests.conftest import DSL, PASSWORD
from tests.helpers.cli import casebook_here
from tests.test_reports import MARKING, PICTURED, SHARED, MadeCase, audit_lines, make_case

RECIPIENT = "PC 1234 Khan, Thames Valley Police"


@pytest.fixture
def made(ws: Workspace) -> MadeCase:
    return make_case(ws, chronology_entries=2)


def chronology(ws: Workspace, case_id: int) -> list[str]:
    with ws.read() as s:
        rows = s.query(ChronologyEntry).filter_by(case_id=case_id).order_by(ChronologyEntry.id)
        return [r.entry for r in rows]


def opened(data: bytes, passphrase: str) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert reader.is_encrypted
    assert reader.decrypt(passphrase) != PasswordType.NOT_DECRYPTED
    return " ".join(page.extract_text() for page in reader.pages)


def test_the_copy_opens_with_its_passphrase_and_not_without(ws: Workspace, made: MadeCase) -> None:
    copy = printing.encrypted_case_pdf(ws, made.reference, recipient=RECIPIENT)
    assert copy.data.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(copy.data))
    encrypt = reader.trailer["/Encrypt"]
    assert (encrypt["/V"], encrypt["/R"]) == (5, 6)  # AES-256
    assert reader.decrypt("") == PasswordType.NOT_DECRYPTED
    assert reader.decrypt("wrong-words-here") == PasswordType.NOT_DECRYPTED
    with pytest.raises(pypdf.errors.PdfReadError):
        pypdf.PdfReader(io.BytesIO(copy.data)).pages[0].extract_text()
    # Nothing of the record can be read in the file's bytes.
    assert PICTURED.encode() not in copy.data and MARKING.encode() not in copy.data
    text = opened(copy.data, copy.passphrase)
    assert PICTURED in text and MARKING in text


def test_the_passphrase_is_a_few_plain_words_never_kept(ws: Workspace, made: MadeCase) -> None:
    before = audit_lines(ws, made.reference)
    copy = printing.encrypted_case_pdf(
        ws, made.reference, recipient=RECIPIENT, child_id=made.children[SHARED]
    )
    words = copy.passphrase.split("-")
    assert len(words) == 5 and all(w in word_list() for w in words)
    after = audit_lines(ws, made.reference)[len(before) :]
    child = made.children[SHARED]
    assert len(after) == 1
    entry = after[0]
    assert (entry.action, entry.actor) == (audit.Action.EXPORTED, DSL)
    assert entry.detail.startswith(
        f"encrypted copy of the extract for young person #{child} for {RECIPIENT}; "
        "passphrase set, to be given separately; redacted: "
    )
    assert copy.passphrase not in entry.detail
    assert not any(w in entry.detail.split() for w in words if len(w) > 3)
    entries = chronology(ws, made.case_id)
    assert entries[-1] == (
        f"Encrypted copy of the extract for one young person's file saved for {RECIPIENT}. "
        "It opens with a passphrase, given to them separately."
    )
    assert all(copy.passphrase not in e for e in entries)
    assert "Дмитрий" not in entry.detail and copy.redactions.names_replaced > 0


def test_passphrases_differ_and_hold_enough_chance() -> None:
    made = {new_passphrase() for _ in range(200)}
    assert len(made) == 200
    assert len(word_list()) >= 1024
    assert all(re.fullmatch(r"[a-z]{3,10}", w) for w in word_list())
    assert strength_bits(5) >= 50
    assert len(new_passphrase(3).split("-")) == 3
    with pytest.raises(ValueError):
        new_passphrase(2)


@pytest.mark.parametrize("recipient", ["", "   ", "PC Khan\nThames Valley", "x" * 201])
def test_a_copy_needs_a_recipient_on_one_line(
    ws: Workspace, made: MadeCase, recipient: str
) -> None:
    before = (audit_lines(ws, made.reference), chronology(ws, made.case_id))
    with pytest.raises(InvalidInput) as caught:
        printing.encrypted_case_pdf(ws, made.reference, recipient=recipient)
    assert str(caught.value).startswith("Who the copy is for")
    assert (audit_lines(ws, made.reference), chronology(ws, made.case_id)) == before


# -- the command line ----------------------------------------------------------------
def test_cli_writes_an_encrypted_copy_and_prints_its_passphrase_once(
    ws: Workspace, made: MadeCase, db_path: Path, tmp_path: Path
) -> None:
    ws.close()
    password = tmp_path / "pw"
    password.write_text(PASSWORD + "\n", encoding="utf-8")
    common = ["--db", db_path, "--user", DSL, "--password-file", password]
    out = tmp_path / "copy.pdf"
    done = casebook_here(
        "export-pdf",
        *common,
        "--case",
        made.reference,
        "--child",
        SHARED,
        "--redact",
        "group chat",
        "--encrypt",
        "--recipient",
        RECIPIENT,
        "--out",
        out,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    found = [line for line in lines if line.startswith("Passphrase: ")]
    assert len(found) == 1
    passphrase = found[0].removeprefix("Passphrase: ")
    assert re.fullmatch(r"[a-z]+(-[a-z]+){4}", passphrase)
    assert "by phone, never in the same email" in done.stdout
    assert "not encrypted" not in done.stdout
    assert any(line.startswith("Redacted: ") for line in lines)
    assert SHARED not in done.stdout
    text = opened(out.read_bytes(), passphrase)
    assert f"For the file of {SHARED}" in text and PICTURED not in text
    assert "group chat" not in text

    for bad, says in (
        (["--encrypt"], "--encrypt needs --recipient"),
        (["--recipient", RECIPIENT], "--recipient goes with --encrypt"),
        (["--redact", "x"], "--redact is for an extract"),
    ):
        target = tmp_path / "not-written.pdf"
        done = casebook_here("export-pdf", *common, "--case", made.reference, *bad, "--out", target)
        assert done.returncode == 1
        assert says in done.stderr and len(done.stderr.splitlines()) == 1
        assert "Traceback" not in done.stderr
        assert not target.exists()
