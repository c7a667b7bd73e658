"""Render a demo case's printed record and one child's extract to PNG, headless.

`python -m tools.screenshots.printed OUTDIR` writes OUTDIR/record_page_N.png and
OUTDIR/extract_page_N.png, for reviewing the printed layout without a printer, and
OUTDIR/scripts_record_page_N.png and scripts_extract_page_N.png: the same case
with the young people named, and their own words typed, in Arabic, Chinese and
other scripts (changed in memory only, never saved).
It uses a throwaway TRAINING database in a temporary folder (cheap key
derivation), never the user's own. Pages are rendered by QtPdf, as the print
dialog does; Qt is imported only when it runs (app.reports itself never needs it).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from app import printing
from app.models import CaseStatus, DecisionKind
from app.reports import render_case_pdf
from app.security.keyslots import KDF_ENV
from app.services import cases, followup, queries
from app.services.workspace import Workspace
from app.training import create_training_database

DEMO_CASES = 30
AS_OF = date(2026, 3, 2)  # a fixed day, so the same case is chosen every time
DPI = 110
USERNAME = "jsmith"
DISPLAY_NAME = "Jo Smith"  # printed as who signed the case off, with their role
PASSWORD = "Kettle lantern orbit 42"


def demo_case(ws: Workspace) -> str:
    """A closed case with the most young people: every section has something in it."""
    best: tuple[int, int, str] | None = None
    for line in queries.list_cases(ws):
        if line.status == CaseStatus.DRAFT:
            continue
        people = len(printing.children(ws, line.reference))
        score = (people, int(line.status == CaseStatus.CLOSED), line.reference)
        if best is None or score > best:
            best = score
    if best is None:
        raise RuntimeError("the demo database has no open case")
    return best[2]


LONG_ACCOUNT = (
    '"We were messaging after school and he kept asking. I said no at first & then I '
    "sent one because he said he'd stop talking to me if I didn't. I didn't know he had "
    'shown anyone until Monday <when everyone was looking at me>."\n\n'
    '"I want it gone. I don\'t want my mum to find out from someone else."'
)


def add_detail(ws: Workspace, reference: str) -> None:
    """What a case gathers after it opens: a long note, an amendment, a later decision."""
    case = cases.load_case(ws, reference, audit_view=False)
    people = case.rows("young_people")
    subject, other = people[1], people[0]
    talk = next(c for c in case.rows("conversations") if c.young_person_id == subject.id)
    cases.amend(
        ws,
        case.case.id,
        "conversations",
        talk.id,
        "own_words",
        LONG_ACCOUNT,
        "The pupil's full account, typed up from the handwritten notes of the conversation.",
    )
    opened = case.case.opened_at or case.case.created_at
    followup.add_chronology_entry(
        ws,
        case.case.id,
        opened.replace(hour=15, minute=40),
        f"Phone call from {other.name}'s mother, who had heard about the image from another "
        "parent. Explained that the school is dealing with it and that we cannot share "
        "details about other pupils. She asked whether the police were involved; told her "
        "that the police have been informed and that the school will contact her if "
        "they need to speak with her child.\nAgreed to call back on Friday.",
    )
    followup.record_decision(
        ws,
        case.case.id,
        DecisionKind.DELETION,
        "Ask the pupils who received the image to delete it, once the police agree",
        "Police are involved, so nothing is deleted until the officer confirms the evidence "
        "has been secured; after that, deletion protects the pupil pictured from further "
        "sharing. Pupils & parents to confirm in writing.",
    )


# Names and own words in other scripts, for the scripts pages.
SCRIPT_PEOPLE = (
    ("محمد علي", "لم أرد أن أرسلها. قال إنه سيحذفها."),
    ("王小明", "我不想发给任何人。"),
    ("প্রিয়া দাস", "আমি এটা পাঠাতে চাইনি"),
    ("Nguyễn Thị Hương", "Em không muốn gửi ảnh đó 😢"),
)


def scripts_pdfs(ws: Workspace, reference: str) -> tuple[bytes, bytes]:
    """The record and the first child's extract, people renamed in other scripts."""
    record = cases.load_case(ws, reference, audit_view=False)
    people = record.rows("young_people")
    for person, (name, words) in zip(people, SCRIPT_PEOPLE, strict=False):
        person.name = name
        for talk in record.rows("conversations"):
            if talk.young_person_id == person.id:
                talk.own_words = words
    settings = ws.settings()

    def render(child_id: int | None) -> bytes:
        return render_case_pdf(
            record,
            school=settings["school_name"],
            marking=settings["protective_marking"],
            printed_by=ws.account.display_name,
            training=True,
            child_id=child_id,
        )

    return render(None), render(people[0].id)


def _save_pages(data: bytes, out: Path, prefix: str) -> list[Path]:
    made = []
    from app.ui.print_dialog import page_images

    for number, image in enumerate(page_images(data, DPI), start=1):
        path = out / f"{prefix}_page_{number}.png"
        if not image.save(str(path)):
            raise OSError(f"could not write {path}")
        made.append(path)
    return made


def _grab(
    widget: Any,
    out: Path,
    name: str,
    busy: Callable[[], bool] = lambda: False,
    size: tuple[int, int] | None = None,
) -> Path:
    from app.ui.qt import QApplication

    if size is not None:
        widget.resize(*size)
    else:
        widget.resize(widget.sizeHint().expandedTo(widget.minimumSize()))
    widget.show()
    deadline = time.monotonic() + 60
    while True:  # let the layout settle, and a list made in the background arrive
        for _ in range(5):
            QApplication.processEvents()
        if not busy() or time.monotonic() > deadline:
            break
        time.sleep(0.02)
    path = out / f"{name}.png"
    if not widget.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    widget.close()
    return path


def _save_dialogs(ws: Workspace, reference: str, child_id: int, out: Path) -> list[Path]:
    """The extract's redaction preview and an encrypted copy's passphrase, shown once."""
    from app.security.passphrase import new_passphrase
    from app.ui.encrypted_copy import PassphraseDialog, RecipientDialog
    from app.ui.print_dialog import PrintRecordDialog
    from app.ui.redaction_preview import RedactionPreviewDialog

    chooser = PrintRecordDialog(ws, reference)
    chooser.select_child(child_id)
    made = [_grab(chooser, out, "print_dialog_extract")]

    preview = RedactionPreviewDialog(
        ws, reference, child_id, include_history=False, words=("Rovers",), go_on="Print…"
    )
    made.append(
        _grab(preview, out, "extract_redaction_preview", lambda: preview.working, (900, 720))
    )
    who = RecipientDialog()
    who.recipient_field.setText("PC 1234 Khan, Northshire Police")
    made.append(_grab(who, out, "encrypted_copy_recipient"))
    shown = PassphraseDialog(
        new_passphrase(),
        "PC 1234 Khan, Northshire Police",
        "C:\\Users\\jsmith\\Documents\\case-2026-0007-encrypted.pdf",
        None,
    )
    made.append(_grab(shown, out, "encrypted_copy_passphrase"))
    return made


def render_all(out: Path) -> list[Path]:
    """Write the PNGs; needs a QApplication (for QtPdf)."""
    out.mkdir(parents=True, exist_ok=True)
    for old in [
        *out.glob("record_page_*.png"),
        *out.glob("extract_page_*.png"),
        *out.glob("scripts_*_page_*.png"),
    ]:
        old.unlink()
    made: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        ws, _recovery = create_training_database(
            Path(tmp) / "training.casebook",
            USERNAME,
            PASSWORD,
            DEMO_CASES,
            as_of=AS_OF,
            display_name=DISPLAY_NAME,
        )
        try:
            reference = demo_case(ws)
            add_detail(ws, reference)
            record = printing.case_pdf(ws, reference, include_history=True, purpose="exported")
            made += _save_pages(record, out, "record")
            child = printing.children(ws, reference)[1]
            extract = printing.case_pdf(ws, reference, child_id=child.id, purpose="exported")
            made += _save_pages(extract, out, "extract")
            made += _save_dialogs(ws, reference, child.id, out)
            in_scripts, extract_in_scripts = scripts_pdfs(ws, reference)
            made += _save_pages(in_scripts, out, "scripts_record")
            made += _save_pages(extract_in_scripts, out, "scripts_extract")
        finally:
            ws.close()
    return made


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m tools.screenshots.printed OUTDIR", file=sys.stderr)
        return 2
    # Set here, not on import: no display needed, and a cheap key derivation for
    # the throwaway database only (read when its key is made; stored in its key file).
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ[KDF_ENV] = "fast"
    from app.ui.qt import QApplication

    app = QApplication.instance() or QApplication([])
    made = render_all(Path(argv[0]))
    for path in made:
        print(path)
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
