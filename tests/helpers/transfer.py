"""One child's file sent to a new school, made once per run and copied by each test.

A pack is age-encrypted with a passphrase (scrypt; in tests at the cheap cost of
tests/helpers/cheap_age.py). Tests about what a pack holds, or about importing
one, share the pack made here (a real pack, made by `printing.transfer_pack`
from a real database) and copy the sending school's folder when they change it.
Tests about making a pack, or about opening one, still make or open their own.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

from pyrage import passphrase as age_passphrase

from app import printing
from app.services import settings as settings_service
from app.services.workspace import Workspace, unlock
from app.transfer import pack
from tests.conftest import DSL, PASSWORD, copy_database
from tests.test_reports import PICTURED, MadeCase, make_case

NEW_SCHOOL = "Oakfield Academy"


def unzipped(data: bytes, passphrase: str) -> dict[str, bytes]:
    """The pack's parts, decrypted with the age library rather than Casebook's own code."""
    plain = age_passphrase.decrypt(data, passphrase)
    with zipfile.ZipFile(io.BytesIO(plain)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@dataclass(frozen=True)
class SentFile:
    """The sending school's folder after sending (database closed), and the pack."""

    school: Path  # holds casebook.db and its key slots: copy it, never open it in place
    made: MadeCase
    pack: printing.TransferPack  # its file is the shared one: read it, copy it to change it
    parts: dict[str, bytes]  # what the age library found inside the pack
    opened: pack.Opened  # what Casebook's pack.open_pack gave for it


def send_once(folder: Path, template: Path) -> SentFile:
    """A case with four young people (test_reports.make_case) and PICTURED's file sent."""
    db = folder / "school" / "casebook.db"
    copy_database(template, db)
    ws = unlock(db, DSL, PASSWORD)
    try:
        made = make_case(ws)
        sent = printing.transfer_pack(
            ws, made.reference, made.children[PICTURED], NEW_SCHOOL, folder / "out" / "pack.age"
        )
    finally:
        ws.close()
    data = sent.path.read_bytes()
    return SentFile(
        db.parent,
        made,
        sent,
        unzipped(data, sent.passphrase),
        pack.open_pack(data, sent.passphrase),
    )


def copy_of_pack(sent: SentFile, to: Path) -> printing.TransferPack:
    """The shared pack, copied to `to` for a test that may change or import the file."""
    to.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(sent.pack.path, to)
    return replace(sent.pack, path=to)


def open_sender(sent: SentFile, db_path: Path) -> Workspace:
    """The sending school's database, copied to db_path with every file beside it, signed in."""
    shutil.copytree(sent.school, db_path.parent)
    return unlock(db_path, DSL, PASSWORD)


def open_new_school(path: Path, template: Path, school: str = NEW_SCHOOL) -> Workspace:
    """The new school's own database (or another school's, named `school`), signed in."""
    copy_database(template, path)
    other = unlock(path, DSL, PASSWORD)
    with other.write() as s:
        settings_service.write(s, "school_name", school)
    return other
