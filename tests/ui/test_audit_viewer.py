"""The audit viewer's From / To days, and printing or saving the trail it shows."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from app.services import audit, cases, workspace
from app.services.audit_view import audit_trail
from app.services.workspace import Workspace
from app.storage import save_folder
from app.ui import print_dialog, save_pdf
from app.ui.print_dialog import a4_printer
from app.ui.qt import QComboBox, QLineEdit, QPrinter, Qt
from app.ui.security.audit_viewer import AuditViewer
from tests.helpers.ui import (
    DISPLAY_NAME,
    PASSWORD,
    USERNAME,
    assert_accessible,
    button_named,
    field,
    shown_texts,
)

NOT_REAL = "From: 31/02/2025 is not a real date. Check the day and the month."


@pytest.fixture
def dsl(db_path: Path, make_db: Callable[..., str], opened: list[Workspace]) -> Workspace:
    make_db()
    ws = workspace.unlock(db_path, USERNAME, PASSWORD)
    opened.append(ws)
    return ws


def _at(year: int, month: int, day: int, hour: int = 12) -> str:
    """The stored (UTC) time of a moment on the DSL's local day, whatever the zone."""
    return datetime(year, month, day, hour).astimezone().astimezone(UTC).isoformat()


@pytest.fixture
def march(dsl: Workspace) -> str:
    """A case viewed on 28 February, on 1, 15 and 31 March, and on 1 April 2025."""
    reference = cases.create_case(dsl).reference
    with dsl.write() as s:
        for day in ((2, 28), (3, 1), (3, 15), (3, 31), (4, 1)):
            audit.append(s, USERNAME, audit.Action.VIEWED, reference, "", at=_at(2025, *day))
    return reference


def viewer(qtbot: QtBot, ws: Workspace) -> AuditViewer:
    v = AuditViewer(ws)
    qtbot.addWidget(v)
    v.show()
    qtbot.waitExposed(v)
    with qtbot.waitActive(v):  # so that Tab moves the focus and leaving a field is seen
        v.activateWindow()
    return v


def type_into(qtbot: QtBot, v: AuditViewer, label: str, text: str) -> None:
    """Into the field, type over what is there (or delete it), and leave it with Tab."""
    edit = field(v, label, QLineEdit)
    edit.setFocus()
    edit.selectAll()
    if text:
        qtbot.keyClicks(edit, text)  # the first key replaces the selection
    else:
        qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClick(edit, Qt.Key.Key_Tab)


def days_shown(v: AuditViewer) -> list[str]:
    """The days of the entries shown, newest written first (today's come first of all)."""
    return [row[0][:10] for row in shown_texts(v, "Audit entries")]


def in_2025(v: AuditViewer) -> list[str]:
    return [day for day in days_shown(v) if day.endswith("/2025")]


def message_texts(v: AuditViewer) -> list[str]:
    return [m.text() for m in (v.filter_message, v.message) if m.isVisible()]


def test_typing_a_from_and_to_day_shows_those_days_only(
    qtbot: QtBot, dsl: Workspace, march: str
) -> None:
    v = viewer(qtbot, dsl)
    assert_accessible(v)
    total = len(audit_trail(dsl)[0])
    type_into(qtbot, v, "From", "01/03/2025")  # 28 February is left out; today is in
    assert in_2025(v) == ["01/04/2025", "31/03/2025", "15/03/2025", "01/03/2025"]
    assert len(days_shown(v)) == total - 1
    type_into(qtbot, v, "To", "31/03/2025")
    assert days_shown(v) == ["31/03/2025", "15/03/2025", "01/03/2025"]
    assert v.count.text() == f"Showing 3 of {total} entries, newest first."
    type_into(qtbot, v, "To", "01/03/2025")  # the same day, both ends
    assert days_shown(v) == ["01/03/2025"]
    type_into(qtbot, v, "From", "")  # an empty field leaves that end open
    assert days_shown(v) == ["01/03/2025", "28/02/2025"]
    # Combined with the other filters.
    type_into(qtbot, v, "To", "")
    type_into(qtbot, v, "From", "2025-03-15")
    what = field(v, "What", QComboBox)
    what.setCurrentIndex(what.findText("Viewed"))
    assert in_2025(v) == ["01/04/2025", "31/03/2025", "15/03/2025"]
    assert {r[2] for r in shown_texts(v, "Audit entries")} == {"Viewed"}
    assert message_texts(v) == []
    button_named(v, "Show all").click()
    assert field(v, "From", QLineEdit).text() == "" and len(days_shown(v)) == total


def test_a_bad_date_says_so_and_keeps_the_last_good_range(
    qtbot: QtBot, dsl: Workspace, march: str
) -> None:
    v = viewer(qtbot, dsl)
    type_into(qtbot, v, "From", "15/03/2025")
    shown = days_shown(v)
    type_into(qtbot, v, "From", "31/02/2025")
    assert message_texts(v) == [NOT_REAL]
    assert days_shown(v) == shown
    type_into(qtbot, v, "From", "01/03/2025")
    assert message_texts(v) == []
    type_into(qtbot, v, "To", "28/02/2025")
    assert message_texts(v) == [
        "The From date, 01/03/2025, is after the To date, 28/02/2025. Swap them, or clear one "
        "to leave that end open."
    ]
    type_into(qtbot, v, "From", "soon")
    assert message_texts(v) == ["From: enter a date as DD/MM/YYYY, for example 24/11/2026."]
    button_named(v, "Show all").click()
    assert message_texts(v) == []


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(BytesIO(data)).pages)


def settle(qtbot: QtBot, v: AuditViewer) -> None:
    qtbot.waitUntil(lambda: not v.working, timeout=20_000)


def test_save_as_pdf_saves_the_entries_shown_and_logs_it(
    qtbot: QtBot,
    dsl: Workspace,
    march: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for variable in save_folder.ONEDRIVE_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    save_pdf.forget_folder()
    target = tmp_path / "for the inspector"
    target.mkdir()
    opened_at: list[str] = []

    def choose(dialog: object) -> str:
        opened_at.append(dialog.selectedFiles()[0])  # type: ignore[attr-defined]
        return str(target / "trail")

    warned: list[str] = []
    monkeypatch.setattr(save_pdf, "run_file_dialog", choose)
    v = viewer(qtbot, dsl)
    monkeypatch.setattr(v, "confirm_unencrypted", lambda printer="": warned.append(printer) or True)
    type_into(qtbot, v, "From", "01/03/2025")
    type_into(qtbot, v, "To", "31/03/2025")
    before = len(audit_trail(dsl)[0])

    button_named(v, "Save as PDF…").click()
    settle(qtbot, v)
    saved = target / "trail.pdf"
    assert warned == [""]
    assert Path(opened_at[0]).name.startswith("audit-trail-")  # no name in the file's name
    assert v.message.text() == (
        f"Saved to {saved}. It is not encrypted: delete it when you no longer need it."
    )
    text = pdf_text(saved.read_bytes())
    assert "OFFICIAL-SENSITIVE" in text and "Page 1 of 1" in text
    assert f"Filter: from 01/03/2025 to 31/03/2025. 3 of {before} entries, newest first." in text
    assert text.count(f"{DISPLAY_NAME} ({USERNAME}) Viewed {march}") == 3
    assert "28/02/2025" not in text and "01/04/2025" not in text

    lines = audit_trail(dsl)[0]
    assert len(lines) == before + 1
    assert (lines[-1].action, lines[-1].detail) == (
        audit.Action.EXPORTED,
        f"audit trail, 3 of {before} entries; filter: from 01/03/2025 to 31/03/2025",
    )
    # The viewer heard of its own entry; it is outside the days chosen, so still 3 shown.
    assert len(v.lines) == before + 1 and len(days_shown(v)) == 3


def test_print_sends_the_pages_and_logs_a_print(
    qtbot: QtBot,
    dsl: Workspace,
    march: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    v = viewer(qtbot, dsl)
    paper = tmp_path / "paper.pdf"
    real_paint = print_dialog.paint_pdf
    painted: list[bytes] = []

    def paint(data: bytes, printer: QPrinter) -> int:
        painted.append(data)  # Linux has no printer to draw on: the pages go to a PDF
        out = a4_printer(QPrinter(QPrinter.PrinterMode.ScreenResolution))
        out.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        out.setOutputFileName(str(paper))
        return real_paint(data, out)

    monkeypatch.setattr(print_dialog, "paint_pdf", paint)
    monkeypatch.setattr(print_dialog, "printer_name", lambda printer: "Office laser")
    monkeypatch.setattr(v, "choose_printer", lambda printer: True)
    field(v, "Case reference", QLineEdit).setText(march)
    before = len(audit_trail(dsl)[0])

    button_named(v, "Print…").click()
    settle(qtbot, v)
    assert v.message.text() == "Sent 1 page(s) to the printer."
    assert paper.read_bytes().startswith(b"%PDF-")
    assert f"Filter: case {march}. 6 of {before} entries" in pdf_text(painted[0])
    last = audit_trail(dsl)[0][-1]
    assert (last.action, last.detail) == (
        audit.Action.PRINTED,
        f"audit trail, 6 of {before} entries; filter: case {march}",
    )


@pytest.mark.parametrize("button", ["Print…", "Save as PDF…"])
def test_nothing_is_printed_or_logged_while_a_date_or_the_case_box_is_wrong(
    qtbot: QtBot, dsl: Workspace, march: str, monkeypatch: pytest.MonkeyPatch, button: str
) -> None:
    v = viewer(qtbot, dsl)
    asked: list[str] = []
    monkeypatch.setattr(v, "choose_printer", lambda printer: asked.append("printer") or True)
    monkeypatch.setattr(v, "confirm_unencrypted", lambda printer="": asked.append("warn") or True)
    monkeypatch.setattr(save_pdf, "run_file_dialog", lambda d: asked.append("file") or "")
    before = len(audit_trail(dsl)[0])

    field(v, "From", QLineEdit).setText("31/02/2025")  # typed, not yet left
    button_named(v, button).click()
    assert message_texts(v) == [NOT_REAL]  # said once, beside the dates
    assert v.filter_message.isVisible()
    field(v, "From", QLineEdit).clear()
    assert message_texts(v) == []
    field(v, "Case reference", QLineEdit).setText("Anna Nowak")  # a name, by mistake
    button_named(v, button).click()
    assert message_texts(v) == [
        "The Case reference filter holds something that is not a case reference. Clear it, "
        "or type a reference such as 2026-0012, then print again."
    ]
    assert asked == [] and not v.working
    assert len(audit_trail(dsl)[0]) == before
