"""Files received from another school, for tests of what the receiving school does next.

A pack is made the way a sending school makes one (`printing.transfer_pack`, an
opened case with the one child in it) and opened with its passphrase; a test
then imports the opened pack into its own receiving database. Making and opening
a pack costs a second or two (age's passphrase key), so a module makes its packs
once and imports them into each test's database.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from app import printing
from app.models import YoungPerson
from app.services import cases
from app.services.workspace import Workspace
from app.transfer import pack
from tests.helpers.transfer import NEW_SCHOOL, open_new_school

SENDING_SCHOOL = "Hillside Primary"


def sent_pack(sender: Workspace, folder: Path, name: str, born: date | None) -> pack.Opened:
    """One child's file sent from `sender` (a case of their own, opened), as the new
    school opens it."""
    case = cases.create_case(sender)
    with sender.write() as s:
        person = YoungPerson(case_id=case.id, name=name, date_of_birth=born, roles=["pictured"])
        s.add(person)
        s.flush()
        child = person.id
    cases.open_case(sender, case.id)
    made = printing.transfer_pack(
        sender, case.reference, child, NEW_SCHOOL, folder / f"pack-{child}.age"
    )
    return pack.open_pack(made.path.read_bytes(), made.passphrase)


def packs_from(
    template: Path, folder: Path, children: dict[str, date | None]
) -> dict[str, pack.Opened]:
    """Each child's file (name: date of birth, or None) sent from a school of its own."""
    sender = open_new_school(folder / "sender" / "casebook.db", template, SENDING_SCHOOL)
    try:
        return {name: sent_pack(sender, folder, name, born) for name, born in children.items()}
    finally:
        sender.close()
